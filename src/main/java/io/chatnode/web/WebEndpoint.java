package io.chatnode.web;

import io.chatnode.config.NodeConfig;
import io.chatnode.node.LoopListener;
import io.chatnode.node.NodeRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The node's web port as a whole: the listener every event loop runs, the port it got, and its
 * meters ({@code chatnode_web_sockets_open}, {@code chatnode_web_upgrades_refused_total}).
 * Thread-safe: the loops' listeners report here.
 */
public final class WebEndpoint {

  private final NodeConfig config;
  private final AtomicInteger openSockets = new AtomicInteger();
  private volatile int port = -1;
  private volatile Counter refused;

  public WebEndpoint(NodeConfig config) {
    this.config = config;
  }

  /** The listener kind to give {@code ChatNode.start}: one per event loop. */
  public Function<NodeRuntime, LoopListener> listeners() {
    return runtime -> {
      meters(runtime);
      return new WebListener(this, config);
    };
  }

  private synchronized void meters(NodeRuntime runtime) {
    if (refused != null) {
      return;
    }
    runtime.addListener("web", () -> port > 0);
    var registry = runtime.metrics().registry();
    Gauge.builder("chatnode.web.sockets.open", openSockets, AtomicInteger::get)
        .description("Open WebSocket connections on the web port (they count in chatnode_connections_open too)")
        .register(registry);
    refused = Counter.builder("chatnode.web.upgrades.refused")
        .description("WebSocket upgrades refused because of their Origin (web.allowedOrigins)").register(registry);
  }

  /** The web port (the actual one when 0 was configured); -1 until it listens. */
  public int port() {
    return port;
  }

  void listeningOn(int actualPort) {
    port = actualPort;
  }

  void opened() {
    openSockets.incrementAndGet();
  }

  void closed() {
    openSockets.decrementAndGet();
  }

  void refused() {
    refused.increment();
  }
}
