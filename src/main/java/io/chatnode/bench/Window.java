package io.chatnode.bench;

/**
 * The measured interval of a run, in {@link System#nanoTime()}: everything before {@code from} is
 * warm-up, and sending stops at {@code to}. Set once by the driver before the load starts.
 */
final class Window {
  volatile long from = Long.MAX_VALUE;
  volatile long to = Long.MAX_VALUE;

  void start(long warmupNanos, long durationNanos) {
    long now = System.nanoTime();
    to = now + warmupNanos + durationNanos;
    from = now + warmupNanos;
  }

  boolean contains(long t) {
    return t >= from && t <= to;
  }
}
