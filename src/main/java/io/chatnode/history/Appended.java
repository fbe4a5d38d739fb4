package io.chatnode.history;

import java.io.Serializable;
import java.util.Set;

/**
 * What storing a room message gave it, and where it must go.
 *
 * @param seq its number in the room
 * @param prev the number of the room's message before it (0: the first of its log); a node
 *     releases this message to its members once it has released {@code prev}
 * @param time when it was stored, milliseconds since 1970-01-01T00:00Z
 * @param watchers the nodes that had members in the room when it was stored: exactly those that
 *     must receive it
 */
public record Appended(long seq, long prev, long time, Set<String> watchers) implements Serializable {
  private static final long serialVersionUID = 1L;

  public Appended {
    watchers = Set.copyOf(watchers);
  }
}
