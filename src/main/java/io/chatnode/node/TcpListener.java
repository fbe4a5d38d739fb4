package io.chatnode.node;

import io.chatnode.config.TlsSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener of one event loop, plain ({@code port}) or TLS ({@code tls.port}): every
 * instance of the server verticle listens on the same port, so accepted connections spread over
 * the event loops. Each accepted socket becomes a {@link TcpTransport} handed to the loop.
 * The TLS listener also reloads its certificate files (every {@code tls.reloadSeconds}, and on
 * SIGHUP).
 */
final class TcpListener implements LoopListener {

  private static final Logger log = LoggerFactory.getLogger(TcpListener.class);

  private final NodeRuntime runtime;
  private final boolean tls;
  private Vertx vertx;
  private NetServer server;
  private TlsMaterial tlsMaterial;
  private long reloadTimer = -1;

  private TcpListener(NodeRuntime runtime, boolean tls) {
    this.runtime = runtime;
    this.tls = tls;
  }

  static TcpListener plain(NodeRuntime runtime) {
    return new TcpListener(runtime, false);
  }

  static TcpListener tls(NodeRuntime runtime) {
    return new TcpListener(runtime, true);
  }

  @Override
  public Future<?> start(LoopContext loop) {
    vertx = loop.vertx();
    int maxLineBytes = loop.limits().maxLineBytes();
    if (!tls) {
      if (!runtime.config().plainEnabled()) {
        return Future.succeededFuture();
      }
      return vertx.createNetServer(options(runtime.config().port()))
          .connectHandler(socket -> loop.open(new TcpTransport(socket, maxLineBytes)))
          .listen()
          .onSuccess(listening -> {
            server = listening;
            runtime.listeningOn(listening.actualPort());
          });
    }
    TlsSettings settings = runtime.config().tls();
    if (!settings.enabled()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> TlsMaterial.read(settings), false).compose(material -> {
      tlsMaterial = material;
      NetServerOptions options = options(settings.port())
          .setSsl(true)
          .setKeyCertOptions(material.sslOptions().getKeyCertOptions())
          .setTrustOptions(material.sslOptions().getTrustOptions())
          .setClientAuth(material.sslOptions().getClientAuth())
          .setEnabledSecureTransportProtocols(TlsMaterial.PROTOCOLS)
          .setSslHandshakeTimeout(10)
          .setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
      TlsMaterial.CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
      return vertx.createNetServer(options)
          .connectHandler(socket -> loop.open(new TcpTransport(socket, maxLineBytes)))
          .listen();
    }).onSuccess(listening -> {
      server = listening;
      runtime.tlsListeningOn(listening.actualPort());
      if (settings.reloadSeconds() > 0) {
        reloadTimer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(settings.reloadSeconds()), id -> reload(false));
      }
      Context context = vertx.getOrCreateContext();
      runtime.onTlsReloadRequest(() -> context.runOnContext(v -> reload(true)));
    });
  }

  /** What the plain and the TLS listener have in common. */
  private NetServerOptions options(int port) {
    return new NetServerOptions()
        .setHost(runtime.config().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setRegisterWriteHandler(false);
  }

  /**
   * Re-reads the certificate files and, if they changed (or {@code force}), gives the listener the
   * new material: new handshakes use it, established connections keep theirs. A half-written or
   * broken file keeps the old material and is tried again at the next check.
   */
  private void reload(boolean force) {
    if (server == null) {
      return;
    }
    vertx.executeBlocking(() -> TlsMaterial.read(runtime.config().tls()), false)
        .compose(material -> {
          if (!force && material.sameFilesAs(tlsMaterial)) {
            return Future.succeededFuture(false);
          }
          return server.updateSSLOptions(material.sslOptions(), true).map(updated -> {
            tlsMaterial = material;
            runtime.tlsReloaded();
            log.info("TLS certificate material reloaded on port {}", runtime.tlsPort());
            return updated;
          });
        })
        .onFailure(e -> log.warn("TLS reload failed, keeping the current certificate: {}", e.getMessage()));
  }

  /**
   * Stops accepting; Vert.x calls each connection's shutdown handler, which says
   * {@code bye shutdown} and closes, and closes whatever is left when the grace period ends.
   */
  @Override
  public Future<?> shutdown(Duration grace) {
    if (reloadTimer >= 0) {
      vertx.cancelTimer(reloadTimer);
    }
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }
}
