package io.chatnode.bridge;

import io.chatnode.auth.FailureGuard;
import io.chatnode.auth.LoginUsers;
import io.chatnode.config.BridgeSettings;
import io.chatnode.config.ListenerPorts;
import io.chatnode.config.NodeConfig;
import io.chatnode.config.TlsSettings;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for services: one NetServer on {@code bridge.port} (TLS from the node's
 * certificate when {@code tls.enabled}), speaking Vert.x's bridge framing so that stock bridge
 * clients work, with chatnode's login, permissions and limits (see {@link BridgeConnection}).
 */
public final class BridgeServer extends AbstractVerticle {

  private static final Logger log = LoggerFactory.getLogger(BridgeServer.class);

  private final NodeConfig config;
  private final LoginUsers users;
  private final ChatDoor door;
  private final BridgeMetrics metrics;
  private final AtomicLong ids = new AtomicLong();
  private final Set<BridgeConnection> connections = new LinkedHashSet<>();
  private NetServer server;
  private volatile int port = -1;

  public BridgeServer(NodeConfig config, LoginUsers users, ChatDoor door, BridgeMetrics metrics) {
    this.config = config;
    this.users = users;
    this.door = door;
    this.metrics = metrics;
  }

  @Override
  public void start(Promise<Void> started) {
    BridgeSettings settings = config.bridge();
    BridgeConnection.Shared shared = new BridgeConnection.Shared(vertx, settings, config.auth(), users,
        new FailureGuard(config.auth().addressMaxFailures(), config.auth().addressWindowSeconds()), door, metrics,
        AddressRules.of(settings.consume()), AddressRules.of(settings.send()), AddressRules.of(settings.publish()),
        config.limits().requestTimeoutMs(), config.limits().maxPendingReplies());
    server = vertx.createNetServer(options(config));
    server.connectHandler(socket -> accept(socket, shared));
    server.listen().onSuccess(s -> {
      port = s.actualPort();
      log.info("bridge listening on {}:{}{}; users: {}", config.host(), port, config.tls().enabled() ? " (tls)" : "",
          settings.users().isEmpty() ? "none (bridge.users is empty)" : String.join(", ", settings.users()));
      started.complete();
    }).onFailure(e -> started.fail(ListenerPorts.bindFailed("bridge.port", settings.port(), e)));
  }

  private void accept(NetSocket socket, BridgeConnection.Shared shared) {
    BridgeConnection connection = new BridgeConnection("b" + ids.incrementAndGet(), socket, shared);
    connections.add(connection);
    connection.start(() -> connections.remove(connection));
  }

  static NetServerOptions options(NodeConfig config) {
    BridgeSettings settings = config.bridge();
    NetServerOptions options = new NetServerOptions().setHost(config.host()).setPort(settings.port())
        .setIdleTimeout(settings.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    TlsSettings tls = config.tls();
    if (!tls.enabled()) {
      return options;
    }
    options.setSsl(true);
    String name = tls.cert().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jks")) {
      options.setKeyCertOptions(new JksOptions().setPath(tls.cert()).setPassword(tls.keystorePassword()));
    } else if (tls.isKeystore()) {
      options.setKeyCertOptions(new PfxOptions().setPath(tls.cert()).setPassword(tls.keystorePassword()));
    } else {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key()));
    }
    if (!tls.clientCa().isEmpty()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(tls.clientCa()));
    }
    options.setClientAuth(switch (tls.clientAuth()) {
      case NONE -> ClientAuth.NONE;
      case REQUEST -> ClientAuth.REQUEST;
      case REQUIRED -> ClientAuth.REQUIRED;
    });
    return options;
  }

  /** The port the bridge listens on (the actual one when 0 was configured); -1 before start. */
  public int port() {
    return port;
  }

  @Override
  public void stop(Promise<Void> stopped) {
    new ArrayList<>(connections).forEach(c -> c.close("shutdown"));
    server.close().onComplete(ar -> stopped.complete());
  }
}
