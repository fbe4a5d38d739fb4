package io.chatnode.history;

import io.chatnode.protocol.SeqRange;
import java.io.Serializable;
import java.util.List;

/**
 * The answer to one history query.
 *
 * @param messages oldest first
 * @param latest the newest number the room has given (0 if none), kept or not
 * @param lostFirst with {@code lostLast}: the numbers an {@code after} query asked for that are no
 *     longer kept; both 0 when none are
 */
public record HistoryPage(List<StoredMessage> messages, long latest, long lostFirst, long lostLast)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public HistoryPage {
    messages = List.copyOf(messages);
  }

  /** The numbers asked for that are gone, or null. */
  public SeqRange lost() {
    return SeqRange.ofNonEmpty(lostFirst, lostLast);
  }
}
