package io.chatnode.node;

import io.chatnode.protocol.HistoryLines;
import io.chatnode.protocol.SeqRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room messages dropped for one slow {@code tags} connection, as one range per room from the
 * first dropped number to the last: what it is told with {@code lost <room> <first>-<last>} once
 * its queue has room again. A range may span numbers that were delivered in between (a drop, a
 * delivery when the queue briefly had room, another drop); the client's {@code history ... after}
 * returns them again and it drops the ones it has, so nothing is missed and nothing shown twice.
 */
final class LostRanges {

  private final Map<String, SeqRange> rooms = new LinkedHashMap<>();
  private long dropped;

  /** Message {@code seq} of {@code room} was not queued for this connection. */
  void dropped(String room, long seq) {
    dropped++;
    rooms.merge(room, new SeqRange(seq, seq), (had, now) -> new SeqRange(Math.min(had.first(), seq), Math.max(had.last(), seq)));
  }

  boolean isEmpty() {
    return rooms.isEmpty();
  }

  /** Messages dropped since this connection opened. */
  long droppedTotal() {
    return dropped;
  }

  /** The {@code lost} lines owed, one per room in the order of their first drop; forgets them. */
  List<String> drainNotices() {
    List<String> lines = new ArrayList<>(rooms.size());
    rooms.forEach((room, range) -> lines.add(HistoryLines.lost(room, range)));
    rooms.clear();
    return lines;
  }
}
