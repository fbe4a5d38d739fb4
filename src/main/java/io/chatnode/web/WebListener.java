package io.chatnode.web;

import io.chatnode.config.ListenerPorts;
import io.chatnode.config.NodeConfig;
import io.chatnode.node.LoopContext;
import io.chatnode.node.LoopListener;
import io.chatnode.node.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web port of one event loop ({@code web.port}): {@code GET /} the chat page and its files,
 * {@code GET /ws} a WebSocket carrying the line protocol. Every loop listens on the same port, as
 * the TCP listeners do, so WebSocket connections spread over the loops; each accepted socket
 * becomes a {@link WebSocketTransport} handed to this loop's session pipeline. The operators'
 * HTTP port stays separate, so that it can stay internal while this one faces users.
 */
final class WebListener implements LoopListener {

  private static final Logger log = LoggerFactory.getLogger(WebListener.class);

  /** Where the page's files are on the class path. */
  static final String WEB_ROOT = "web";
  static final String SOCKET_PATH = "/ws";

  private final WebEndpoint endpoint;
  private final NodeConfig config;
  private Vertx vertx;
  private HttpServer server;
  private TlsMaterial tlsMaterial;
  private long reloadTimer = -1;
  private KeepAliveTimeout keepAlive;

  WebListener(WebEndpoint endpoint, NodeConfig config) {
    this.endpoint = endpoint;
    this.config = config;
  }

  @Override
  public Future<?> start(LoopContext loop) {
    vertx = loop.vertx();
    Future<TlsMaterial> tls = config.web().tls()
        ? vertx.executeBlocking(() -> TlsMaterial.read(config.tls()), false)
        : Future.succeededFuture();
    return tls.compose(material -> {
          tlsMaterial = material;
          ServerSSLOptions ssl = material == null ? null : browserFacing(material.sslOptions());
          keepAlive = new KeepAliveTimeout(vertx, config.web().idleTimeoutSeconds());
          return vertx.createHttpServer(options(ssl)).connectionHandler(keepAlive::opened)
              .requestHandler(router(loop, ssl != null)).listen()
              .recover(e -> Future.failedFuture(ListenerPorts.bindFailed("web.port", config.web().port(), e)));
        })
        .onSuccess(listening -> {
          server = listening;
          endpoint.listeningOn(listening.actualPort());
          int reloadSeconds = config.tls().reloadSeconds();
          if (tlsMaterial != null && reloadSeconds > 0) {
            reloadTimer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(reloadSeconds), id -> reloadCertificate());
          }
        });
  }

  /** The node's certificate, protocols and suites, without asking a browser for a certificate. */
  private static ServerSSLOptions browserFacing(ServerSSLOptions node) {
    ServerSSLOptions ssl = new ServerSSLOptions()
        .setKeyCertOptions(node.getKeyCertOptions())
        .setEnabledSecureTransportProtocols(node.getEnabledSecureTransportProtocols());
    node.getEnabledCipherSuites().forEach(ssl::addEnabledCipherSuite);
    return ssl;
  }

  /**
   * Takes up a renewed certificate (checked every {@code tls.reloadSeconds}, as the TLS port
   * does): new handshakes use it, open sockets keep theirs; a broken file keeps the old one.
   */
  private void reloadCertificate() {
    vertx.executeBlocking(() -> TlsMaterial.read(config.tls()), false)
        .compose(material -> {
          if (material.sameFilesAs(tlsMaterial)) {
            return Future.succeededFuture(false);
          }
          return server.updateSSLOptions(browserFacing(material.sslOptions()), true).map(updated -> {
            tlsMaterial = material;
            log.info("TLS certificate material reloaded on web port {}", endpoint.port());
            return updated;
          });
        })
        .onFailure(e -> log.warn("web port TLS reload failed, keeping the current certificate: {}", e.getMessage()));
  }

  private HttpServerOptions options(ServerSSLOptions ssl) {
    int maxFrame = maxFrameBytes(config.limits().maxLineBytes());
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.web().port())
        .setCompressionSupported(true)
        .setIdleTimeout(0) // an open chat is idle for long: KeepAliveTimeout times out plain HTTP only
        .setMaxWebSocketFrameSize(maxFrame)
        .setMaxWebSocketMessageSize(maxFrame)
        .setRegisterWebSocketWriteHandlers(false);
    if (ssl != null) {
      options.setSsl(true)
          .setKeyCertOptions(ssl.getKeyCertOptions())
          .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
      ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
    }
    return options;
  }

  /**
   * The largest WebSocket frame taken: well above a line, so that a line too long is answered
   * {@code err line_too_long} as on TCP and the socket stays open; a frame beyond even this is
   * refused by the WebSocket layer (close code 1009) before it is buffered.
   */
  static int maxFrameBytes(int maxLineBytes) {
    return Math.max(65_536, maxLineBytes * 4 + 16);
  }

  private Router router(LoopContext loop, boolean tls) {
    OriginPolicy origins = new OriginPolicy(config.web());
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      HttpConnection connection = ctx.request().connection();
      keepAlive.requestStarted(connection);
      ctx.addEndHandler(ended -> keepAlive.requestEnded(connection));
      ctx.next();
    });
    router.route().handler(new SecurityHeaders(tls));
    router.get(SOCKET_PATH).handler(ctx -> upgrade(ctx, loop, origins, tls));
    router.route().handler(ctx -> {
      // The page changes with the node's version: the browser asks each time whether its copy is
      // current (a cheap 304 by ETag or Last-Modified) and never runs a stale one.
      ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache");
      ctx.next();
    });
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(StaticHandler.create(WEB_ROOT)
        .setCachingEnabled(true)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setSendVaryHeader(true));
    return router;
  }

  private void upgrade(RoutingContext ctx, LoopContext loop, OriginPolicy origins, boolean tls) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (!origins.allows(origin, tls ? "https" : "http", request.getHeader(HttpHeaders.HOST))) {
      log.info("remote={} web socket refused: origin {} is not allowed (web.allowedOrigins)",
          request.remoteAddress(), origin);
      endpoint.refused();
      ctx.response().setStatusCode(403).end("origin not allowed\n");
      return;
    }
    if (!request.canUpgradeToWebSocket()) {
      ctx.response().setStatusCode(426).putHeader(HttpHeaders.UPGRADE, "websocket")
          .end("a WebSocket upgrade is expected here\n");
      return;
    }
    request.toWebSocket()
        .onSuccess(socket -> {
          keepAlive.upgraded(request.connection());
          endpoint.opened();
          loop.open(new WebSocketTransport(socket, request.connection(), config.limits().maxLineBytes(),
              endpoint::closed));
        })
        .onFailure(e -> log.info("remote={} web socket upgrade failed: {}", request.remoteAddress(), e.getMessage()));
  }

  /** Stops accepting; each open WebSocket is asked to say {@code bye shutdown} and close. */
  @Override
  public Future<?> shutdown(Duration grace) {
    if (reloadTimer >= 0) {
      vertx.cancelTimer(reloadTimer);
    }
    return server == null ? Future.succeededFuture() : server.shutdown(grace);
  }
}
