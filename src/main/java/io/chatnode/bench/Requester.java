package io.chatnode.bench;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Pipelines {@code echo} (chatnode) or {@code ECHO} (Redis) requests, keeping {@code depth}
 * outstanding; replies come in request order, so the send times wait in a ring. Checks that each
 * reply is the echo it should be, without decoding it.
 */
final class Requester extends PipelinedConn {

  private final int depth;
  private final byte[] request;
  private final int expectedReplyLength;
  private final long[] sentAt;
  private int head;
  private int tail;
  final Histogram latency = Stats.newHistogram();
  long wrong;

  Requester(Proto proto, int depth, long maxRequests, int payloadSize, Window window) {
    super(proto, depth, maxRequests, window);
    this.depth = depth;
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
    long at = sentAt[head];
    head = (head + 1) % depth;
    long now = answer(error);
    if (at >= window.from) {
      latency.recordValue(Math.min(Math.max(0, now - at), Stats.HIGHEST));
    }
    if (!error && (len != expectedReplyLength || (proto == Proto.CHATNODE && (l[3] != '#' || l[len - 1] != 'x')))) {
      wrong++;
    }
  }

  @Override
  int requestBytes() {
    return request.length;
  }

  @Override
  void appendRequest(Buffer out, long now) {
    out.appendBytes(request);
    sentAt[tail] = now;
    tail = (tail + 1) % depth;
  }
}
