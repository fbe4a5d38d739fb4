package io.chatnode.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * A connection that keeps at most {@code maxInFlight} requests unanswered (publishers' {@code say}
 * or {@code PUBLISH}, requesters' {@code echo} or {@code ECHO}) until its request budget or the
 * window's end. Answers that arrive in one read are followed by one write holding all the
 * requests they make room for. Subclasses say what a request is and what counts as its answer.
 * Paced ({@link #pace}), it also sends no more than a rate allows, as an ordinary chat does.
 */
abstract class PipelinedConn extends BenchConn {

  private final int maxInFlight;
  private final long maxRequests;
  final Window window;
  private boolean started;
  private int inFlight;
  private long perSecond;
  private long startedAt;
  private boolean refillTimerSet;
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

  /** Sends at most {@code requestsPerSecond} (0: as fast as the window allows); set before {@link #start}. */
  void pace(long requestsPerSecond) {
    this.perSecond = requestsPerSecond;
  }

  /** Starts sending; call on this connection's context (through {@link #onContext}). */
  Void start() {
    started = true;
    startedAt = System.nanoTime();
    refill();
    return null;
  }

  /** Requests a paced connection may have sent by {@code now}. */
  private long allowed(long now) {
    return perSecond <= 0 ? Long.MAX_VALUE : 1 + (now - startedAt) * perSecond / 1_000_000_000L;
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
    long allowed = allowed(now);
    while (inFlight < maxInFlight && sent < maxRequests && now < window.to && sent < allowed) {
      if (out == null) {
        out = Buffer.buffer((maxInFlight - inFlight) * requestBytes());
      }
      sent++;
      inFlight++;
      appendRequest(out, now);
    }
    if (out != null) {
      socket.write(out);
    } else if (inFlight == 0 && (sent >= maxRequests || now >= window.to)) {
      done.tryComplete();
    }
    if (sent >= allowed && !refillTimerSet && now < window.to) {
      refillTimerSet = true; // held back by the pace: look again in a millisecond
      later(1, () -> {
        refillTimerSet = false;
        refill();
      });
    }
  }

  @Override
  final void onClose() {
    done.tryComplete();
  }
}
