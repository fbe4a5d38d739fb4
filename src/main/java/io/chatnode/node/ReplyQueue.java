package io.chatnode.node;

import io.chatnode.ops.NodeMetrics;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Replies of one connection in request order. Each request takes a slot when it arrives; its
 * reply fills the slot whenever the work behind it completes, on whatever thread or node; filled
 * slots leave only from the head, so replies go out in the order the requests came in.
 * Not thread-safe: used from the connection's event loop only.
 */
final class ReplyQueue {

  /** A place for one reply. */
  static final class Slot {
    private String line;
    private final boolean closeAfter;
    private final String command;
    private final long arrivedNanos;

    private Slot(String line, boolean closeAfter, String command) {
      this.line = line;
      this.closeAfter = closeAfter;
      this.command = command;
      this.arrivedNanos = command == null ? 0 : System.nanoTime();
    }
  }

  /** Room for one reply at first (an idle connection holds one of these); grows when pipelined. */
  private final ArrayDeque<Slot> slots = new ArrayDeque<>(1);
  private final NodeMetrics metrics;
  /** The command of the request being read: the next slot is its reply's. */
  private String tag;

  ReplyQueue() {
    this(null);
  }

  /** Replies whose command, outcome and latency are counted in {@code metrics}. */
  ReplyQueue(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  /** The request whose slot is taken next is a {@code command} (its wire name). */
  void tag(String command) {
    tag = metrics == null ? null : command;
  }

  private Slot slot(String line, boolean closeAfter) {
    Slot slot = new Slot(line, closeAfter, tag);
    tag = null;
    return slot;
  }

  /** A slot whose reply comes later. */
  Slot reserve() {
    Slot slot = slot(null, false);
    slots.addLast(slot);
    return slot;
  }

  /** A slot filled at once. */
  void add(String line) {
    slots.addLast(slot(line, false));
  }

  /** A filled slot after which the connection is to be closed. */
  void addFinal(String line) {
    slots.addLast(slot(line, true));
  }

  void fill(Slot slot, String line) {
    slot.line = line;
  }

  /** Requests not yet answered on the wire. */
  int size() {
    return slots.size();
  }

  /**
   * Hands every ready reply at the head to {@code out}, in order.
   *
   * @return true if a final slot was reached: nothing after it may be written
   */
  boolean drain(Consumer<String> out) {
    while (!slots.isEmpty() && slots.peekFirst().line != null) {
      Slot slot = slots.pollFirst();
      out.accept(slot.line);
      if (slot.command != null) {
        metrics.commandAnswered(slot.command, slot.line, System.nanoTime() - slot.arrivedNanos);
      }
      if (slot.closeAfter) {
        slots.clear();
        return true;
      }
    }
    return false;
  }
}
