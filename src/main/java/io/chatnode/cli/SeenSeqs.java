package io.chatnode.cli;

import java.util.TreeSet;

/**
 * The message numbers ({@code seq}) of one room that the user has been shown: what makes a
 * message that arrives twice (live and from history) appear once. Pure.
 *
 * <p>Memory is bounded: beyond {@link #KEPT} numbers the oldest are forgotten, and every number at
 * or below the oldest forgotten one counts as seen. A duplicate can only be told from a new
 * message within that window, which is far wider than anything a node re-sends (a lost range
 * spans at most what one connection's queue held while it was full).
 */
final class SeenSeqs {

  static final int KEPT = 10_000;

  private final TreeSet<Long> seqs = new TreeSet<>();
  private final int kept;
  /** Every seq at or below it counts as seen: forgotten to bound memory. */
  private long floor;

  SeenSeqs() {
    this(KEPT);
  }

  SeenSeqs(int kept) {
    this.kept = kept;
  }

  boolean contains(long seq) {
    return seq <= floor || seqs.contains(seq);
  }

  /** Remembers {@code seq}; false if it was seen already. */
  boolean add(long seq) {
    if (contains(seq)) {
      return false;
    }
    seqs.add(seq);
    if (seqs.size() > kept) {
      floor = seqs.pollFirst();
    }
    return true;
  }

  void clear() {
    seqs.clear();
    floor = 0;
  }
}
