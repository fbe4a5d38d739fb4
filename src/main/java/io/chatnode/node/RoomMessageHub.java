package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.BusContract.Fields;
import io.chatnode.chat.RoomMessage;
import io.chatnode.history.Appended;
import io.chatnode.history.HistoryStore;
import io.chatnode.history.HistorySweeper;
import io.chatnode.history.RoomFeed;
import io.chatnode.history.StoreUnavailable;
import io.chatnode.history.StoredMessage;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.HistoryLines;
import io.chatnode.protocol.HistoryRequest;
import io.chatnode.protocol.Names;
import io.chatnode.protocol.Replies;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The node's room messages (protocol 1.1): numbers a {@code say} with the history store and sends
 * it to the nodes with members in its room; receives the messages of this node's rooms on
 * {@code chatnode.room.<node>} and releases them, each room in {@code seq} order
 * ({@link RoomFeed}), to the event loops with members; answers {@code history}. One per node, on
 * a context of its own, deployed before the server verticles.
 */
public final class RoomMessageHub extends VerticleBase {

  /** A loop's rooms, and the context to reach them on. */
  private record LoopTarget(Context context, LocalRooms rooms) {}

  private static final RoomFeed.Messages<RoomMessage> MESSAGES = new RoomFeed.Messages<>() {
    @Override
    public long seq(RoomMessage message) {
      return message.seq();
    }

    @Override
    public long prev(RoomMessage message) {
      return message.prev();
    }

    @Override
    public RoomMessage fromStore(String room, StoredMessage stored) {
      return new RoomMessage(room, stored.seq(), 0, stored.time(), stored.from(), stored.text(), stored.conn(), null);
    }
  };

  /** Released messages are shown to this node's observers only: every node with members publishes its own. */
  private static final DeliveryOptions OBSERVERS = new DeliveryOptions().setLocalOnly(true);

  private final NodeRuntime runtime;
  private final HistoryStore store;
  private final Supplier<Set<String>> aliveNodes;
  private HistorySweeper sweeper;
  private final AtomicReferenceArray<LoopTarget> loops = new AtomicReferenceArray<>(LocalHandOffs.MAX_TRACKED_LOOPS);
  private final AtomicLong appendIds = new AtomicLong();
  private volatile RoomFeed<RoomMessage> feed;

  /** @param aliveNodes the ids of the cluster's nodes (this one alone when not clustered) */
  public RoomMessageHub(NodeRuntime runtime, HistoryStore store, Supplier<Set<String>> aliveNodes) {
    this.runtime = runtime;
    this.store = store;
    this.aliveNodes = aliveNodes;
  }

  @Override
  public Future<?> start() {
    feed = new RoomFeed<>(vertx, store, runtime.nodeId(), runtime.config().history().gapWaitMs(), MESSAGES, this::deliver);
    var messages = vertx.eventBus().<JsonObject>consumer(BusContract.roomMessages(runtime.nodeId()), message -> {
      RoomMessage received = RoomMessage.fromJson(message.body());
      feed.arrived(received.room(), received);
    });
    var announcements = vertx.eventBus().<JsonObject>consumer(BusContract.SAY, this::announce);
    sweeper = new HistorySweeper(vertx, store, aliveNodes);
    runtime.clusterEvents().onRejoin(feed::rewatch);
    runtime.clusterEvents().onMemberJoined(feed::watchWaiting);
    registerMeters();
    sweeper.start();
    return Future.all(messages.completion(), announcements.completion());
  }

  private void registerMeters() {
    var metrics = runtime.metrics();
    metrics.counter("chatnode.room.events.received",
        "Room messages that reached this node (only those of rooms it has members in)", feed, RoomFeed::received);
    metrics.counter("chatnode.room.gaps.filled",
        "Room messages released from the history store because their own copy came too late", feed, RoomFeed::filled);
    metrics.gauge("chatnode.history.rooms", "Rooms whose history this node holds (at the last sweep)",
        () -> sweeper.size().rooms());
    metrics.gauge("chatnode.history.messages", "Messages in the history this node holds (at the last sweep)",
        () -> sweeper.size().messages());
  }

  @Override
  public Future<?> stop() {
    sweeper.stop();
    return Future.succeededFuture();
  }

  /** The store's epoch id, for {@code hello}. */
  public String epoch() {
    return store.epoch().id();
  }

  /** An event loop that fans room messages out to its members. */
  void loopStarted(int index, Context context, LocalRooms rooms) {
    if (index < LocalHandOffs.MAX_TRACKED_LOOPS) {
      loops.set(index, new LoopTarget(context, rooms));
    }
  }

  void loopStopped(int index) {
    if (index < LocalHandOffs.MAX_TRACKED_LOOPS) {
      loops.set(index, null);
    }
  }

  /** Loop {@code loop} has its first member in {@code room}: completes once the node receives the room's next message. */
  Future<Void> enter(String room, int loop) {
    return feed.enter(room, loop);
  }

  /** Loop {@code loop} has no member left in {@code room}. */
  void exit(String room, int loop) {
    feed.exit(room, loop);
  }

  /**
   * Numbers a message and sends it to every node with members in the room; completes with its
   * number. {@code handoff} (may be null) comes back to this node's loops with it.
   */
  Future<Long> say(String room, String nick, String text, String conn, String handoff) {
    if (!runtime.majority()) {
      // The other side numbers this room's messages now; a number given here would clash with its.
      return Future.failedFuture(new StoreUnavailable("this node sees no majority of its cluster"));
    }
    if (handoff != null && !feed.watching(room)) {
      // Its member joined while the node was cut off: the message could not come back to the room here.
      return Future.failedFuture(new StoreUnavailable("room " + room + " is not received here yet"));
    }
    String id = runtime.nodeId() + "-" + appendIds.incrementAndGet();
    return store.append(room, id, nick, text, conn).map(appended -> {
      send(new RoomMessage(room, appended.seq(), appended.prev(), appended.time(), nick, text, conn, handoff), appended);
      return appended.seq();
    });
  }

  private void send(RoomMessage message, Appended appended) {
    JsonObject body = message.toJson();
    for (String node : appended.watchers()) {
      vertx.eventBus().send(BusContract.roomMessages(node), body);
    }
  }

  /**
   * The answer to a {@code history} request, its limit cut to {@code history.maxPerRequest}: the
   * {@code hist} lines and then the reply, as one block, so that nothing can come between them.
   * Only for members of the room ({@code member}).
   */
  Future<String> history(HistoryRequest request, boolean member) {
    if (!runtime.config().history().enabled()) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "this node keeps no history"));
    }
    if (!member) {
      return Future.succeededFuture(Replies.err(ErrorCode.NOT_MEMBER,
          "join " + request.room() + " before asking for its history"));
    }
    HistoryRequest limited = request.limitedTo(runtime.config().history().maxPerRequest());
    long started = System.nanoTime();
    return store.query(limited.room(), limited.direction(), limited.seq(), limited.limit())
        .andThen(ar -> runtime.metrics().historyRequest(System.nanoTime() - started))
        .map(page -> {
          StringBuilder block = new StringBuilder();
          for (StoredMessage m : page.messages()) {
            block.append(HistoryLines.hist(limited.room(), m.seq(), m.time(), m.from(), m.text())).append('\n');
          }
          return block.append(HistoryLines.reply(page.messages().size(), page.latest(), page.lost())).toString();
        });
  }

  /** {@code chatnode.say}: a verticle says something in a room. */
  private void announce(Message<JsonObject> request) {
    JsonObject body = request.body();
    String room = body.getString(Fields.ROOM);
    String nick = body.getString(Fields.NICK);
    String text = body.getString(Fields.TEXT);
    if (room == null || nick == null || text == null) {
      request.fail(400, "room, nick and text are needed");
      return;
    }
    say(Names.key(room), nick, text, null, null).onComplete(ar -> {
      if (ar.succeeded()) {
        request.reply(new JsonObject().put(Fields.SEQ, ar.result()));
      } else {
        request.fail(500, String.valueOf(ar.cause()));
      }
    });
  }

  /**
   * A released message to the loops with members ({@code mask}); every other loop of the node is
   * done with it at once, so that a local sender's {@code ok} waits only for the loops that have
   * something to do.
   */
  private void deliver(String room, long mask, RoomMessage message) {
    LocalHandOffs handOffs = runtime.handOffs();
    String token = message.handoff();
    for (int i = 0; i < loops.length(); i++) {
      LoopTarget target = loops.get(i);
      if (target == null) {
        continue;
      }
      int loop = i;
      if ((mask & (1L << i)) != 0) {
        target.context().runOnContext(v -> {
          target.rooms().fanOutMessage(message);
          if (token != null) {
            handOffs.handedOff(token, loop);
          }
        });
      } else if (token != null) {
        handOffs.handedOff(token, loop);
      }
    }
    vertx.eventBus().publish(BusContract.MESSAGES, message.withoutHandoff().toJson(), OBSERVERS);
  }
}
