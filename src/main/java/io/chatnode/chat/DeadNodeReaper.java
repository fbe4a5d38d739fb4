package io.chatnode.chat;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Across a partition: a node that sees no majority of the expected members does not sweep (the
 * nodes it cannot see are probably alive, on the other side). The leader is in its own list of
 * members, so no node ever removes its own users.
 */
public final class DeadNodeReaper extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(DeadNodeReaper.class);

  private final int sweepSeconds;
  private final long holdMillis;
  private final Membership membership;
  private Runnable stopListening;
  private UserDirectory directory;
  private long timer = -1;
  private boolean sweeping;

  /**
   * @param holdMillis how long a removed user's nickname is held back from claims: long enough for
   *     a node that is only cut off to find itself in a minority and give its users' names up
   */
  public DeadNodeReaper(int sweepSeconds, long holdMillis, Membership membership) {
    this.sweepSeconds = sweepSeconds;
    this.holdMillis = holdMillis;
    this.membership = membership;
  }

  @Override
  public Future<?> start() {
    return UserDirectory.open(vertx).onSuccess(dir -> {
      directory = dir;
      stopListening = membership.onMemberLeft(() -> context.runOnContext(ignored -> sweep()));
      timer = vertx.setPeriodic(TimeUnit.SECONDS.toMillis(sweepSeconds), id -> sweep());
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (stopListening != null) {
      stopListening.run();
    }
    return Future.succeededFuture();
  }

  private boolean leads() {
    List<String> nodes = membership.nodes();
    return !nodes.isEmpty() && nodes.stream().sorted().findFirst().get().equals(membership.self());
  }

  /**
   * Removes every user whose node is no longer a member; completes with how many (0 when this
   * node does not act: not the leader, already sweeping, or in a minority).
   */
  Future<Integer> sweep() {
    if (sweeping || !membership.active() || !membership.majority() || !leads()) {
      return Future.succeededFuture(0);
    }
    sweeping = true;
    Set<String> alive = new HashSet<>(membership.nodes());
    return directory.entries()
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
    Set<String> departed = new HashSet<>();
    entries.values().forEach(json -> departed.add(UserRecord.fromJson(json).node()));
    departed.removeAll(alive);
    Map<String, Future<Boolean>> gracefully = new HashMap<>();
    departed.forEach(node -> gracefully.put(node, directory.isLeaving(node)));
    return Future.all(List.copyOf(gracefully.values())).compose(marks -> {
      List<Future<Boolean>> removals = new ArrayList<>();
      entries.forEach((key, json) -> {
        UserRecord user = UserRecord.fromJson(json);
        if (departed.contains(user.node())) {
          removals.add(remove(key, json, user, gracefully.get(user.node()).result()));
        }
      });
      return Future.join(removals).map(ignored -> (int) removals.stream().filter(f -> f.succeeded() && f.result()).count());
    });
  }

  /**
   * Removes one departed user, and tells its rooms. Unless its node shut down gracefully, the
   * nickname is held back first: the node may only be cut off, its user still connected until it
   * finds itself in a minority and gives the name up.
   */
  private Future<Boolean> remove(String key, JsonObject json, UserRecord user, boolean gracefully) {
    Future<Void> held = gracefully ? Future.succeededFuture() : directory.holdBack(user.nick(), holdMillis);
    return held.compose(v -> directory.removeIfUnchanged(key, json)).onSuccess(removed -> {
      if (removed) {
        user.rooms().forEach(room -> vertx.eventBus().publish(BusContract.ROOMS,
            RoomEvent.left(room, user.nick(), user.conn()).toJson()));
      }
    });
  }
}
