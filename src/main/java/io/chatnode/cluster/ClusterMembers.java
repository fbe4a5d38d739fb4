package io.chatnode.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.chatnode.chat.Membership;
import io.chatnode.config.ClusterSettings;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members of a clustered node's cluster, from its cluster manager: who is in, and a callback
 * when one leaves; what the chat domain's cleanup of departed users asks ({@link Membership}). Vert.x exposes its cluster manager only through its internal API, and the
 * departure callback only through Hazelcast: both stay in this class.
 */
public final class ClusterMembers implements Membership {

  private static final Logger log = LoggerFactory.getLogger(ClusterMembers.class);

  private final ClusterManager manager;
  private final HazelcastInstance hazelcast;
  private final int expectedNodes;

  private ClusterMembers(ClusterManager manager, int expectedNodes) {
    this.manager = manager;
    this.hazelcast = ((HazelcastClusterManager) manager).getHazelcastInstance();
    this.expectedNodes = expectedNodes;
  }

  /** The members of the cluster that {@code vertx} (clustered, on Hazelcast) belongs to; no expected size. */
  public static ClusterMembers of(Vertx vertx) {
    return new ClusterMembers(((VertxInternal) vertx).clusterManager(), 0);
  }

  /** The same, judging majorities by {@code cluster.expectedNodes}. */
  public static ClusterMembers of(Vertx vertx, ClusterSettings settings) {
    return new ClusterMembers(((VertxInternal) vertx).clusterManager(), settings.expectedNodes());
  }

  /** The cluster's expected size ({@code cluster.expectedNodes}), 0 when not known. */
  public int expectedNodes() {
    return expectedNodes;
  }

  /** Nodes in the cluster as this node sees it. */
  public int size() {
    return manager.getNodes().size();
  }

  /** More than half of the expected nodes are members (always, when no size is expected). */
  @Override
  public boolean majority() {
    return expectedNodes == 0 || 2 * size() > expectedNodes;
  }

  /** The id a member logged at start: Vert.x's node id, kept as a member attribute. */
  static String nodeIdOf(Member member) {
    String vertxId = member.getAttribute(NodeIds.VERTX_NODE_ID_ATTRIBUTE);
    return NodeIds.of(vertxId != null ? vertxId : member.getUuid().toString());
  }

  @Override
  public List<String> nodes() {
    return manager.getNodes().stream().map(NodeIds::of).toList();
  }

  @Override
  public String self() {
    return NodeIds.of(manager.getNodeId());
  }

  /** The embedded Hazelcast member, for cluster-wide structures of the node's own (room history). */
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** The cluster manager is active and lists this node. */
  public boolean joined() {
    return manager.isActive() && manager.getNodes().contains(manager.getNodeId());
  }

  @Override
  public boolean active() {
    return hazelcast.getLifecycleService().isRunning();
  }

  /** {@code onLeft} runs on a Hazelcast thread. */
  @Override
  public Runnable onMemberLeft(Runnable onLeft) {
    UUID registration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // nothing to clean up
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        log.info("cluster member {} left; {} node(s) remain", nodeIdOf(event.getMember()), event.getMembers().size());
        onLeft.run();
      }
    });
    return () -> {
      if (active()) {
        hazelcast.getCluster().removeMembershipListener(registration);
      }
    };
  }
}
