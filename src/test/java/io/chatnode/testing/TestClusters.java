package io.chatnode.testing;

import io.chatnode.cluster.NodeVertx;
import io.chatnode.config.NodeConfig;
import io.chatnode.app.ChatNode;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Clustered nodes in this JVM, on loopback, in a cluster of their own (a random name). */
public final class TestClusters {

  private TestClusters() {}

  /** A fresh cluster name, so that test clusters never meet each other or a developer's nodes. */
  public static String newClusterName() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A cluster port range of its own (10 ports from a random base), so that a test cluster is not
   * crowded out of the default ports by other clusters on the machine.
   */
  public static int newClusterPort() {
    return 20_000 + 10 * java.util.concurrent.ThreadLocalRandom.current().nextInt(2_000);
  }

  /** A started clustered node and the Vert.x instance it runs on. */
  public record Member(NodeVertx nodeVertx, ChatNode node) {
    public int port() {
      return node.port();
    }

    public String nodeId() {
      return node.nodeId();
    }

    /** Leaves the cluster cleanly, as on SIGTERM: goodbyes first, then the cluster. */
    public void stop() {
      Await.await(node.stop());
      Await.await(nodeVertx.vertx().close(), 60);
    }
  }

  public static Member start(String clusterName, int clusterPort, JsonObject overrides) {
    JsonObject all = new JsonObject().put("cluster.enabled", true).put("cluster.name", clusterName)
        .put("cluster.port", clusterPort)
        .put("cluster.failureDetectionSeconds", 4).put("cluster.sweepSeconds", 1);
    overrides.forEach(e -> all.put(e.getKey(), e.getValue()));
    NodeConfig config = TestNodes.config(all);
    NodeVertx nodeVertx = Await.await(NodeVertx.create(config), 120);
    return new Member(nodeVertx, Await.await(ChatNode.start(nodeVertx, config)));
  }
}
