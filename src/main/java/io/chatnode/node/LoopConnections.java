package io.chatnode.node;

import io.chatnode.protocol.Pushes;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one event loop: admission against {@code limits.maxConnections}
 * (node-wide), lookup by id for private messages and fan-out, and the idle sweep. On the loop's
 * thread only.
 */
final class LoopConnections {

  private static final Logger log = LoggerFactory.getLogger(LoopConnections.class);

  private final NodeRuntime runtime;
  private final Map<String, Connection> byId = new HashMap<>();

  LoopConnections(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  void open(LoopContext loop, Transport transport) {
    if (!runtime.tryAdmit()) {
      log.warn("remote={} refused: server_full ({} connections)", transport.remoteAddress(),
          loop.limits().maxConnections());
      transport.write(Outbound.encodeLine(Pushes.bye("server_full")));
      transport.closeAfterWrites();
      loop.metrics().connectionClosed("server_full");
      return;
    }
    loop.metrics().connectionAccepted();
    Connection connection = new Connection(runtime.nextConnectionId(), transport, loop);
    byId.put(connection.id(), connection);
    runtime.clusterEvents().connectionOpened(connection.id());
    connection.start();
  }

  /** The open connection with this id, or null. */
  Connection get(String id) {
    return byId.get(id);
  }

  int size() {
    return byId.size();
  }

  /** After a partition healed: every connection asserts its nickname and rooms again. */
  void reassertAll() {
    new ArrayList<>(byId.values()).forEach(connection -> connection.afterPartition(Reassertion::run));
  }

  /** This node has found itself in a minority: every connection gives its chosen nickname up. */
  void yieldAllNicknames() {
    new ArrayList<>(byId.values()).forEach(connection -> connection.afterPartition(Reassertion::yieldNickname));
  }

  /** Called once by a connection that has closed. */
  void forget(Connection connection) {
    byId.remove(connection.id());
    runtime.clusterEvents().connectionGone(connection.id());
    runtime.released();
  }

  /** A connection's reads were paused because its replies were not being taken. */
  void readsPaused() {
    runtime.readsPaused();
  }

  /** Completes once every connection open now has closed and cleaned up. */
  List<Future<Void>> cleanedUp() {
    List<Future<Void>> all = new ArrayList<>();
    byId.values().forEach(connection -> all.add(connection.cleanedUp()));
    return all;
  }

  /** Closes with {@code bye idle_timeout} every connection silent for longer than the timeout. */
  void closeIdle(long timeoutNanos) {
    long now = System.nanoTime();
    for (Connection connection : new ArrayList<>(byId.values())) {
      if (connection.idleNanos(now) > timeoutNanos) {
        connection.kick("idle_timeout");
      }
    }
  }

  /** The idle sweep's period: a quarter of the timeout, at most one second. */
  static long sweepPeriodMs(int idleSeconds) {
    return Math.max(100, Math.min(1000, TimeUnit.SECONDS.toMillis(idleSeconds) / 4));
  }
}
