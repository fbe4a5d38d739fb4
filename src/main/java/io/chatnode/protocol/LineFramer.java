package io.chatnode.protocol;

import java.util.Arrays;

/**
 * Splits a byte stream into LF-terminated lines, bounded in memory.
 *
 * <p>A CR right before the LF is dropped. A line whose content is longer than {@code maxLineBytes}
 * is reported once through {@link Sink#tooLong()}; the rest of it, up to the next LF, is skipped
 * without being buffered, and the stream stays usable. The framer never holds more than
 * {@code maxLineBytes + 1} bytes of a partial line (the one extra byte is a possible CR).
 *
 * <p>Pure: no I/O, no threads; one instance per connection, used from one thread.
 */
public final class LineFramer {

  /** Receives what the framer finds, in stream order. */
  public interface Sink {
    /** A complete line, LF and trailing CR removed; {@code bytes} is only valid during the call. */
    void line(byte[] bytes, int offset, int length);

    /** A line exceeded the limit; called once per such line, as soon as that is known. */
    void tooLong();
  }

  private static final byte LF = '\n';
  private static final byte CR = '\r';

  /** What an idle connection holds: one shared empty array until a line arrives in pieces. */
  private static final byte[] NONE = new byte[0];

  private final int maxLineBytes;
  private byte[] partial = NONE;
  private int partialLength;
  private boolean discarding;

  public LineFramer(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be positive");
    }
    this.maxLineBytes = maxLineBytes;
  }

  /** Feeds {@code length} bytes of {@code data} from {@code offset}; calls {@code sink} for each event. */
  public void feed(byte[] data, int offset, int length, Sink sink) {
    int end = offset + length;
    int start = offset;
    for (int i = offset; i < end; i++) {
      if (data[i] == LF) {
        endOfLine(data, start, i, sink);
        start = i + 1;
      }
    }
    if (start < end) {
      keepPartial(data, start, end, sink);
    }
  }

  /** Bytes of an unfinished line currently held (for tests and accounting). */
  public int bufferedBytes() {
    return partialLength;
  }

  private void endOfLine(byte[] data, int start, int lf, Sink sink) {
    if (discarding) {
      discarding = false;
      partialLength = 0;
      return;
    }
    byte[] line;
    int from;
    int length;
    if (partialLength == 0) {
      line = data;
      from = start;
      length = lf - start;
    } else {
      append(data, start, lf);
      line = partial;
      from = 0;
      length = partialLength;
      partialLength = 0;
    }
    if (length > 0 && line[from + length - 1] == CR) {
      length--;
    }
    if (length > maxLineBytes) {
      sink.tooLong();
    } else {
      sink.line(line, from, length);
    }
  }

  private void keepPartial(byte[] data, int start, int end, Sink sink) {
    if (discarding) {
      return;
    }
    if (partialLength + (end - start) > maxLineBytes + 1) {
      discarding = true;
      partialLength = 0;
      partial = NONE;
      sink.tooLong();
      return;
    }
    append(data, start, end);
  }

  private void append(byte[] data, int start, int end) {
    int needed = partialLength + (end - start);
    if (needed > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(needed, Math.min(maxLineBytes + 1, Math.max(64, partial.length * 2))));
    }
    System.arraycopy(data, start, partial, partialLength, end - start);
    partialLength = needed;
  }
}
