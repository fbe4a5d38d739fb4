package io.chatnode.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What a resuming client has of a room, kept as a protocol 1.1 client keeps it: the newest
 * {@code seq} it has, and while it fills a gap with {@code history <room> after <seq>}, the live
 * messages that arrive meanwhile, held back and then applied (those whose {@code seq} it already
 * has dropped, as the protocol says). Each applied message is marked by its publisher and that
 * publisher's number, so that at the end what is missing and what came twice are counted exactly.
 * Pure: no I/O, one thread.
 */
final class ResumeLog {

  private final List<BitSet> byPublisher = new ArrayList<>();
  private long[] held = new long[48];
  private int heldCount;
  private boolean filling;
  private long lastLive;

  /** The newest seq applied; {@code history ... after} this fills a gap. */
  long highSeq;
  long applied;
  long duplicates;
  /** live or history messages dropped because their seq was already had (the expected overlap). */
  long overlap;
  /** live messages whose seq was not above the one before on the same connection: out of seq order. */
  long liveStepsBack;
  /** messages the node said it no longer had ({@code lost=} in a history reply). */
  long reportedLost;

  boolean filling() {
    return filling;
  }

  /** A new connection: its live messages start a new run of seqs. */
  void newConnection() {
    lastLive = 0;
  }

  /** A gap fill begins: live messages are held back until {@link #historyReply} says it is done. */
  void startFill() {
    filling = true;
  }

  /** A live {@code msg} of the room. */
  void live(long seq, long publisher, long publisherSeq) {
    if (seq <= lastLive) {
      liveStepsBack++; // one connection's live messages out of seq order
    }
    lastLive = Math.max(lastLive, seq);
    if (filling) {
      if (heldCount + 3 > held.length) {
        held = Arrays.copyOf(held, held.length * 2);
      }
      held[heldCount++] = seq;
      held[heldCount++] = publisher;
      held[heldCount++] = publisherSeq;
    } else {
      apply(seq, publisher, publisherSeq);
    }
  }

  /** A {@code hist} line of the current fill. */
  void history(long seq, long publisher, long publisherSeq) {
    apply(seq, publisher, publisherSeq);
  }

  /**
   * The reply to a fill's {@code history} request ({@code ok count=<n> latest=<seq> [lost=a-b]}):
   * true if the gap is filled (nothing more, or the newest seq reached), and the held-back live
   * messages are then applied; false if another request {@code after highSeq} is needed.
   */
  boolean historyReply(long count, long latest, long lostFirst, long lostLast) {
    if (lostFirst > 0 && lostLast >= lostFirst) {
      reportedLost += lostLast - lostFirst + 1;
    }
    if (count > 0 && highSeq < latest) {
      return false;
    }
    filling = false;
    for (int i = 0; i < heldCount; i += 3) {
      apply(held[i], held[i + 1], held[i + 2]);
    }
    heldCount = 0;
    return true;
  }

  private void apply(long seq, long publisher, long publisherSeq) {
    if (seq <= highSeq) {
      overlap++;
      return;
    }
    highSeq = seq;
    applied++;
    while (byPublisher.size() <= publisher) {
      byPublisher.add(new BitSet());
    }
    BitSet seen = byPublisher.get((int) publisher);
    if (seen.get((int) publisherSeq)) {
      duplicates++;
    } else {
      seen.set((int) publisherSeq);
    }
  }

  /**
   * Messages sent but never applied: {@code sent[p]} is how many publisher {@code p} sent, numbered
   * 1 to {@code sent[p]}.
   */
  long missing(long[] sent) {
    long missing = 0;
    for (int p = 0; p < sent.length; p++) {
      BitSet seen = p < byPublisher.size() ? byPublisher.get(p) : new BitSet();
      missing += sent[p] - seen.get(1, (int) sent[p] + 1).cardinality();
    }
    return missing;
  }
}
