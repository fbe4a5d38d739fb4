package io.chatnode.node;

import io.chatnode.config.NodeConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node-wide: which of this node's event loops have yet to fan a published {@code say} out to their
 * members. A {@code say} is answered {@code ok} once every loop of the sender's node has queued
 * the message to its members, as Redis answers {@code PUBLISH} once the message is queued to
 * every subscriber. That is what holds a publisher back when the node falls behind: without it,
 * publishers were answered as soon as the message was on the event bus, kept sending, and the
 * backlog (and every message's latency) grew on the loops that fan out.
 *
 * <p>Members on other nodes are not waited for: their node fans out on its own time, and a slow
 * or departed node must not hold up this node's publishers.
 *
 * <p>Loops are bits of a {@code long}, so a node runs at most
 * {@link io.chatnode.config.NodeConfig#MAX_SERVER_INSTANCES} of them (the configuration enforces
 * it); an index beyond that is ignored rather than shifted onto another loop's bit.
 */
final class LocalHandOffs {

  static final int MAX_TRACKED_LOOPS = NodeConfig.MAX_SERVER_INSTANCES;

  private record Pending(Context sender, Promise<Void> done, AtomicLong waitingFor) {}

  private final String nodeId;
  private final AtomicLong tokens = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  /** The loops whose rooms consumer is registered, one bit each. */
  private volatile long loops;

  LocalHandOffs(String nodeId) {
    this.nodeId = nodeId;
  }

  /** A loop whose consumer of room events is registered: later messages wait for it too. */
  synchronized void loopStarted(int loop) {
    if (loop < MAX_TRACKED_LOOPS) {
      loops |= 1L << loop;
    }
  }

  /** A loop that stops fanning out: nothing waits for it any more. */
  void loopStopped(int loop) {
    if (loop >= MAX_TRACKED_LOOPS) {
      return;
    }
    synchronized (this) {
      loops &= ~(1L << loop);
    }
    for (String token : pending.keySet()) {
      handedOff(token, loop);
    }
  }

  /**
   * A new token for a message about to be published from the current event loop, and the future
   * that completes (on this loop) once every loop has handed it off.
   */
  Expected expect() {
    String token = nodeId + "-" + tokens.incrementAndGet();
    Pending entry = new Pending(Vertx.currentContext(), Promise.promise(), new AtomicLong(loops));
    pending.put(token, entry);
    // A loop may have stopped between reading `loops` and the put, after its sweep of `pending`.
    long left = entry.waitingFor().updateAndGet(waiting -> waiting & loops);
    if (left == 0) {
      finish(token, entry);
    }
    return new Expected(token, entry.done().future());
  }

  /** The loop has queued the message of {@code token} to its members (tokens of other nodes are ignored). */
  void handedOff(String token, int loop) {
    if (loop >= MAX_TRACKED_LOOPS) {
      return;
    }
    Pending entry = pending.get(token);
    if (entry == null) {
      return;
    }
    long bit = 1L << loop;
    if (entry.waitingFor().getAndUpdate(waiting -> waiting & ~bit) == bit) {
      finish(token, entry);
    }
  }

  /** The loops that fan out, as bits. */
  long loops() {
    return loops;
  }

  /** A message that will not be handed off (it could not be numbered): nothing waits for it. */
  void abandon(String token) {
    pending.remove(token);
  }

  /** Messages still waiting for some loop. */
  int waiting() {
    return pending.size();
  }

  private void finish(String token, Pending entry) {
    if (pending.remove(token, entry)) {
      if (entry.sender() == null || Vertx.currentContext() == entry.sender()) {
        entry.done().complete();
      } else {
        entry.sender().runOnContext(v -> entry.done().complete());
      }
    }
  }

  /** The token to publish with, and when every loop has handed the message off. */
  record Expected(String token, Future<Void> handedOff) {}
}
