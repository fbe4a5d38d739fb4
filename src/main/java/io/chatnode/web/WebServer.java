package io.chatnode.web;

import io.chatnode.config.NodeConfig;
import io.chatnode.config.WebSettings;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web port ({@code web.port}): {@code GET /} the chat page and its files, {@code GET /ws} a
 * WebSocket carrying the line protocol. Like the TCP server, one instance runs per event loop and
 * all share the port, so WebSocket connections spread over the loops; each accepted socket is
 * handed to {@code sockets} on the loop that accepted it. The operators' HTTP port is separate, so
 * that it can stay internal while this one faces users.
 */
public final class WebServer extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(WebServer.class);

  /** Where the page's files are on the class path. */
  static final String WEB_ROOT = "web";
  static final String SOCKET_PATH = "/ws";

  private final NodeConfig config;
  private final ServerSSLOptions ssl;
  private final Handler<ServerWebSocket> sockets;
  private final IntConsumer listening;
  private HttpServer server;

  /**
   * @param ssl the node's certificate when {@code web.tls}, else null
   * @param sockets takes each accepted WebSocket, on this instance's event loop
   * @param listening told the actual port once listening
   */
  public WebServer(NodeConfig config, ServerSSLOptions ssl, Handler<ServerWebSocket> sockets, IntConsumer listening) {
    this.config = config;
    this.ssl = ssl;
    this.sockets = sockets;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    WebSettings web = config.web();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(web.port())
        .setCompressionSupported(true)
        .setIdleTimeout(120)
        .setMaxWebSocketFrameSize(maxFrameBytes(config.limits().maxLineBytes()))
        .setMaxWebSocketMessageSize(maxFrameBytes(config.limits().maxLineBytes()));
    if (ssl != null) {
      // The node's certificate, protocols and suites; no client certificate is asked of a browser.
      options.setSsl(true)
          .setKeyCertOptions(ssl.getKeyCertOptions())
          .setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
      ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
    }
    return vertx.createHttpServer(options).requestHandler(router(web)).listen()
        .onSuccess(s -> {
          server = s;
          listening.accept(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /**
   * The largest WebSocket frame (and message) taken: well above a line, so that a line too long is
   * answered {@code err line_too_long} like on TCP and the socket stays open; a frame beyond even
   * this is refused by the WebSocket layer (close code 1009) before it is buffered.
   */
  static int maxFrameBytes(int maxLineBytes) {
    return Math.max(65_536, maxLineBytes * 4 + 16);
  }

  private Router router(WebSettings web) {
    OriginPolicy origins = new OriginPolicy(web);
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders(ssl != null));
    router.get(SOCKET_PATH).handler(ctx -> upgrade(ctx, origins));
    router.route().handler(ctx -> {
      // The page may change with a new version of the node: the browser asks each time whether
      // its copy is still current (a cheap 304), never runs a stale one.
      ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-cache");
      ctx.next();
    });
    router.get().handler(StaticHandler.create(WEB_ROOT)
        .setCachingEnabled(true)
        .setMaxAgeSeconds(0)
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setSendVaryHeader(true));
    return router;
  }

  private void upgrade(RoutingContext ctx, OriginPolicy origins) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    String host = request.getHeader(HttpHeaders.HOST);
    if (!origins.allows(origin, ssl != null ? "https" : "http", host)) {
      log.info("web socket refused: origin {} not allowed (web.allowedOrigins), from {}", origin,
          request.remoteAddress());
      ctx.response().setStatusCode(403).end("origin not allowed\n");
      return;
    }
    if (!request.canUpgradeToWebSocket()) {
      ctx.response().setStatusCode(426).putHeader(HttpHeaders.UPGRADE, "websocket").end("a WebSocket upgrade is expected\n");
      return;
    }
    request.toWebSocket().onSuccess(sockets).onFailure(e -> log.info("web socket upgrade failed from {}: {}",
        request.remoteAddress(), e.getMessage()));
  }
}
