package io.chatnode.bridge;

import io.vertx.core.buffer.Buffer;

/**
 * Splits a byte stream into the frames of Vert.x's TCP event-bus bridge: a 4-byte big-endian
 * length, then that many bytes of UTF-8 JSON. Unlike the stock bridge's parser it refuses a length
 * above the cap as soon as the prefix is read, so a client cannot make the node buffer a frame it
 * will never accept. Pure (no I/O): fed buffers, it calls its {@link Sink}. Not thread-safe; one
 * per connection, on its event loop.
 */
public final class FrameDecoder {

  /** Where decoded frames go. */
  public interface Sink {
    /** One frame's JSON bytes (the length prefix removed). */
    void frame(Buffer json);

    /** A length prefix above the cap (or negative): the decoder stops; the caller closes. */
    void tooLarge(long length);
  }

  static final int PREFIX_BYTES = 4;

  private final int maxFrameBytes;
  private final Sink sink;
  private Buffer pending = Buffer.buffer();
  private boolean failed;

  public FrameDecoder(int maxFrameBytes, Sink sink) {
    this.maxFrameBytes = maxFrameBytes;
    this.sink = sink;
  }

  /** Takes the next bytes of the stream; after a {@code tooLarge} everything is ignored. */
  public void feed(Buffer data) {
    if (failed) {
      return;
    }
    pending.appendBuffer(data);
    int at = 0;
    while (pending.length() - at >= PREFIX_BYTES) {
      long length = pending.getUnsignedInt(at);
      if (length > maxFrameBytes) {
        failed = true;
        pending = Buffer.buffer();
        sink.tooLarge(length);
        return;
      }
      if (pending.length() - at - PREFIX_BYTES < length) {
        break;
      }
      sink.frame(pending.getBuffer(at + PREFIX_BYTES, at + PREFIX_BYTES + (int) length));
      if (failed) {
        return;
      }
      at += PREFIX_BYTES + (int) length;
    }
    pending = at == 0 ? pending : pending.getBuffer(at, pending.length());
  }

  /** Bytes held for an incomplete frame: never more than the cap plus a prefix. */
  public int buffered() {
    return pending.length();
  }

  /** One frame on the wire: the length prefix and the JSON. */
  public static Buffer encode(io.vertx.core.json.JsonObject json) {
    Buffer body = json.toBuffer();
    return Buffer.buffer(PREFIX_BYTES + body.length()).appendInt(body.length()).appendBuffer(body);
  }

  /** Stops decoding (the connection is closing). */
  public void stop() {
    failed = true;
    pending = Buffer.buffer();
  }
}
