package io.chatnode.protocol;

/**
 * The version 1.1 lines about room history: {@code hist} lines before a {@code history} reply,
 * the reply itself, and the {@code lost} push of a slow {@code tags} consumer. Pure.
 */
public final class HistoryLines {

  private HistoryLines() {}

  /** {@code hist <room> <seq> <time> <from> <text>}. */
  public static String hist(String room, long seq, long timeMillis, String from, String text) {
    return "hist " + room + " " + seq + " " + WireTime.format(timeMillis) + " " + from + " " + text;
  }

  /** {@code ok count=<n> latest=<seq>}, and {@code  lost=<first>-<last>} when {@code lost} is not null. */
  public static String reply(int count, long latest, SeqRange lost) {
    String result = "count=" + count + " latest=" + latest;
    return Replies.ok(lost == null ? result : result + " lost=" + lost.wire());
  }

  /** {@code lost <room> <first>-<last>}: room messages dropped for this connection alone. */
  public static String lost(String room, SeqRange range) {
    return "lost " + room + " " + range.wire();
  }
}
