package io.chatnode.node;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * What a connection sends: its replies in request order ({@link ReplyQueue}) and its pushes,
 * batched per turn of the event loop, over the transport's write queue with its bound. The
 * slow-consumer policy lives here: a push that finds the queue over {@code limits.maxOutboundBytes}
 * is not queued, and the owner is told to cut the connection; with {@code tags} (protocol 1.1),
 * room messages are dropped and reported instead ({@link LossPolicy}).
 */
final class Outbound implements TurnFlusher.Flushable {

  /** Pushes collected beyond this many bytes are written at once rather than at the turn's end. */
  private static final int PUSH_BATCH_BYTES = 16 * 1024;

  /** The connection this writes for. */
  interface Owner {
    /** Replies came in outside a read: write what is ready (and act on a final reply). */
    void flush();

    /** The client does not take its pushes: cut it. */
    void slowConsumer();

    /** Reads were paused because the client does not take its replies (counted). */
    void readsPaused();
  }

  private final Transport transport;
  private final TurnFlusher flusher;
  private final ReplyQueue replies;
  private final Owner owner;
  /** Pushes of this turn of the event loop, written as one buffer by {@link #flushPushes()}. */
  private Buffer pendingPushes;
  private int lastPushBatchBytes;
  /** Cancels the bound on a graceful close's wait; null until a graceful close starts. */
  private Runnable cancelGrace;
  /** Replies were filled in this turn outside a read; they go out with the turn's flush. */
  private boolean repliesWaiting;
  /** This is in the loop's list of connections to flush at the end of the turn. */
  private boolean flushQueued;
  private boolean closed;
  /** Reads are paused until the connection is open (the greeting is out). */
  private boolean readsPaused = true;
  /** With {@code tags}: room messages are dropped and reported rather than the connection cut. */
  private LossPolicy loss;

  Outbound(Transport transport, TurnFlusher flusher, ReplyQueue replies, Owner owner) {
    this.transport = transport;
    this.flusher = flusher;
    this.replies = replies;
    this.owner = owner;
  }

  static Buffer encodeLine(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(bytes.length + 1).appendBytes(bytes).appendByte((byte) '\n');
  }

  /** From now on a full queue drops room messages for this connection and reports them ({@code tags}). */
  void reportLosses(LossPolicy policy) {
    if (loss == null) {
      loss = policy;
    }
  }

  ReplyQueue replies() {
    return replies;
  }

  /** One line now, ahead of anything not yet flushed (the greeting, a goodbye). */
  void writeLine(String line) {
    if (!closed) {
      transport.write(encodeLine(line));
    }
  }

  /**
   * Writes the pushes of this turn and then the replies that are ready, in order, as one buffer
   * each: pushes generated before these replies go out before them.
   *
   * @return true if a final reply ({@code ok bye}) was written: nothing more may follow
   */
  boolean flush() {
    if (closed) {
      return false;
    }
    flushPushes();
    Buffer out = Buffer.buffer();
    boolean finalWritten = replies.drain(line -> out.appendString(line).appendByte((byte) '\n'));
    if (out.length() > 0) {
      if (loss != null && transport.writeQueueFull()) {
        loss.keptWhileOver(out.length());
      }
      transport.write(out);
    }
    return finalWritten;
  }

  /** Replies were filled outside a read: one write for the replies of a burst, not one each. */
  void repliesReady() {
    repliesWaiting = true;
    flushAtTurnEnd();
  }

  /**
   * A push to this client. A client that does not read its pushes fills its outbound queue; it is
   * then cut as a slow consumer, so it can never make the node buffer without bound or hold up the
   * room. True if the push was queued; the caller counts it, once per fan-out rather than per
   * member, so that the event loops do not contend on one shared counter per delivery.
   */
  boolean push(Buffer line) {
    if (transport.writeQueueFull()) {
      if (loss == null) {
        owner.slowConsumer();
        return false;
      }
      if (loss.keptWhileOver(line.length())) {
        return false;
      }
    }
    if (pendingPushes == null) {
      // Sized from the last batch: under load a batch is many lines, and a buffer grown by
      // doubling from a few lines would be copied over and over.
      pendingPushes = Buffer.buffer(Math.min(PUSH_BATCH_BYTES + line.length(), Math.max(256, lastPushBatchBytes)));
      flushAtTurnEnd();
    }
    pendingPushes.appendBuffer(line);
    if (pendingPushes.length() >= PUSH_BATCH_BYTES) {
      flushPushes(); // a long turn: write what is there, so the outbound limit sees it
    }
    return true;
  }

  /**
   * Room message {@code seq} of {@code room}: as {@link #push}, except that with {@code tags} a full
   * queue drops it for this connection alone, to be reported with {@code lost}.
   */
  boolean pushRoomMessage(String room, long seq, Buffer line) {
    if (loss != null && transport.writeQueueFull()) {
      loss.dropped(room, seq);
      return false;
    }
    return push(line);
  }

  /** The transport's queue has drained below its bound. */
  void drained() {
    if (loss != null && !transport.writeQueueFull()) {
      loss.drained();
    }
  }

  private void flushAtTurnEnd() {
    if (!flushQueued) {
      flushQueued = true;
      flusher.flushLater(this);
    }
  }

  /** The end of the turn: writes what this turn collected (pushes, and replies if any came). */
  @Override
  public void flushTurn() {
    flushQueued = false;
    if (repliesWaiting) {
      repliesWaiting = false;
      owner.flush();
    } else {
      flushPushes();
    }
  }

  /** Writes the pushes collected in this turn, if any, as one buffer. */
  void flushPushes() {
    Buffer pending = pendingPushes;
    if (pending == null) {
      return;
    }
    pendingPushes = null;
    lastPushBatchBytes = pending.length();
    if (!closed) {
      transport.write(pending);
    }
  }

  /** Drops the pushes not yet written (the connection is being cut). */
  void discardPushes() {
    pendingPushes = null;
  }

  /**
   * Closes as soon as what is queued has been sent; a peer that does not read gets at most
   * {@code graceMs} ({@code limits.closeGraceMs}), then the connection is cut.
   */
  void closeAfterWrites(Vertx vertx, long graceMs) {
    transport.closeAfterWrites();
    if (cancelGrace == null) {
      long timer = vertx.setTimer(graceMs, id -> transport.abort());
      cancelGrace = () -> vertx.cancelTimer(timer);
    }
  }

  /** The transport has closed: nothing more is written. */
  void closed() {
    closed = true;
    if (cancelGrace != null) {
      cancelGrace.run();
    }
    if (loss != null) {
      loss.closed();
    }
  }

  /**
   * Reads are paused while too many requests await replies or the replies are not being read:
   * a client that pipelines without reading is slowed down, not dropped.
   *
   * @param open              whether the connection reads at all (not before its greeting, not once closing)
   * @param maxPendingReplies reads pause beyond this many unanswered requests
   */
  void updateReading(boolean open, int maxPendingReplies) {
    boolean wanted = open && replies.size() < maxPendingReplies && !transport.writeQueueFull();
    if (wanted && readsPaused) {
      readsPaused = false;
      transport.resume();
    } else if (!wanted && !readsPaused) {
      readsPaused = true;
      transport.pause();
      if (open) {
        owner.readsPaused();
      }
    }
  }
}
