package io.chatnode.node;

import io.chatnode.protocol.Capabilities.Cap;
import java.util.EnumSet;
import java.util.Set;

/**
 * The capabilities one connection turned on with {@code cap} (protocol 1.1), and what they change
 * for it: {@code tags} puts tag words on its {@code msg} and {@code dm} pushes and makes its outbound
 * queue drop room messages, reported with {@code lost}, rather than cut it ({@link LossPolicy}).
 * A version 1 connection never turns anything on and keeps version 1's behaviour.
 */
final class ConnectionCaps {

  private final Set<Cap> on = EnumSet.noneOf(Cap.class);
  private final LoopContext loop;
  private final Outbound outbound;
  private final LossPolicy.Target connection;

  ConnectionCaps(LoopContext loop, Outbound outbound, LossPolicy.Target connection) {
    this.loop = loop;
    this.outbound = outbound;
    this.connection = connection;
  }

  /** Turns {@code asked} on (again is harmless); every capability now on. */
  Set<Cap> turnOn(Set<Cap> asked) {
    if (asked.contains(Cap.TAGS) && !on.contains(Cap.TAGS)) {
      outbound.reportLosses(new LossPolicy(loop.vertx(), loop.limits(), loop.metrics(), connection));
    }
    on.addAll(asked);
    return on;
  }

  boolean tags() {
    return on.contains(Cap.TAGS);
  }
}
