package io.chatnode.history;

import java.io.Serializable;
import java.util.UUID;

/**
 * The numbering of rooms' messages: an id that changes exactly when numbering restarts (the whole
 * cluster, or a single node, started afresh), and when that was.
 *
 * @param startMillis when the numbering started; fresh room logs number from the milliseconds
 *     since then (see {@link RoomLog})
 */
public record Epoch(String id, long startMillis) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A new epoch starting at {@code now}: 12 hex digits of a random UUID. */
  public static Epoch fresh(long now) {
    return new Epoch(UUID.randomUUID().toString().replace("-", "").substring(0, 12), now);
  }
}
