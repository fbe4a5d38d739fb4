package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.DirectMessage;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.chat.UserDirectory;
import io.chatnode.config.ListenerPorts;
import io.chatnode.config.TlsSettings;
import io.chatnode.protocol.Pushes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NetServer verticle. Deployed in several instances that share the port, so accepted
 * connections spread over event loops; each instance owns its connections, its rooms' event bus
 * consumers and its inbox for private messages, all on its own event loop.
 */
public final class ServerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ServerVerticle.class);

  private final NodeRuntime runtime;
  private final Map<String, Connection> connections = new HashMap<>();
  private int loopIndex;
  private LocalRooms rooms;
  private UserDirectory directory;
  private String inbox;
  private NetServer server;
  private NetServer tlsServer;
  private TlsMaterial tlsMaterial;
  private long tlsReloadTimer = -1;
  private WorkerExecutor passwordChecks;
  private long idleSweepTimer = -1;

  public ServerVerticle(NodeRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Future<?> start() {
    loopIndex = runtime.nextLoopIndex();
    inbox = BusContract.inbox(runtime.nodeId(), loopIndex);
    rooms = new LocalRooms(runtime.metrics(), connections);
    MessageConsumer<JsonObject> roomsConsumer = vertx.eventBus().consumer(BusContract.ROOMS, this::onRoomEvent);
    MessageConsumer<JsonObject> inboxConsumer = vertx.eventBus().consumer(inbox, this::onDirectMessage);
    MessageConsumer<JsonObject> presenceConsumer = vertx.eventBus().consumer(BusContract.PRESENCE,
        message -> rooms.announceRename(RenameEvent.fromJson(message.body())));
    startIdleSweep();
    if (runtime.config().auth().enabled()) {
      // PBKDF2 is slow on purpose: at most half the cores hash at once, whatever the number of
      // login attempts, so that guessers cannot starve the event loops (the others wait in line).
      passwordChecks = vertx.createSharedWorkerExecutor("chatnode-password-checks",
          Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }
    NetServerOptions options = listenerOptions(runtime.config().port());
    return UserDirectory.open(vertx)
        .compose(dir -> {
          directory = dir;
          return Future.all(roomsConsumer.completion(), inboxConsumer.completion(), presenceConsumer.completion());
        })
        .onSuccess(consuming -> runtime.handOffs().loopStarted(loopIndex))
        .compose(ignored -> !runtime.config().plainEnabled() ? Future.succeededFuture()
            : vertx.createNetServer(options).connectHandler(this::onConnect).listen()
                .recover(e -> Future.failedFuture(ListenerPorts.bindFailed("port", options.getPort(), e))).onSuccess(listening -> {
              server = listening;
              runtime.listeningOn(listening.actualPort());
            }))
        .compose(ignored -> startTls());
  }

  /** What the plain and the TLS listener have in common. */
  private NetServerOptions listenerOptions(int port) {
    return new NetServerOptions()
        .setHost(runtime.config().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setRegisterWriteHandler(false);
  }

  // ---- TLS -----------------------------------------------------------------------------------

  private Future<?> startTls() {
    TlsSettings tls = runtime.config().tls();
    if (!tls.enabled()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> TlsMaterial.read(tls), false).compose(material -> {
      tlsMaterial = material;
      NetServerOptions options = listenerOptions(tls.port())
          .setSsl(true)
          .setKeyCertOptions(material.sslOptions().getKeyCertOptions())
          .setTrustOptions(material.sslOptions().getTrustOptions())
          .setClientAuth(material.sslOptions().getClientAuth())
          .setEnabledSecureTransportProtocols(TlsMaterial.PROTOCOLS)
          .setSslHandshakeTimeout(10)
          .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
      TlsMaterial.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
      return vertx.createNetServer(options).connectHandler(this::onConnect).listen()
          .recover(e -> Future.failedFuture(ListenerPorts.bindFailed("tls.port", tls.port(), e)));
    }).onSuccess(listening -> {
      tlsServer = listening;
      runtime.tlsListeningOn(listening.actualPort());
      if (tls.reloadSeconds() > 0) {
        tlsReloadTimer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(tls.reloadSeconds()), id -> reloadTls(false));
      }
      Context context = vertx.getOrCreateContext();
      runtime.onTlsReloadRequest(() -> context.runOnContext(v -> reloadTls(true)));
    });
  }

  /**
   * Re-reads the certificate files and, if they changed (or {@code force}), gives the listener the
   * new material: new handshakes use it, established connections keep theirs. A half-written or
   * broken file keeps the old material and is tried again at the next check.
   */
  private void reloadTls(boolean force) {
    if (tlsServer == null) {
      return;
    }
    vertx.executeBlocking(() -> TlsMaterial.read(runtime.config().tls()), false)
        .compose(material -> {
          if (!force && material.sameFilesAs(tlsMaterial)) {
            return Future.succeededFuture(false);
          }
          return tlsServer.updateSSLOptions(material.sslOptions(), true).map(updated -> {
            tlsMaterial = material;
            runtime.tlsReloaded();
            if (loopIndex == 0) { // every loop's listener reloads; one line for the node
              log.info("TLS certificate material reloaded on port {}", runtime.tlsPort());
            }
            return updated;
          });
        })
        .onFailure(e -> log.warn("TLS reload failed, keeping the current certificate: {}", e.getMessage()));
  }

  /**
   * Stops accepting and shuts every connection down gracefully: Vert.x calls each connection's
   * shutdown handler, which says {@code bye shutdown} and closes, and closes whatever is left when
   * the grace period ends. Then waits for the connections' clean-ups.
   */
  @Override
  public Future<?> stop() {
    runtime.handOffs().loopStopped(loopIndex);
    if (idleSweepTimer >= 0) {
      vertx.cancelTimer(idleSweepTimer);
    }
    if (tlsReloadTimer >= 0) {
      vertx.cancelTimer(tlsReloadTimer);
    }
    if (passwordChecks != null) {
      passwordChecks.close();
    }
    List<Future<Void>> goodbyes = new ArrayList<>();
    for (Connection connection : connections.values()) {
      goodbyes.add(connection.cleanedUp());
    }
    long graceMs = TimeUnit.SECONDS.toMillis(runtime.config().limits().shutdownGraceSeconds());
    Future<Void> shutdown = Future.join(
        server == null ? Future.succeededFuture() : server.shutdown(Duration.ofMillis(graceMs)),
        tlsServer == null ? Future.succeededFuture() : tlsServer.shutdown(Duration.ofMillis(graceMs))).mapEmpty();
    return shutdown.compose(v -> Future.join(goodbyes))
        .timeout(graceMs, TimeUnit.MILLISECONDS)
        .recover(e -> {
          log.warn("shutdown: {} connection(s) not cleaned up within {} ms", connections.size(), graceMs);
          return Future.succeededFuture();
        });
  }

  private void onConnect(NetSocket socket) {
    if (!runtime.tryAdmit()) {
      log.warn("remote={} refused: server_full ({} connections)", socket.remoteAddress(),
          runtime.config().limits().maxConnections());
      socket.write(Connection.encodeLine(Pushes.bye("server_full"))).onComplete(ignored -> socket.close());
      runtime.metrics().connectionClosed("server_full");
      return;
    }
    runtime.metrics().connectionAccepted();
    Connection connection = new Connection(runtime.nextConnectionId(), socket, this);
    connections.put(connection.id(), connection);
    connection.start();
  }

  /** Called once by a connection that has closed. */
  void forget(Connection connection) {
    connections.remove(connection.id());
    runtime.released();
  }

  /** A room event to this loop's members; then, for a local {@code say}, tells its sender's node. */
  private void onRoomEvent(Message<JsonObject> message) {
    try {
      rooms.fanOut(RoomEvent.fromJson(message.body()));
    } finally {
      String handOff = message.headers().get(BusContract.HANDOFF_HEADER);
      if (handOff != null) {
        runtime.handOffs().handedOff(handOff, loopIndex);
      }
    }
  }

  private void onDirectMessage(Message<JsonObject> message) {
    DirectMessage dm = DirectMessage.fromJson(message.body());
    Connection target = connections.get(dm.to());
    if (target == null || !target.isOpen()) {
      message.fail(BusContract.NO_SUCH_CONNECTION, "no such connection");
      return;
    }
    if (target.push(Connection.encodeLine(Pushes.dm(dm.from(), dm.text())))) {
      runtime.metrics().pushesOut(1);
    }
    message.reply(null);
  }

  private void startIdleSweep() {
    int idleSeconds = runtime.config().limits().idleTimeoutSeconds();
    if (idleSeconds == 0) {
      return;
    }
    long timeoutNanos = TimeUnit.SECONDS.toNanos(idleSeconds);
    // One sweep per loop instead of a timer per connection: cheap at 10,000 connections, and
    // precise to a quarter of the timeout (at most one second).
    long period = Math.max(100, Math.min(1000, idleSeconds * 250L));
    idleSweepTimer = vertx.setPeriodic(period, id -> {
      long now = System.nanoTime();
      for (Connection connection : new ArrayList<>(connections.values())) {
        if (connection.idleNanos(now) > timeoutNanos) {
          connection.kick("idle_timeout");
        }
      }
    });
  }

  NodeRuntime runtime() {
    return runtime;
  }

  /** Where password hashes are checked; null unless {@code auth.enabled}. */
  io.vertx.core.WorkerExecutor passwordChecks() {
    return passwordChecks;
  }

  LocalRooms rooms() {
    return rooms;
  }

  UserDirectory directory() {
    return directory;
  }

  String inbox() {
    return inbox;
  }

  io.vertx.core.Vertx vertx() {
    return vertx;
  }
}
