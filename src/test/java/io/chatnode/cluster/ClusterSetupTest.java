package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.chatnode.config.ClusterSettings;
import io.chatnode.testing.TestNodes;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How cluster.* keys become Hazelcast and event bus settings; no cluster is started. */
class ClusterSetupTest {

  private static ClusterSettings settings(JsonObject overrides) {
    return TestNodes.config(overrides).cluster();
  }

  @Test
  void byDefaultMulticastIsOffAndMembersAreLookedForOnLoopback() {
    Config config = HazelcastSetup.config(settings(new JsonObject()));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getKubernetesConfig().isEnabled());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals("127.0.0.1:5701", join.getTcpIpConfig().getMembers().get(0));
    assertEquals(10, join.getTcpIpConfig().getMembers().size());
    assertEquals(List.of("127.0.0.1"), config.getNetworkConfig().getInterfaces().getInterfaces().stream().toList());
    assertEquals("chatnode", config.getClusterName());
    assertEquals("8", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("5", config.getProperty("hazelcast.merge.first.run.delay.seconds"), "not Hazelcast's 300");
    assertEquals("5", config.getProperty("hazelcast.merge.next.run.delay.seconds"), "not Hazelcast's 120");
    assertTrue(config.getMultiMapConfigs().containsKey("__vertx.subs"), "what Vert.x needs is kept");
    assertEquals("127.0.0.1", NodeVertx.eventBusOptions(settings(new JsonObject())).getHost());
  }

  @Test
  void mergeDelaysComeFromTheirKeys() {
    Config config = HazelcastSetup.config(settings(new JsonObject()
        .put("cluster.mergeFirstDelaySeconds", 2).put("cluster.mergeNextDelaySeconds", 3)));
    assertEquals("2", config.getProperty("hazelcast.merge.first.run.delay.seconds"));
    assertEquals("3", config.getProperty("hazelcast.merge.next.run.delay.seconds"));
  }

  @Test
  void listedMembersAndAddressesAreUsedAsGiven() {
    ClusterSettings s = settings(new JsonObject()
        .put("cluster.members", "10.0.0.1, 10.0.0.2:5710,")
        .put("cluster.host", "10.0.0.3").put("cluster.port", 5801).put("cluster.publicHost", "203.0.113.7")
        .put("cluster.name", "prod"));
    Config config = HazelcastSetup.config(s);
    assertEquals(List.of("10.0.0.1", "10.0.0.2:5710"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertEquals("203.0.113.7", config.getNetworkConfig().getPublicAddress());
    assertEquals("prod", config.getClusterName());
    EventBusOptions eventBus = NodeVertx.eventBusOptions(s);
    assertEquals("10.0.0.3", eventBus.getHost(), "the event bus binds where the cluster does");
  }

  @Test
  void inKubernetesMembersAreFoundThroughTheHeadlessService() {
    ClusterSettings s = settings(new JsonObject()
        .put("cluster.dnsService", "chatnode-cluster.chat.svc.cluster.local")
        .put("cluster.eventBusPublicHost", "10.1.2.3").put("cluster.eventBusPort", 17001));
    JoinConfig join = HazelcastSetup.config(s).getNetworkConfig().getJoin();
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("chatnode-cluster.chat.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    EventBusOptions eventBus = NodeVertx.eventBusOptions(s);
    assertEquals("10.1.2.3", eventBus.getClusterPublicHost(), "advertise a reachable address, not localhost");
    assertEquals(17001, eventBus.getPort());
  }
}
