package io.chatnode.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One room's {@code seq} -> message, shared by every subscriber of a run (on every node): the
 * first subscriber to receive a {@code seq} writes down which message it numbered, and each other
 * subscriber checks it got the same. Message ids are positive ({@link #messageId}). Chunked by
 * {@code seq}, so that memory follows the seqs seen; a check is one volatile read when it agrees,
 * so subscribers on both event loops mostly share the chunk's cache lines for reading.
 */
final class SeqLedger {

  private static final int CHUNK_BITS = 16;
  private static final int CHUNK = 1 << CHUNK_BITS;

  private final ConcurrentHashMap<Long, AtomicLongArray> chunks = new ConcurrentHashMap<>();

  /** A message's id from its publisher and that publisher's own number; never 0. */
  static long messageId(long publisher, long publisherSeq) {
    return (publisher << 40) | (publisherSeq + 1);
  }

  /** A cursor for one subscriber: it keeps the chunk it used last. */
  Cursor cursor() {
    return new Cursor();
  }

  final class Cursor {
    private long chunkIndex = -1;
    private AtomicLongArray chunk;

    /** Writes down or checks {@code seq -> id}; false if another subscriber had another message under {@code seq}. */
    boolean agrees(long seq, long id) {
      long index = seq >>> CHUNK_BITS;
      if (index != chunkIndex) {
        chunk = chunks.computeIfAbsent(index, k -> new AtomicLongArray(CHUNK));
        chunkIndex = index;
      }
      int slot = (int) (seq & (CHUNK - 1));
      long seen = chunk.get(slot);
      if (seen == 0) {
        seen = chunk.compareAndExchange(slot, 0, id);
        if (seen == 0) {
          return true;
        }
      }
      return seen == id;
    }
  }
}
