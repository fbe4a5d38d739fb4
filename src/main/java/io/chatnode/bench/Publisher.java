package io.chatnode.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * Says fixed-size messages into the room (chatnode {@code say}, Redis {@code PUBLISH}) with at
 * most {@code window} unacknowledged, until its message budget or the window's end. Acks that
 * arrive in one read are answered by one write holding all the messages they make room for.
 */
final class Publisher extends BenchConn {

  private final String room;
  private final int index;
  private final int maxInFlight;
  private final long maxMessages;
  private final int size;
  private final Window window;
  private final byte[] prefix;
  private final byte[] suffix;
  private final byte[] scratch;

  private boolean started;
  private int inFlight;
  long sent;
  long acked;
  long ackedInWindow;
  long lastAck;
  long errors;
  /** chatnode only: the other publishers' messages, which the node pushes to this member too. */
  long pushesReceived;
  final Promise<Void> done = Promise.promise();

  Publisher(Proto proto, String room, int index, int maxInFlight, long maxMessages, int size, Window window) {
    super(proto);
    this.room = room;
    this.index = index;
    this.maxInFlight = maxInFlight;
    this.maxMessages = maxMessages;
    this.size = size;
    this.window = window;
    this.prefix = proto.publishPrefix(room, size);
    this.suffix = proto.publishSuffix();
    this.scratch = new byte[prefix.length + size + suffix.length];
    System.arraycopy(prefix, 0, scratch, 0, prefix.length);
    System.arraycopy(suffix, 0, scratch, prefix.length + size, suffix.length);
  }

  @Override
  Buffer setup() {
    return proto == Proto.CHATNODE ? proto.subscribe(room) : proto.probe();
  }

  /** Starts sending; call on this connection's context (through {@link #onContext}). */
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
      if (!reply && Proto.startsWith(l, len, Proto.MSG)) {
        pushesReceived++;
      }
    } else {
      reply = len > 0 && (l[0] == ':' || l[0] == '+' || l[0] == '-');
      error = reply && l[0] == '-';
    }
    if (!reply) {
      return;
    }
    if (!ready.future().isComplete()) {
      if (error) {
        ready.tryFail(new String(l, 0, len, java.nio.charset.StandardCharsets.UTF_8));
      } else {
        ready.tryComplete();
      }
      return;
    }
    long now = System.nanoTime();
    inFlight--;
    acked++;
    lastAck = now;
    if (window.contains(now)) {
      ackedInWindow++;
    }
    if (error) {
      errors++;
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
    while (inFlight < maxInFlight && sent < maxMessages && now < window.to) {
      if (out == null) {
        out = Buffer.buffer((maxInFlight - inFlight) * scratch.length);
      }
      sent++;
      inFlight++;
      Payload.write(scratch, prefix.length, size, index, sent, now);
      out.appendBytes(scratch);
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
