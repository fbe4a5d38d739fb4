package io.chatnode.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Pipelines {@code echo} (chatnode) or {@code ECHO} (Redis) requests, keeping {@code depth}
 * outstanding; replies come in request order, so the send times wait in a ring. Checks that each
 * reply is the echo it should be, without decoding it.
 */
final class Requester extends BenchConn {

  private final int depth;
  private final long maxRequests;
  private final Window window;
  private final byte[] request;
  private final int expectedReplyLength;
  private final long[] sentAt;
  private int head;
  private int tail;
  final Histogram latency = Stats.newHistogram();

  private boolean started;
  private int inFlight;
  long sent;
  long replies;
  long repliesInWindow;
  long lastReply;
  long errors;
  long wrong;
  final Promise<Void> done = Promise.promise();

  Requester(Proto proto, int depth, long maxRequests, int payloadSize, Window window) {
    super(proto);
    this.depth = depth;
    this.maxRequests = maxRequests;
    this.window = window;
    byte[] payload = new byte[payloadSize];
    Arrays.fill(payload, (byte) 'x');
    payload[0] = '#';
    this.request = proto.echo(payload);
    this.expectedReplyLength = proto == Proto.CHATNODE ? payloadSize + 3 : payloadSize;
    this.sentAt = new long[depth];
  }

  @Override
  Buffer setup() {
    return proto.probe();
  }

  Void start() {
    started = true;
    refill();
    return null;
  }

  @Override
  void onLine(byte[] l, int len) {
    boolean reply;
    boolean error;
    if (proto == Proto.CHATNODE) {
      reply = Proto.isChatReply(l, len);
      error = reply && Proto.isChatError(l, len);
    } else {
      reply = len > 0 && (l[0] == '#' || l[0] == '+' || l[0] == '-');
      error = reply && l[0] == '-';
    }
    if (!reply) {
      return;
    }
    if (!ready.future().isComplete()) {
      ready.tryComplete();
      return;
    }
    long now = System.nanoTime();
    long at = sentAt[head];
    head = (head + 1) % depth;
    inFlight--;
    replies++;
    lastReply = now;
    if (window.contains(now)) {
      repliesInWindow++;
    }
    if (at >= window.from) {
      latency.recordValue(Math.min(Math.max(0, now - at), Stats.HIGHEST));
    }
    if (error) {
      errors++;
    } else if (len != expectedReplyLength || (proto == Proto.CHATNODE && (l[3] != '#' || l[len - 1] != 'x'))) {
      wrong++;
    }
  }

  @Override
  void afterRead() {
    if (started) {
      refill();
    }
  }

  private void refill() {
    if (done.future().isComplete()) {
      return;
    }
    Buffer out = null;
    long now = System.nanoTime();
    while (inFlight < depth && sent < maxRequests && now < window.to) {
      if (out == null) {
        out = Buffer.buffer((depth - inFlight) * request.length);
      }
      out.appendBytes(request);
      sentAt[tail] = now;
      tail = (tail + 1) % depth;
      inFlight++;
      sent++;
    }
    if (out != null) {
      socket.write(out);
    } else if (inFlight == 0) {
      done.tryComplete();
    }
  }

  @Override
  void onClose() {
    done.tryComplete();
  }
}
