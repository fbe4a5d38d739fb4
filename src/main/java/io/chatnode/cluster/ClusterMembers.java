package io.chatnode.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.chatnode.chat.Membership;
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

  private ClusterMembers(ClusterManager manager) {
    this.manager = manager;
    this.hazelcast = ((HazelcastClusterManager) manager).getHazelcastInstance();
  }

  /** The members of the cluster that {@code vertx} (clustered, on Hazelcast) belongs to. */
  public static ClusterMembers of(Vertx vertx) {
    return new ClusterMembers(((VertxInternal) vertx).clusterManager());
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
        // named by the id the departed node logged at start: Vert.x's node id, kept as a member attribute
        String vertxId = event.getMember().getAttribute(NodeIds.VERTX_NODE_ID_ATTRIBUTE);
        log.info("cluster member {} left; {} node(s) remain",
            NodeIds.of(vertxId != null ? vertxId : event.getMember().getUuid().toString()), event.getMembers().size());
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
