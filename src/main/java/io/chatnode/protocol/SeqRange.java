package io.chatnode.protocol;

/** An inclusive range of a room's message numbers, {@code first <= last}, both at least 1. */
public record SeqRange(long first, long last) {

  public SeqRange {
    if (first < 1 || last < first) {
      throw new IllegalArgumentException("not a range: " + first + "-" + last);
    }
  }

  /** The range from {@code first} to {@code last}, or null when it would be empty. */
  public static SeqRange ofNonEmpty(long first, long last) {
    return first >= 1 && last >= first ? new SeqRange(first, last) : null;
  }

  /** This range and {@code seq} (which must not lie below it), as one range. */
  public SeqRange extendedTo(long seq) {
    return new SeqRange(first, Math.max(last, seq));
  }

  /** {@code <first>-<last>}. */
  public String wire() {
    return first + "-" + last;
  }
}
