package io.chatnode.cli;

/**
 * Delays between reconnection attempts: doubling from {@code initialMs} up to {@code maxMs}, back
 * to the start after a success. Doubling keeps a restarting node from being hammered by every
 * client at once while still reconnecting quickly after a short blip. Pure; not thread-safe.
 */
public final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private long nextMs;

  public Backoff(long initialMs, long maxMs) {
    if (initialMs < 1 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 1 <= initialMs <= maxMs");
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.nextMs = initialMs;
  }

  /** The delay before the next attempt; each call doubles the one after, up to the maximum. */
  public long nextDelayMs() {
    long delay = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return delay;
  }

  public void reset() {
    nextMs = initialMs;
  }
}
