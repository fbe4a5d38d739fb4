package io.chatnode.history;

import io.chatnode.protocol.HistoryRequest.Direction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's feed of room messages: which rooms the node watches (has members in, on which of its
 * event loops), and the release of each room's messages in number order to those loops. Messages
 * arrive from every sender's node ({@link #arrived}); each room's {@link RoomOrder} puts them in
 * order; a gap that outlasts {@code history.gapWaitMs} is filled from the store.
 *
 * <p>Everything runs on one context, the feed's: the rooms' state needs no lock, and the loops
 * get each room's messages from one thread, in the order released. Loops call {@link #enter} and
 * {@link #exit} from their own threads; the futures complete on the caller's context.
 *
 * @param <E> a room message as the node passes it to its loops
 */
public final class RoomFeed<E> {

  private static final Logger log = LoggerFactory.getLogger(RoomFeed.class);

  /** How a room message's number and predecessor are read, and how a stored one becomes a message. */
  public interface Messages<E> {
    long seq(E message);

    long prev(E message);

    E fromStore(String room, StoredMessage stored);
  }

  /**
   * Where released messages go: {@code loops} has bit {@code i} set for each event loop {@code i}
   * with members. A message that is not released here (not wanted, or a late copy) is passed with
   * {@code loops} 0, so that whoever waits for it (its sender's {@code ok}) is not left waiting.
   */
  public interface Delivery<E> {
    void deliver(String room, long loops, E message);
  }

  /** Messages read from the store per request while filling a gap. */
  static final int FILL_BATCH = 200;
  /** Messages held for a room whose watch is still on its way; more are dropped (and filled later). */
  static final int EARLY_LIMIT = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final HistoryStore store;
  private final String nodeId;
  private final long gapWaitMs;
  private final Messages<E> messages;
  private final Delivery<E> delivery;
  private final Map<String, Room> rooms = new HashMap<>();
  /** Rooms whose messages this node receives now; read from any thread. */
  private final Set<String> watching = ConcurrentHashMap.newKeySet();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong filled = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  /** One watched (or being watched, or being let go) room. */
  private final class Room {
    final String name;
    long loops;
    boolean watched;
    boolean inFlight;
    RoomOrder<E> order;
    List<E> early = new ArrayList<>();
    /** Joins waiting for the watch: each is told null (watched) or why it failed. */
    List<java.util.function.Consumer<Throwable>> waiting = new ArrayList<>();
    boolean gapTimer;
    /** A watch refused on a minority is tried again. */
    boolean retryTimer;

    Room(String name) {
      this.name = name;
    }
  }

  /** Created on the context the feed runs on (its messages' consumer must be registered there too). */
  public RoomFeed(Vertx vertx, HistoryStore store, String nodeId, long gapWaitMs, Messages<E> messages, Delivery<E> delivery) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.store = store;
    this.nodeId = nodeId;
    this.gapWaitMs = gapWaitMs;
    this.messages = messages;
    this.delivery = delivery;
  }

  /**
   * Whether this node receives the room's messages now: false while a watch is on its way, or
   * waits for the cluster's majority. Any thread.
   */
  public boolean watching(String room) {
    return watching.contains(room);
  }

  /** Room messages that reached this node. */
  public long received() {
    return received.get();
  }

  /** Messages released from the store's copy: their own never came (the sender's node died after numbering them). */
  public long filled() {
    return filled.get();
  }

  /** Numbers given up on: a gap the store could no longer fill. */
  public long skipped() {
    return skipped.get();
  }

  /**
   * Event loop {@code loop} has its first member in {@code room}. Completes once the node receives
   * every message of the room numbered from then on.
   */
  public Future<Void> enter(String room, int loop) {
    Context caller = Vertx.currentContext();
    Promise<Void> entered = Promise.promise();
    context.runOnContext(v -> {
      Room state = rooms.computeIfAbsent(room, Room::new);
      state.loops |= 1L << loop;
      java.util.function.Consumer<Throwable> done = failure -> {
        Runnable complete = () -> {
          if (failure == null) {
            entered.complete();
          } else {
            entered.fail(failure);
          }
        };
        if (caller == null || caller == context) {
          complete.run();
        } else {
          caller.runOnContext(w -> complete.run());
        }
      };
      if (state.watched && !state.inFlight) {
        done.accept(null);
      } else {
        state.waiting.add(done);
        reconcile(state);
      }
    });
    return entered.future();
  }

  /** Event loop {@code loop} has no member left in {@code room}. */
  public void exit(String room, int loop) {
    context.runOnContext(v -> {
      Room state = rooms.get(room);
      if (state != null) {
        state.loops &= ~(1L << loop);
        reconcile(state);
      }
    });
  }

  /** A room message from the bus; on the feed's context. */
  public void arrived(String room, E message) {
    received.incrementAndGet();
    Room state = rooms.get(room);
    if (state == null || state.loops == 0) {
      delivery.deliver(room, 0, message); // not (or no longer) wanted here: a late one from before an unwatch
      return;
    }
    if (state.order == null) {
      if (state.early.size() < EARLY_LIMIT) {
        state.early.add(message);
      } else {
        delivery.deliver(room, 0, message);
      }
      return;
    }
    if (messages.seq(message) <= state.order.released()) {
      delivery.deliver(room, 0, message); // released already (from the store's copy): a late one
      return;
    }
    release(state, state.order.offer(messages.seq(message), messages.prev(message), message));
  }

  /** Brings the node's watch of the room in line with whether a loop has members in it. */
  private void reconcile(Room state) {
    if (state.inFlight) {
      return; // the call in flight reconciles when it completes
    }
    boolean wanted = state.loops != 0;
    if (wanted && !state.watched) {
      state.inFlight = true;
      store.watch(state.name, nodeId).onComplete(ar -> context.runOnContext(v -> {
        if (ar.succeeded()) {
          watched(state, ar.result());
        } else {
          watchFailed(state, ar.cause());
        }
      }));
    } else if (!wanted && state.watched) {
      state.inFlight = true;
      state.watched = false;
      watching.remove(state.name);
      state.order = null;
      state.early = new ArrayList<>();
      store.unwatch(state.name, nodeId).onComplete(ar -> context.runOnContext(v -> {
        state.inFlight = false;
        reconcile(state);
      }));
    } else if (!wanted) {
      rooms.remove(state.name, state);
    }
  }

  /**
   * The store could not be reached: the joins waiting fail rather than be answered while the node
   * might miss messages. A later join tries again.
   */
  private void watchFailed(Room state, Throwable cause) {
    state.inFlight = false;
    if (cause instanceof StoreUnavailable) {
      watchLater(state);
      return;
    }
    state.loops = 0;
    state.early = new ArrayList<>();
    List<java.util.function.Consumer<Throwable>> failed = state.waiting;
    state.waiting = new ArrayList<>();
    rooms.remove(state.name, state);
    failed.forEach(join -> join.accept(cause));
  }

  /**
   * On the minority side of a partition the room cannot be watched: nothing can be numbered here,
   * and the other side's messages cannot come. The joins are answered, and the room is watched as
   * soon as the cluster lets it (tried again every {@code gapWaitMs}); its messages flow from then.
   */
  private void watchLater(Room state) {
    List<java.util.function.Consumer<Throwable>> waiting = state.waiting;
    state.waiting = new ArrayList<>();
    waiting.forEach(join -> join.accept(null));
    if (!state.retryTimer) {
      state.retryTimer = true;
      vertx.setTimer(gapWaitMs, id -> context.runOnContext(v -> {
        state.retryTimer = false;
        reconcile(state);
      }));
    }
  }

  private void watched(Room state, long startAfter) {
    state.inFlight = false;
    state.watched = true;
    watching.add(state.name);
    state.order = new RoomOrder<>(startAfter);
    List<E> early = state.early;
    state.early = new ArrayList<>();
    early.sort(java.util.Comparator.comparingLong(messages::seq));
    for (E message : early) {
      release(state, state.order.offer(messages.seq(message), messages.prev(message), message));
    }
    List<java.util.function.Consumer<Throwable>> waiting = state.waiting;
    state.waiting = new ArrayList<>();
    waiting.forEach(join -> join.accept(null));
    reconcile(state);
  }

  private void release(Room state, List<E> released) {
    for (E message : released) {
      delivery.deliver(state.name, state.loops, message);
    }
    if (state.order != null && state.order.waiting() && !state.gapTimer) {
      state.gapTimer = true;
      vertx.setTimer(gapWaitMs, id -> context.runOnContext(v -> fillGap(state, state.order)));
    }
  }

  /** After the wait: what follows the last released number, read from the store. */
  private void fillGap(Room state, RoomOrder<E> order) {
    state.gapTimer = false;
    if (state.order != order || !order.waiting()) {
      return;
    }
    releaseFromStore(state, order);
  }

  /**
   * Reads what follows the last released number from the store and releases it, a batch at a
   * time, then whatever it unblocks; a failure waits {@code gapWaitMs} and tries again.
   */
  private void releaseFromStore(Room state, RoomOrder<E> order) {
    store.query(state.name, Direction.AFTER, order.released(), FILL_BATCH).onComplete(ar -> context.runOnContext(v -> {
      if (state.order != order) {
        return;
      }
      if (ar.failed()) {
        release(state, List.of()); // try again after another wait
        return;
      }
      HistoryPage page = ar.result();
      List<E> fetched = new ArrayList<>();
      for (StoredMessage stored : page.messages()) {
        fetched.add(messages.fromStore(state.name, stored));
      }
      boolean complete = page.messages().size() < FILL_BATCH;
      List<E> released = order.fill(fetched, messages::seq, complete, page.latest());
      Set<E> fromStore = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      fromStore.addAll(fetched);
      filled.addAndGet(released.stream().filter(fromStore::contains).count());
      if (complete && page.lost() != null) {
        skipped.addAndGet(page.lost().last() - page.lost().first() + 1);
      }
      if (!complete) {
        deliverAll(state, released);
        releaseFromStore(state, order);
      } else {
        release(state, released);
      }
    }));
  }

  /**
   * This node has merged back into its cluster after a partition: while it was cut off, the other
   * side numbered messages this node never received, and may have stopped counting it as a
   * watcher. Every watched room is watched again; what was numbered meanwhile is released from the
   * store, in order, before anything newer. If the cluster's log is behind what this node released
   * (both copies of the room were lost), the room's numbering restarts from the log's.
   */
  public void rewatch() {
    context.runOnContext(v -> List.copyOf(rooms.values()).forEach(this::rewatch));
  }

  /** A member joined (this node may see a majority now): rooms waiting to be watched are tried at once. */
  public void watchWaiting() {
    context.runOnContext(v -> List.copyOf(rooms.values()).forEach(state -> {
      if (!state.watched) {
        reconcile(state);
      }
    }));
  }

  private void rewatch(Room state) {
    if (!state.watched || state.inFlight) {
      reconcile(state); // a room waiting to be watched is watched now; one in flight meets the merged cluster
      return;
    }
    RoomOrder<E> order = state.order;
    state.inFlight = true;
    store.watch(state.name, nodeId).onComplete(ar -> context.runOnContext(v -> {
      state.inFlight = false;
      if (ar.failed()) {
        vertx.setTimer(gapWaitMs, id -> context.runOnContext(w -> rewatch(state)));
      } else if (state.order == order && ar.result() > order.released()) {
        releaseFromStore(state, order);
      } else if (state.order == order && ar.result() < order.released()) {
        log.warn("node {}: room {}: the cluster's log ends at {} but this node released up to {} (both copies "
            + "were lost in the partition); numbering continues from the cluster's", nodeId, state.name, ar.result(),
            order.released());
        state.order = new RoomOrder<>(ar.result());
      }
      reconcile(state);
    }));
  }

  private void deliverAll(Room state, List<E> released) {
    for (E message : released) {
      delivery.deliver(state.name, state.loops, message);
    }
  }
}
