package io.chatnode.cluster;

import io.chatnode.config.ClusterSettings;
import io.chatnode.config.NodeConfig;
import io.chatnode.config.TlsSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The Vert.x instance a node runs on, clustered or not, with what the node needs to know about it:
 * its id (the cluster manager's node id when clustered) and the cluster's size.
 */
public record NodeVertx(Vertx vertx, String nodeId, IntSupplier clusterSize, boolean clustered,
    PrometheusMeterRegistry registry) {

  /**
   * A Vert.x instance that is not clustered and was created elsewhere (tests): the node's meters
   * get a registry of their own, without Vert.x's event bus meters.
   */
  public static NodeVertx standalone(Vertx vertx) {
    return new NodeVertx(vertx, newNodeId(), () -> 1, false, newRegistry());
  }

  /** A short random node id, unique enough to tell the nodes of a cluster apart in logs. */
  public static String newNodeId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** In the cluster: the cluster manager is active and lists this node. */
  public boolean joined() {
    return !clustered || ClusterMembers.of(vertx).joined();
  }

  /**
   * Event bus traffic between nodes over mutual TLS: each node presents its TLS certificate and
   * accepts only peers whose certificate chains to {@code cluster.eventBusCa}. Peers are reached by
   * IP address, so the CA, not the host name, is what is checked. Hazelcast's own traffic is not
   * covered (docs/SECURITY.md).
   */
  private static void secure(EventBusOptions eventBus, NodeConfig config) {
    TlsSettings tls = config.tls();
    eventBus.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setTrustOptions(new PemTrustOptions().addCertPath(config.cluster().eventBusCa()))
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
    if (tls.isKeystore()) {
      eventBus.setKeyCertOptions(new KeyStoreOptions()
          .setType(tls.cert().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12")
          .setPath(tls.cert()).setPassword(tls.keystorePassword()));
    } else {
      eventBus.setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert()).setKeyPath(tls.key()));
    }
  }

  public static Future<NodeVertx> create(NodeConfig config) {
    ClusterSettings cluster = config.cluster();
    PrometheusMeterRegistry registry = newRegistry();
    // Vert.x's own meters (event bus, net and HTTP servers, pools) go to the node's registry.
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    if (!cluster.enabled()) {
      Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
      return Future.succeededFuture(new NodeVertx(vertx, newNodeId(), () -> 1, false, registry));
    }
    EventBusOptions eventBus = eventBusOptions(cluster);
    if (cluster.eventBusTls()) {
      secure(eventBus, config);
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSetup.config(cluster));
    return Vertx.builder()
        .with(options.setEventBusOptions(eventBus))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> {
          ClusterMembers members = ClusterMembers.of(vertx);
          return new NodeVertx(vertx, members.self(), () -> members.nodes().size(), true, registry);
        });
  }

  /**
   * Where the clustered event bus listens and what it advertises. Bound to loopback for a local
   * cluster; otherwise the configured host, or Vert.x's choice (the cluster manager's address).
   */
  static EventBusOptions eventBusOptions(ClusterSettings cluster) {
    EventBusOptions eventBus = new EventBusOptions().setPort(cluster.eventBusPort());
    String host = !cluster.eventBusHost().isEmpty() ? cluster.eventBusHost()
        : !cluster.host().isEmpty() ? cluster.host() : cluster.localOnly() ? "127.0.0.1" : null;
    if (host != null) {
      eventBus.setHost(host);
    }
    if (!cluster.eventBusPublicHost().isEmpty()) {
      // In a container the bind address is not what others can reach: advertise this one.
      eventBus.setClusterPublicHost(cluster.eventBusPublicHost());
    }
    return eventBus;
  }
}
