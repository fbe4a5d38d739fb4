package io.chatnode.node;

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

    private Slot(String line, boolean closeAfter) {
      this.line = line;
      this.closeAfter = closeAfter;
    }
  }

  private final ArrayDeque<Slot> slots = new ArrayDeque<>();

  /** A slot whose reply comes later. */
  Slot reserve() {
    Slot slot = new Slot(null, false);
    slots.addLast(slot);
    return slot;
  }

  /** A slot filled at once. */
  void add(String line) {
    slots.addLast(new Slot(line, false));
  }

  /** A filled slot after which the connection is to be closed. */
  void addFinal(String line) {
    slots.addLast(new Slot(line, true));
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
      if (slot.closeAfter) {
        slots.clear();
        return true;
      }
    }
    return false;
  }
}
