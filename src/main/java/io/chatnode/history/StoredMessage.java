package io.chatnode.history;

import java.io.Serializable;

/**
 * A room message as the history keeps it.
 *
 * @param seq its number in the room
 * @param time when it was stored, milliseconds since 1970-01-01T00:00Z
 * @param conn the sender's connection, or null: a node that delivers the stored copy (its own
 *     came too late) must not echo it to its sender; never shown to clients
 */
public record StoredMessage(long seq, long time, String from, String text, String conn) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A message without a sending connection (an announcement, or as a test writes it). */
  public StoredMessage(long seq, long time, String from, String text) {
    this(seq, time, from, text, null);
  }
}
