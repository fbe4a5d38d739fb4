package io.chatnode.node;

/**
 * Flood control: {@code burst} tokens, refilled at {@code ratePerSecond}; each chat line takes one.
 * A rate of 0 turns it off. Time is passed in (nanoseconds) so that it is testable without waiting.
 */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  TokenBucket(int ratePerSecond, int burst, long nowNanos) {
    this.tokensPerNano = ratePerSecond / NANOS_PER_SECOND;
    this.capacity = burst;
    this.tokens = burst;
    this.lastRefill = nowNanos;
  }

  /** Takes a token: 0 if granted, otherwise the nanoseconds until one will be there. */
  long tryTake(long nowNanos) {
    if (tokensPerNano == 0) {
      return 0;
    }
    tokens = Math.min(capacity, tokens + (nowNanos - lastRefill) * tokensPerNano);
    lastRefill = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }
}
