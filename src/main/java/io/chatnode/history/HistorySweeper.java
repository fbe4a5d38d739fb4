package io.chatnode.history;

import io.vertx.core.Vertx;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps the history store now and then: departed nodes stop being watchers, expired messages go,
 * rooms nobody watches that have said nothing for the time to live are let go. Each node sweeps
 * the rooms it holds; what they hold afterwards is the node's history size (a metric).
 */
public final class HistorySweeper {

  private static final Logger log = LoggerFactory.getLogger(HistorySweeper.class);

  /** How often: departed watchers only cost a message sent to nobody, and expiry is by the day. */
  public static final long PERIOD_MS = 60_000;

  private final Vertx vertx;
  private final HistoryStore store;
  private final Supplier<Set<String>> aliveNodes;
  private volatile HistoryStore.Size size = new HistoryStore.Size(0, 0);
  private boolean sweeping;
  private long timer = -1;

  public HistorySweeper(Vertx vertx, HistoryStore store, Supplier<Set<String>> aliveNodes) {
    this.vertx = vertx;
    this.store = store;
    this.aliveNodes = aliveNodes;
  }

  public void start() {
    timer = vertx.setPeriodic(PERIOD_MS, id -> sweep());
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** What the rooms this node holds held at the last sweep. */
  public HistoryStore.Size size() {
    return size;
  }

  /** One sweep now (also after a node left); one at a time. */
  public void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    store.sweep(aliveNodes.get()).onComplete(ar -> {
      sweeping = false;
      if (ar.succeeded()) {
        size = ar.result();
      } else {
        log.warn("history sweep failed: {}", ar.cause().toString());
      }
    });
  }
}
