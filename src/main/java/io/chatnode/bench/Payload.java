package io.chatnode.bench;

/**
 * A published message's text, of a fixed size: {@code #<publisher> <seq> <sendNanos> } then
 * {@code x} up to the size. The send time travels in the message, so a subscriber measures the
 * delivery latency with no shared state; publisher and sequence number check loss and order.
 * Encoding and decoding allocate nothing.
 */
final class Payload {

  /** Room for {@code #} and three numbers of up to 19 digits and their spaces. */
  static final int MIN_SIZE = 48;

  private Payload() {}

  /** Writes the payload into {@code out} at {@code at}; returns the offset after it. */
  static int write(byte[] out, int at, int size, int publisher, long seq, long sendNanos) {
    int end = at + size;
    int p = at;
    out[p++] = '#';
    p = writeLong(out, p, publisher);
    out[p++] = ' ';
    p = writeLong(out, p, seq);
    out[p++] = ' ';
    p = writeLong(out, p, sendNanos);
    out[p++] = ' ';
    while (p < end) {
      out[p++] = 'x';
    }
    return end;
  }

  private static int writeLong(byte[] out, int at, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative: " + value);
    }
    int digits = 1;
    for (long v = value / 10; v != 0; v /= 10) {
      digits++;
    }
    int p = at + digits;
    long v = value;
    do {
      out[--p] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    return at + digits;
  }

  /** The three numbers of a payload at {@code at}, into {@code into}; false if it is not one. */
  static boolean read(byte[] l, int at, int len, long[] into) {
    if (at >= len || l[at] != '#') {
      return false;
    }
    int p = at + 1;
    for (int field = 0; field < 3; field++) {
      long v = 0;
      int start = p;
      while (p < len && l[p] >= '0' && l[p] <= '9') {
        v = v * 10 + (l[p++] - '0');
      }
      if (p == start || p >= len || l[p] != ' ') {
        return false;
      }
      into[field] = v;
      p++;
    }
    return true;
  }
}
