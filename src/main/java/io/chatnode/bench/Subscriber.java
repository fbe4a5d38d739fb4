package io.chatnode.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A room member (chatnode) or channel subscriber (Redis) that counts deliveries, checks each
 * publisher's sequence numbers for loss and order, and records delivery latency from the send
 * time carried in the message. A stalled subscriber stops reading once subscribed, to play the
 * slow consumer.
 */
final class Subscriber extends BenchConn {

  private static final Buffer PING = Buffer.buffer("ping\n");

  private final String room;
  private final Window window;
  private final boolean stalled;
  final Histogram latency;
  private final long[] lastSeq;
  private final long[] fields = new long[3];

  long received;
  long inWindow;
  long orderViolations;
  long malformed;
  long firstReceipt = Long.MAX_VALUE;
  long lastReceipt;
  private long expected = Long.MAX_VALUE;
  final Promise<Void> complete = Promise.promise();

  Subscriber(Proto proto, String room, int publishers, Window window, boolean stalled) {
    super(proto);
    this.room = room;
    this.window = window;
    this.stalled = stalled;
    this.latency = stalled ? null : Stats.newHistogram();
    this.lastSeq = new long[publishers];
  }

  @Override
  Buffer setup() {
    return proto.subscribe(room);
  }

  @Override
  void onLine(byte[] l, int len) {
    if (proto == Proto.CHATNODE) {
      long idleSeconds = Proto.helloIdleSeconds(l, len);
      if (idleSeconds > 0 && !stalled) {
        // A subscriber only reads; like any client it pings within the node's idle timeout, or a
        // run longer than the timeout (the 10-minute soak) would see it closed as idle.
        every(TimeUnit.SECONDS.toMillis(idleSeconds) / 3, PING);
        return;
      }
      if (Proto.isChatReply(l, len)) {
        if (Proto.isChatError(l, len)) {
          ready.tryFail(new String(l, 0, len, StandardCharsets.UTF_8));
        } else if (ready.tryComplete() && stalled) {
          socket.pause();
        }
        return;
      }
      int text = Proto.chatMessageText(l, len);
      if (text >= 0) {
        message(l, text, len);
      }
    } else if (len > 0) {
      switch (l[0]) {
        case ':' -> {
          if (ready.tryComplete() && stalled) {
            socket.pause();
          }
        }
        case '#' -> message(l, 0, len);
        case '-' -> ready.tryFail(new String(l, 0, len, StandardCharsets.UTF_8));
        default -> { }
      }
    }
  }

  private void message(byte[] l, int at, int len) {
    if (stalled) {
      return; // a stalled subscriber is only there to be slow; what it reads at the end is not counted
    }
    long now = System.nanoTime();
    if (!Payload.read(l, at, len, fields)) {
      malformed++;
      return;
    }
    int publisher = (int) fields[0];
    long seq = fields[1];
    long sent = fields[2];
    received++;
    if (firstReceipt == Long.MAX_VALUE) {
      firstReceipt = now;
    }
    lastReceipt = now;
    if (now >= window.from && now <= window.to) {
      inWindow++;
    }
    if (sent >= window.from) {
      latency.recordValue(Math.min(Math.max(0, now - sent), Stats.HIGHEST));
    }
    if (publisher < 0 || publisher >= lastSeq.length) {
      malformed++;
    } else {
      if (seq != lastSeq[publisher] + 1) {
        orderViolations++;
      }
      if (seq > lastSeq[publisher]) {
        lastSeq[publisher] = seq;
      }
    }
    if (received >= expected) {
      complete.tryComplete();
    }
  }

  /** Tells how many messages to expect in all; completes {@link #complete} once they are in. */
  void expect(long total) {
    expected = total;
    if (received >= expected || isClosed) {
      complete.tryComplete();
    }
  }

  @Override
  void onClose() {
    complete.tryComplete();
  }
}
