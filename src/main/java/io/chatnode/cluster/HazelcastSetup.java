package io.chatnode.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.chatnode.config.ClusterSettings;
import io.chatnode.history.HazelcastHistoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Hazelcast configuration of a node: conf/hazelcast.xml (carried in the jar) with the
 * {@code cluster.*} keys applied on top, so operators set addresses and discovery the same way as
 * every other key (file, {@code --conf}, {@code CHATNODE_CLUSTER_*} variables).
 */
public final class HazelcastSetup {

  /** The split-brain protection of the history map: a majority of {@code cluster.expectedNodes}. */
  public static final String MAJORITY = "chatnode-majority";
  /** Where the build puts the copy of conf/hazelcast.xml inside the jar. */
  public static final String RESOURCE = "chatnode-conf/hazelcast.xml";

  private static final String LOOPBACK = "127.0.0.1";
  /** Ports a local cluster is looked for on: enough for a handful of nodes on one machine. */
  private static final int LOCAL_PORTS = 10;

  private HazelcastSetup() {}

  public static Config config(ClusterSettings settings) {
    Config config = load();
    config.setClusterName(settings.name());
    int heartbeatTimeout = settings.failureDetectionSeconds();
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(heartbeatTimeout));
    // Hazelcast's defaults (300 s, then every 120 s) keep the sides of a healed partition apart for
    // minutes; a chat cluster wants them together again within seconds.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(settings.mergeFirstDelaySeconds()));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(settings.mergeNextDelaySeconds()));
    protectHistory(config, settings.expectedNodes());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port());
    String host = !settings.host().isEmpty() ? settings.host() : settings.localOnly() ? LOOPBACK : "";
    if (!host.isEmpty()) {
      network.getInterfaces().setEnabled(true).addInterface(host);
      config.setProperty("hazelcast.local.localAddress", host);
    }
    if (!settings.publicHost().isEmpty()) {
      network.setPublicAddress(settings.publicHost());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (!settings.dnsService().isEmpty()) {
      // Kubernetes: the headless Service's DNS name resolves to every ready pod.
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true)
          .setProperty("service-dns", settings.dnsService())
          .setProperty("service-port", Integer.toString(settings.port()));
    } else {
      join.getTcpIpConfig().setEnabled(true).getMembers().clear();
      if (settings.members().isEmpty()) {
        // Nodes on this machine: the first ports from cluster.port, where they will have bound.
        for (int port = settings.port(); port < settings.port() + LOCAL_PORTS; port++) {
          join.getTcpIpConfig().addMember(LOOPBACK + ":" + port);
        }
      } else {
        settings.members().forEach(join.getTcpIpConfig()::addMember);
      }
    }
    return config;
  }

  /**
   * A room's messages are numbered by the owner of its partition. On the minority side of a
   * partition that owner is a stand-in holding a stale copy (or none), and its numbers would clash
   * with the majority's; Hazelcast refuses every operation on the history there, including one
   * already retrying when the partition was found. Without an expected size (0) there is no
   * majority to ask for.
   */
  private static void protectHistory(Config config, int expectedNodes) {
    if (expectedNodes <= 0) {
      return;
    }
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MAJORITY, true, expectedNodes / 2 + 1));
    config.getMapConfig(HazelcastHistoryStore.ROOMS_MAP).setSplitBrainProtectionName(MAJORITY);
  }

  private static Config load() {
    try (InputStream in = HazelcastSetup.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
