package io.chatnode.history;

import io.chatnode.config.HistorySettings;
import io.chatnode.protocol.HistoryRequest.Direction;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The history of a single node: one {@link RoomLog} per room in a map, each changed under its own
 * lock. Every operation is a few map and deque steps on the caller's thread (a query copies at
 * most {@code history.maxPerRequest} messages), so event loops call it directly.
 */
public final class InMemoryHistoryStore implements HistoryStore {

  private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
  private final LogLimits limits;
  private final Clock clock;
  private final Epoch epoch;

  public InMemoryHistoryStore(HistorySettings settings, Clock clock) {
    this.limits = LogLimits.of(settings);
    this.clock = clock;
    this.epoch = Epoch.fresh(clock.millis());
  }

  @Override
  public Epoch epoch() {
    return epoch;
  }

  @Override
  public Future<Appended> append(String room, String id, String from, String text, String conn) {
    return Future.succeededFuture(withLog(room, log -> log.append(id, from, text, conn, clock.millis(), epoch.startMillis(), limits)));
  }

  @Override
  public Future<Long> watch(String room, String node) {
    return Future.succeededFuture(withLog(room, log -> log.watch(node)));
  }

  /**
   * Runs {@code change} on the room's log under its lock, creating the log if needed. A log that
   * a sweep let go between the lookup and the lock is not used: the change goes to the new one.
   */
  private <T> T withLog(String room, java.util.function.Function<RoomLog, T> change) {
    while (true) {
      RoomLog log = rooms.computeIfAbsent(room, name -> new RoomLog());
      synchronized (log) {
        if (rooms.get(room) == log) {
          return change.apply(log);
        }
      }
    }
  }

  @Override
  public Future<Void> unwatch(String room, String node) {
    RoomLog log = rooms.get(room);
    if (log != null) {
      synchronized (log) {
        log.unwatch(node);
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<HistoryPage> query(String room, Direction direction, long seq, int limit) {
    RoomLog log = rooms.get(room);
    if (log == null) {
      return Future.succeededFuture(new RoomLog().query(direction, seq, limit, clock.millis(), limits));
    }
    synchronized (log) {
      return Future.succeededFuture(log.query(direction, seq, limit, clock.millis(), limits));
    }
  }

  @Override
  public Future<Size> sweep(Set<String> aliveNodes) {
    long now = clock.millis();
    long messages = 0;
    for (Map.Entry<String, RoomLog> entry : rooms.entrySet()) {
      RoomLog log = entry.getValue();
      synchronized (log) {
        // Removed under the log's lock, so an append that holds it first is never lost with it;
        // one that comes after finds the room gone and starts a new log.
        if (log.sweep(aliveNodes, now, limits)) {
          rooms.remove(entry.getKey(), log);
        } else {
          messages += log.keptCount();
        }
      }
    }
    return Future.succeededFuture(new Size(rooms.size(), messages));
  }
}
