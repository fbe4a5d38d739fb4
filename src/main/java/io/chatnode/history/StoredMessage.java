package io.chatnode.history;

import java.io.Serializable;

/**
 * A room message as the history keeps it.
 *
 * @param seq its number in the room
 * @param time when it was stored, milliseconds since 1970-01-01T00:00Z
 */
public record StoredMessage(long seq, long time, String from, String text) implements Serializable {
  private static final long serialVersionUID = 1L;
}
