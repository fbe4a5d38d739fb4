package io.chatnode.ops;

import io.chatnode.config.ListenerPorts;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The node's HTTP port for operators (key {@code http.port}): liveness, readiness and Prometheus
 * metrics. Plain Vert.x core HTTP: three fixed paths need no router.
 */
public final class OpsServer extends VerticleBase {

  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";
  public static final String METRICS = "/metrics";
  /** The Prometheus text exposition format, version 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final String host;
  private final int port;
  private final Health health;
  private final PrometheusMeterRegistry registry;
  private final IntConsumer listening;
  private HttpServer server;

  /** Told the actual port once listening. */
  public interface IntConsumer {
    void accept(int port);
  }

  /** Listens on {@code host:port} ({@code http.port}; 0 for any free port). */
  public OpsServer(String host, int port, Health health, PrometheusMeterRegistry registry, IntConsumer listening) {
    this.host = host;
    this.port = port;
    this.health = health;
    this.registry = registry;
    this.listening = listening;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setIdleTimeout(60);
    return vertx.createHttpServer(options).requestHandler(this::handle).listen()
        .recover(e -> Future.failedFuture(ListenerPorts.bindFailed("http.port", options.getPort(), e)))
        .onSuccess(s -> {
          server = s;
          listening.accept(s.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (!path.equals(LIVE) && !path.equals(READY) && !path.equals(METRICS)) {
      request.response().setStatusCode(404).end();
      return;
    }
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      request.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
      return;
    }
    switch (path) {
      case LIVE -> json(request, 200, new JsonObject().put("status", "up"));
      case READY -> {
        boolean ready = health.ready();
        JsonObject listeners = new JsonObject();
        health.listeners().forEach(listeners::put);
        JsonObject body = new JsonObject()
            .put("status", ready ? "up" : "down")
            .put("listening", health.listening())
            .put("listeners", listeners)
            .put("cluster", health.inCluster())
            .put("nodes", health.clusterSize())
            .put("shuttingDown", health.shuttingDown());
        json(request, ready ? 200 : 503, body);
      }
      default -> vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
        if (ar.succeeded()) {
          request.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(ar.result());
        } else {
          request.response().setStatusCode(500).end(String.valueOf(ar.cause()));
        }
      });
    }
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.encode());
  }
}
