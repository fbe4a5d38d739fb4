package io.chatnode.node;

import io.chatnode.config.Limits;
import io.chatnode.ops.NodeMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The slow-consumer policy of a connection with {@code tags} (protocol 1.1): when its outbound
 * queue is over {@code limits.maxOutboundBytes}, a room message is dropped for it alone and
 * remembered ({@link LostRanges}); replies, {@code dm}s and other pushes are kept. Once the queue
 * has drained it is sent {@code lost <room> <first>-<last>} per room. It is cut only when it stays
 * over the limit for {@code limits.slowConsumerGraceMs}, or when what was kept while over the limit
 * brings its queue to {@code limits.maxOutboundHardBytes}. On the connection's event loop.
 */
final class LossPolicy {

  /** What the policy acts on: the connection. */
  interface Target {
    /** Queues a push (a {@code lost} notice); false if it was not. */
    boolean push(Buffer line);

    /** Cuts the connection as a slow consumer. */
    void slowConsumer();
  }

  private final Vertx vertx;
  private final NodeMetrics metrics;
  private final Target target;
  private final long graceMs;
  private final long headroomBytes;
  private final LostRanges lost = new LostRanges();
  private boolean over;
  /** Bytes queued while over the limit: the queue holds at most about the limit plus these. */
  private long keptWhileOver;
  private long graceTimer = -1;

  LossPolicy(Vertx vertx, Limits limits, NodeMetrics metrics, Target target) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.target = target;
    this.graceMs = limits.slowConsumerGraceMs();
    this.headroomBytes = (long) limits.maxOutboundHardBytes() - limits.maxOutboundBytes();
  }

  /** Room message {@code seq} of {@code room} found the queue full: dropped for this connection. */
  void dropped(String room, long seq) {
    lost.dropped(room, seq);
    metrics.slowDropped();
    overLimit();
  }

  /**
   * {@code bytes} are queued although the queue is over the limit (replies, dms are never
   * dropped); true if that reaches the hard cap and the connection was cut.
   */
  boolean keptWhileOver(int bytes) {
    overLimit();
    keptWhileOver += bytes;
    if (keptWhileOver >= headroomBytes) {
      target.slowConsumer();
      return true;
    }
    return false;
  }

  /** The queue has room again: the grace period ends, and the notices owed go out. */
  void drained() {
    if (!over) {
      return;
    }
    over = false;
    keptWhileOver = 0;
    cancelTimer();
    List<String> notices = lost.drainNotices();
    for (String notice : notices) {
      target.push(Outbound.encodeLine(notice));
    }
    if (!notices.isEmpty()) {
      metrics.lossNotices(notices.size());
    }
  }

  /** The connection is closing: nothing more to time. */
  void closed() {
    cancelTimer();
  }

  private void overLimit() {
    if (!over) {
      over = true;
      graceTimer = vertx.setTimer(Math.max(1, graceMs), id -> {
        graceTimer = -1;
        if (over) {
          target.slowConsumer();
        }
      });
    }
  }

  private void cancelTimer() {
    if (graceTimer >= 0) {
      vertx.cancelTimer(graceTimer);
      graceTimer = -1;
    }
  }
}
