package io.chatnode.chat;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the users of nodes that left the cluster without saying goodbye (killed, cut off), so
 * their nicknames are free again and their rooms' members get {@code left}.
 *
 * <p>Every node runs one, but only the cluster's lowest node id acts, so each departed user gets
 * one {@code left} per room; and a removal only counts if the entry is still the one seen
 * ({@code removeIfPresent}), so two nodes that both believe they lead cannot both announce it.
 * It sweeps when the cluster reports a member gone and, as a safety net for anything missed, every
 * {@code cluster.sweepSeconds}.
 */
public final class DeadNodeReaper extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DeadNodeReaper.class);

  private final int sweepSeconds;
  private ClusterManager clusterManager;
  private HazelcastInstance hazelcast;
  private UUID membershipListener;
  private UserDirectory directory;
  private long timer = -1;
  private boolean sweeping;

  public DeadNodeReaper(int sweepSeconds) {
    this.sweepSeconds = sweepSeconds;
  }

  @Override
  public Future<?> start() {
    clusterManager = ((VertxInternal) vertx).clusterManager();
    hazelcast = ((HazelcastClusterManager) clusterManager).getHazelcastInstance();
    return UserDirectory.open(vertx).onSuccess(dir -> {
      directory = dir;
      membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          // nothing to clean up
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          log.info("cluster member {} left; {} node(s) remain", event.getMember().getUuid(),
              event.getMembers().size());
          context.runOnContext(ignored -> sweep());
        }
      });
      timer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(sweepSeconds), id -> sweep());
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (membershipListener != null && hazelcast.getLifecycleService().isRunning()) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
    }
    return Future.succeededFuture();
  }

  private boolean leads() {
    List<String> nodes = clusterManager.getNodes();
    return !nodes.isEmpty() && nodes.stream().sorted().findFirst().get().equals(clusterManager.getNodeId());
  }

  /** Removes every user whose node is no longer a member. */
  void sweep() {
    if (sweeping || !hazelcast.getLifecycleService().isRunning() || !leads()) {
      return;
    }
    sweeping = true;
    Set<String> alive = new HashSet<>(clusterManager.getNodes());
    directory.entries()
        .compose(entries -> removeDeparted(entries, alive))
        .onComplete(ar -> {
          sweeping = false;
          if (ar.failed()) {
            log.warn("sweep of departed users failed: {}", ar.cause().toString());
          } else if (ar.result() > 0) {
            log.info("removed {} user(s) of departed node(s)", ar.result());
          }
        });
  }

  private Future<Integer> removeDeparted(Map<String, JsonObject> entries, Set<String> alive) {
    List<Future<Boolean>> removals = new ArrayList<>();
    entries.forEach((key, json) -> {
      UserRecord user = UserRecord.fromJson(json);
      if (!alive.contains(user.node())) {
        removals.add(directory.removeIfUnchanged(key, json).onSuccess(removed -> {
          if (removed) {
            user.rooms().forEach(room -> vertx.eventBus().publish(BusContract.ROOMS,
                RoomEvent.left(room, user.nick(), user.conn()).toJson()));
          }
        }));
      }
    });
    return Future.join(removals).map(ignored -> (int) removals.stream().filter(f -> f.succeeded() && f.result()).count());
  }
}
