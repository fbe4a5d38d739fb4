package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.DirectMessage;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.chat.UserDirectory;
import io.chatnode.chat.UserRecord;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Tags;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server verticle of one event loop. Deployed in several instances, each on its own loop;
 * each owns that loop's {@link LoopContext} (its connections, its rooms' event bus consumer and
 * its inbox for private messages) and starts its listeners ({@link LoopListener}: TCP, TLS, and
 * whatever the composition root adds), which share their ports across the instances.
 */
public final class ServerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ServerVerticle.class);

  private final NodeRuntime runtime;
  private final List<Function<NodeRuntime, LoopListener>> listenerKinds;
  private final List<LoopListener> listeners = new ArrayList<>();
  private int loopIndex;
  private LoopContext loop;
  private WorkerExecutor passwordChecks;
  private long idleSweepTimer = -1;

  /**
   * @param listenerKinds one factory per kind of listener beyond TCP and TLS (which are always
   *                      there), called once per instance
   */
  public ServerVerticle(NodeRuntime runtime, List<Function<NodeRuntime, LoopListener>> listenerKinds) {
    this.runtime = runtime;
    this.listenerKinds = List.copyOf(listenerKinds);
  }

  @Override
  public Future<?> start() {
    loopIndex = runtime.nextLoopIndex();
    String inbox = BusContract.inbox(runtime.nodeId(), loopIndex);
    LoopConnections connections = new LoopConnections(runtime);
    LocalRooms rooms = new LocalRooms(runtime.metrics(), connections);
    MessageConsumer<JsonObject> roomsConsumer = vertx.eventBus().consumer(BusContract.ROOMS, this::onRoomEvent);
    MessageConsumer<JsonObject> inboxConsumer = vertx.eventBus().consumer(inbox, this::onDirectMessage);
    MessageConsumer<JsonObject> presenceConsumer = vertx.eventBus().consumer(BusContract.PRESENCE,
        message -> loop.rooms().announceRename(RenameEvent.fromJson(message.body())));
    if (runtime.config().auth().enabled()) {
      // PBKDF2 is slow on purpose: at most half the cores hash at once, whatever the number of
      // login attempts, so that guessers cannot starve the event loops (the others wait in line).
      passwordChecks = vertx.createSharedWorkerExecutor("chatnode-password-checks",
          Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }
    Credentials credentials = new Credentials(runtime::users, runtime.authFailures(), passwordChecks);
    listeners.add(TcpListener.plain(runtime));
    listeners.add(TcpListener.tls(runtime, loopIndex == 0));
    listenerKinds.forEach(kind -> listeners.add(kind.apply(runtime)));
    return UserDirectory.open(vertx)
        .compose(directory -> {
          loop = new LoopContext(vertx, runtime.nodeId(), inbox, runtime.config().limits(), runtime.config().auth(),
              runtime.config().lobby(), runtime.config().reservedNames(), runtime.metrics(), rooms,
              new TurnFlusher(context), directory, runtime.handOffs(), credentials, runtime, connections, loopIndex,
              runtime.config().history(), runtime.hub());
          return Future.all(roomsConsumer.completion(), inboxConsumer.completion(), presenceConsumer.completion());
        })
        .onSuccess(consuming -> {
          runtime.hub().loopStarted(loopIndex, context, rooms);
          runtime.clusterEvents().onRejoin(() -> context.runOnContext(ignored -> loop.connections().reassertAll()));
          runtime.clusterEvents().onMinority(() -> context.runOnContext(ignored -> loop.connections().yieldAllNicknames()));
          if (loopIndex == 0) {
            // after the merged data has arrived: a sweep period later
            runtime.clusterEvents().onMemberJoined(() -> vertx.setTimer(runtime.config().cluster().sweepSeconds() * 1000L,
                id -> removeStaleOwnRecords()));
          }
          runtime.handOffs().loopStarted(loopIndex);
          startIdleSweep();
        })
        .compose(ignored -> startListeners(0));
  }

  /**
   * Removes the directory's records that name this node but no connection it has open: copies of
   * records this node removed while a partition cut the other side off, which the merge brought
   * back (Hazelcast merges the smaller side's entries where the key is absent). Their rooms were
   * told {@code left} when the user went, so nothing is announced now.
   */
  private void removeStaleOwnRecords() {
    loop.directory().entries().onSuccess(entries -> entries.forEach((key, json) -> {
      UserRecord user = UserRecord.fromJson(json);
      if (runtime.nodeId().equals(user.node()) && !runtime.clusterEvents().isLive(user.conn())) {
        loop.directory().removeIfUnchanged(key, json).onSuccess(removed -> {
          if (removed) {
            log.info("conn={} nick={} removed a stale record of this node (brought back by a merge)", user.conn(),
                user.nick());
          }
        });
      }
    }));
  }

  /** This loop's context; null until started. */
  public LoopContext loopContext() {
    return loop;
  }

  private Future<?> startListeners(int from) {
    if (from == listeners.size()) {
      return Future.succeededFuture();
    }
    return listeners.get(from).start(loop).compose(ignored -> startListeners(from + 1));
  }

  /**
   * Stops accepting and shuts every connection down gracefully (each says {@code bye shutdown}
   * and closes; the listeners close whatever is left when the grace period ends), then waits for
   * the connections' clean-ups.
   */
  @Override
  public Future<?> stop() {
    runtime.hub().loopStopped(loopIndex);
    runtime.handOffs().loopStopped(loopIndex);
    if (idleSweepTimer >= 0) {
      vertx.cancelTimer(idleSweepTimer);
    }
    if (passwordChecks != null) {
      passwordChecks.close();
    }
    if (loop == null) {
      return Future.succeededFuture();
    }
    List<Future<Void>> goodbyes = loop.connections().cleanedUp();
    long graceMs = TimeUnit.SECONDS.toMillis(runtime.config().limits().shutdownGraceSeconds());
    List<Future<?>> shutdowns = new ArrayList<>();
    listeners.forEach(listener -> shutdowns.add(listener.shutdown(Duration.ofMillis(graceMs))));
    return Future.join(shutdowns).compose(v -> Future.join(goodbyes))
        .timeout(graceMs, TimeUnit.MILLISECONDS)
        .recover(e -> {
          log.warn("shutdown: {} connection(s) not cleaned up within {} ms", loop.connections().size(), graceMs);
          return Future.succeededFuture();
        });
  }

  /** A room event to this loop's members; then, for a local {@code say}, tells its sender's node. */
  private void onRoomEvent(Message<JsonObject> message) {
    try {
      loop.rooms().fanOut(RoomEvent.fromJson(message.body()));
    } finally {
      String handOff = message.headers().get(BusContract.HANDOFF_HEADER);
      if (handOff != null) {
        runtime.handOffs().handedOff(handOff, loopIndex);
      }
    }
  }

  private void onDirectMessage(Message<JsonObject> message) {
    DirectMessage dm = DirectMessage.fromJson(message.body());
    Connection target = loop.connections().get(dm.to());
    if (target == null || !target.isOpen()) {
      message.fail(BusContract.NO_SUCH_CONNECTION, "no such connection");
      return;
    }
    String line = Pushes.dm(dm.from(), dm.text());
    if (target.push(Outbound.encodeLine(target.tags() ? Tags.dm(dm.time(), line) : line))) {
      runtime.metrics().pushesOut(1);
    }
    message.reply(null);
  }

  /** One sweep per loop instead of a timer per connection: cheap at 10,000 connections. */
  private void startIdleSweep() {
    int idleSeconds = runtime.config().limits().idleTimeoutSeconds();
    if (idleSeconds == 0) {
      return;
    }
    long timeoutNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
    idleSweepTimer = vertx.setPeriodic(LoopConnections.sweepPeriodMs(idleSeconds),
        id -> loop.connections().closeIdle(timeoutNanos));
  }
}
