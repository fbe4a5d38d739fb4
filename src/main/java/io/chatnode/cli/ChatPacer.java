package io.chatnode.cli;

import io.chatnode.protocol.ServerLine;

/**
 * Paces chat lines ({@code say}, {@code msg}) from a script to the rate the node advertises in its
 * greeting ({@code rate}, {@code burst}), so that piping a file of chat lines works instead of
 * earning {@code err rate_limited} after the first burst. Pure: time is passed in.
 *
 * <p>It is the node's token bucket seen from the sending side (the generic cell rate algorithm),
 * with a burst smaller than the node's by a quarter (at least two lines): lines sent evenly can
 * still arrive bunched after a pause in the network or on the node, and the margin absorbs that.
 */
public final class ChatPacer {

  private final long intervalNanos;
  private final long toleranceNanos;
  private long theoreticalArrival = Long.MIN_VALUE;

  /** @param ratePerSecond 0 for no pacing, as the node has no limit then */
  public ChatPacer(int ratePerSecond, int burst) {
    this.intervalNanos = ratePerSecond <= 0 ? 0 : 1_000_000_000L / ratePerSecond;
    int margin = Math.max(2, burst / 4);
    this.toleranceNanos = (Math.max(1, burst - margin) - 1) * intervalNanos;
  }

  /** Pacing from a greeting's advertised limits; none when it advertises no rate. */
  public static ChatPacer fromHello(ServerLine hello) {
    return new ChatPacer(parse(hello.field("rate")), parse(hello.field("burst")));
  }

  /** Reserves a slot for one chat line sent at {@code nowNanos}: how long to wait before sending it. */
  public long reserve(long nowNanos) {
    if (intervalNanos == 0) {
      return 0;
    }
    long start = theoreticalArrival == Long.MIN_VALUE ? nowNanos : Math.max(theoreticalArrival, nowNanos);
    long wait = Math.max(0, start - toleranceNanos - nowNanos);
    theoreticalArrival = start + intervalNanos;
    return wait;
  }

  private static int parse(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
