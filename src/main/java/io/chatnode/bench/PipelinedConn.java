package io.chatnode.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * A connection that keeps at most {@code maxInFlight} requests unanswered (publishers' {@code say}
 * or {@code PUBLISH}, requesters' {@code echo} or {@code ECHO}) until its request budget or the
 * window's end. Answers that arrive in one read are followed by one write holding all the
 * requests they make room for. Subclasses say what a request is and what counts as its answer.
 */
abstract class PipelinedConn extends BenchConn {

  private final int maxInFlight;
  private final long maxRequests;
  final Window window;
  private boolean started;
  private int inFlight;
  long sent;
  long answered;
  long answeredInWindow;
  long lastAnswer;
  long errors;
  final Promise<Void> done = Promise.promise();

  PipelinedConn(Proto proto, int maxInFlight, long maxRequests, Window window) {
    super(proto);
    this.maxInFlight = maxInFlight;
    this.maxRequests = maxRequests;
    this.window = window;
  }

  /** Bytes of one request, to size a write. */
  abstract int requestBytes();

  /** Appends request number {@link #sent} (already counted), sent at {@code now}. */
  abstract void appendRequest(Buffer out, long now);

  /** Starts sending; call on this connection's context (through {@link #onContext}). */
  Void start() {
    started = true;
    refill();
    return null;
  }

  /** Counts the answer to the oldest request in flight; returns the time it was read. */
  final long answer(boolean error) {
    long now = System.nanoTime();
    inFlight--;
    answered++;
    lastAnswer = now;
    if (window.contains(now)) {
      answeredInWindow++;
    }
    if (error) {
      errors++;
    }
    return now;
  }

  @Override
  final void afterRead() {
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
    while (inFlight < maxInFlight && sent < maxRequests && now < window.to) {
      if (out == null) {
        out = Buffer.buffer((maxInFlight - inFlight) * requestBytes());
      }
      sent++;
      inFlight++;
      appendRequest(out, now);
    }
    if (out != null) {
      socket.write(out);
    } else if (inFlight == 0) {
      done.tryComplete();
    }
  }

  @Override
  final void onClose() {
    done.tryComplete();
  }
}
