package io.chatnode.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.eventbus.bridge.tcp.impl.protocol.FrameHelper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bridge's framing, without sockets, against the stock bridge's encoder. */
class FrameDecoderTest {

  private final List<JsonObject> frames = new ArrayList<>();
  private final List<Long> tooLarge = new ArrayList<>();

  private FrameDecoder decoder(int max) {
    return new FrameDecoder(max, new FrameDecoder.Sink() {
      @Override
      public void frame(Buffer json) {
        frames.add(new JsonObject(json));
      }

      @Override
      public void tooLarge(long length) {
        tooLarge.add(length);
      }
    });
  }

  /** The bytes Vert.x's own bridge writes for this frame. */
  private static Buffer stock(JsonObject frame) {
    Buffer out = Buffer.buffer();
    FrameHelper.writeFrame(frame, new CollectingStream(out));
    return out;
  }

  @Test
  void encodesExactlyAsTheStockBridge() {
    JsonObject frame = new JsonObject().put("type", "message").put("address", "a").put("body", new JsonObject().put("é", 1));
    assertEquals(stock(frame), FrameDecoder.encode(frame));
  }

  @Test
  void decodesFramesSplitAnywhereAndSeveralPerRead() {
    Buffer two = stock(new JsonObject().put("n", 1)).appendBuffer(stock(new JsonObject().put("n", 2)));
    FrameDecoder decoder = decoder(1024);
    for (int i = 0; i < two.length(); i++) {
      decoder.feed(two.getBuffer(i, i + 1));
    }
    decoder.feed(two);
    assertEquals(List.of(1, 2, 1, 2), frames.stream().map(f -> f.getInteger("n")).toList());
    assertEquals(0, decoder.buffered());
  }

  @Test
  void aFrameOfExactlyTheCapIsTakenOneByteMoreIsRefusedOnItsPrefixAlone() {
    JsonObject atCap = new JsonObject().put("t", "x".repeat(20));
    int cap = atCap.toBuffer().length();
    decoder(cap).feed(stock(atCap));
    assertEquals(1, frames.size());

    FrameDecoder small = decoder(cap - 1);
    small.feed(Buffer.buffer().appendInt(cap)); // only the prefix: refused before any body byte
    assertEquals(List.of((long) cap), tooLarge);
    assertEquals(0, small.buffered());
    small.feed(stock(atCap)); // nothing more is decoded
    assertEquals(1, frames.size());
  }

  @Test
  void aLengthAboveTwoGigabytesIsRefusedNotReadAsNegative() {
    decoder(1024).feed(Buffer.buffer().appendUnsignedInt(0xFFFF_FFFFL));
    assertEquals(List.of(0xFFFF_FFFFL), tooLarge);
  }

  @Test
  void holdsNoMoreThanOneFrameOfTheCap() {
    FrameDecoder decoder = decoder(100);
    decoder.feed(Buffer.buffer().appendInt(100).appendBytes(new byte[60]));
    assertTrue(decoder.buffered() <= 104);
  }

  /** A WriteStream that appends to a buffer. */
  private static final class CollectingStream implements io.vertx.core.streams.WriteStream<Buffer> {
    private final Buffer out;

    CollectingStream(Buffer out) {
      this.out = out;
    }

    @Override
    public io.vertx.core.streams.WriteStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      return this;
    }

    @Override
    public io.vertx.core.Future<Void> write(Buffer data) {
      out.appendBuffer(data);
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public io.vertx.core.Future<Void> end() {
      return io.vertx.core.Future.succeededFuture();
    }

    @Override
    public io.vertx.core.streams.WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public io.vertx.core.streams.WriteStream<Buffer> drainHandler(io.vertx.core.Handler<Void> handler) {
      return this;
    }
  }
}
