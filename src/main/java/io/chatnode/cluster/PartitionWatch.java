package io.chatnode.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells operators what a partition does to this node: one log line, with node ids as logged at
 * start, when the node loses or regains a majority of the expected members, when a member joins
 * (the other side of a healed partition comes back), and when this node merges into another part
 * of its cluster; and meters of the same.
 *
 * <p>Listens on Hazelcast threads; everything it touches is thread-safe.
 */
public final class PartitionWatch {

  private static final Logger log = LoggerFactory.getLogger(PartitionWatch.class);

  private final ClusterMembers members;
  private final String self;
  private final AtomicBoolean majority = new AtomicBoolean(true);
  private final Counter minorities;
  private final Counter merges;
  private final Counter joins;
  private UUID membershipRegistration;
  private UUID lifecycleRegistration;

  private final Runnable onMerged;
  private final Runnable onMemberJoined;
  private final Runnable onMinority;

  private PartitionWatch(ClusterMembers members, MeterRegistry registry, Runnable onMerged, Runnable onMemberJoined,
      Runnable onMinority) {
    this.members = members;
    this.onMerged = onMerged;
    this.onMemberJoined = onMemberJoined;
    this.onMinority = onMinority;
    this.self = members.self();
    this.minorities = Counter.builder("chatnode.cluster.minority.entered")
        .description("Times this node found itself seeing no majority of cluster.expectedNodes (a partition or lost members)")
        .register(registry);
    this.merges = Counter.builder("chatnode.cluster.merges")
        .description("Times this node merged into another part of its cluster after a partition healed")
        .register(registry);
    this.joins = Counter.builder("chatnode.cluster.members.joined")
        .description("Members that joined the cluster as this node sees it (starts, and returns after a partition)")
        .register(registry);
    Gauge.builder("chatnode.cluster.majority", () -> members.majority() ? 1 : 0)
        .description("1 while this node sees a majority of cluster.expectedNodes (or none is set), else 0")
        .register(registry);
  }

  /**
   * Starts watching {@code members}' cluster; meters go to {@code registry}. On a Hazelcast thread,
   * {@code onMerged} runs each time this node has merged back into its cluster, and
   * {@code onMemberJoined} each time another member joins (or comes back), and {@code onMinority}
   * each time this node loses its majority.
   */
  public static PartitionWatch start(ClusterMembers members, MeterRegistry registry, Runnable onMerged,
      Runnable onMemberJoined, Runnable onMinority) {
    PartitionWatch watch = new PartitionWatch(members, registry, onMerged, onMemberJoined, onMinority);
    watch.majority.set(members.majority());
    watch.listen();
    return watch;
  }

  private void listen() {
    membershipRegistration = members.hazelcast().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        joins.increment();
        log.info("node {}: cluster member {} joined; {} node(s) now", self,
            ClusterMembers.nodeIdOf(event.getMember()), event.getMembers().size());
        checkMajority();
        onMemberJoined.run();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        checkMajority();
      }
    });
    lifecycleRegistration = members.hazelcast().getLifecycleService().addLifecycleListener(this::lifecycle);
  }

  private void lifecycle(LifecycleEvent event) {
    LifecycleState state = event.getState();
    if (state == LifecycleState.MERGING) {
      log.info("node {}: a partition has healed; merging into the other part of the cluster", self);
    } else if (state == LifecycleState.MERGED) {
      merges.increment();
      log.info("node {}: merged back into the cluster; {} node(s) now; re-asserting this node's users", self,
          members.size());
      checkMajority();
      onMerged.run();
    } else if (state == LifecycleState.MERGE_FAILED) {
      log.warn("node {}: merging into the other part of the cluster failed; Hazelcast tries again", self);
    }
  }

  /** Logs (once per change) whether this node sees a majority of the expected members. */
  private void checkMajority() {
    if (!members.active()) {
      return;
    }
    boolean now = members.majority();
    if (majority.getAndSet(now) == now) {
      return;
    }
    if (now) {
      log.info("node {}: majority regained: sees {} of {} expected node(s); ready, nicknames open", self,
          members.size(), members.expectedNodes());
    } else {
      minorities.increment();
      log.warn("node {}: in a minority (partition?): sees {} of {} expected node(s) {}; not ready, "
          + "nicknames given up, claims, logins and room messages refused until the cluster re-forms", self,
          members.size(), members.expectedNodes(), members.nodes());
      onMinority.run();
    }
  }

  /** Stops listening (the cluster may already be gone). */
  public void stop() {
    if (members.active()) {
      members.hazelcast().getCluster().removeMembershipListener(membershipRegistration);
      members.hazelcast().getLifecycleService().removeLifecycleListener(lifecycleRegistration);
    }
  }
}
