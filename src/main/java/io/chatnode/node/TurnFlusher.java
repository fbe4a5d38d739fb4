package io.chatnode.node;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-turn write of one event loop's connections. A connection with pushes (or replies)
 * of this turn registers once; one task, queued behind the event bus deliveries already waiting,
 * then has each of them write its batch. Under load that is one socket write for many messages
 * instead of one per message, and a socket write costs far more than appending to a buffer; at
 * light load it costs one task hop (docs/PERFORMANCE.md has the measurements). On the loop's thread.
 */
final class TurnFlusher {

  /** What registers for the end of the turn. */
  interface Flushable {
    void flushTurn();
  }

  private final Context context;
  private List<Flushable> unflushed = new ArrayList<>();
  private List<Flushable> spare = new ArrayList<>();
  private boolean scheduled;

  /** For the event loop of {@code context}. */
  TurnFlusher(Context context) {
    this.context = context;
  }

  /** Has {@code target} write at the end of this turn; the caller registers it once per turn. */
  void flushLater(Flushable target) {
    unflushed.add(target);
    if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> flushAll());
    }
  }

  private void flushAll() {
    scheduled = false;
    List<Flushable> batch = unflushed;
    unflushed = spare;
    spare = batch;
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).flushTurn();
    }
    batch.clear();
  }
}
