package io.chatnode.history;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.chatnode.config.HistorySettings;
import io.chatnode.protocol.HistoryRequest.Direction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The history of a cluster: one {@link RoomLog} per room as the value of an entry of the Hazelcast
 * map {@value #ROOMS_MAP} (one backup copy, objects kept as objects: conf/hazelcast.xml). Every
 * change is an entry processor, so it runs on the owner of the room's partition, one at a time per
 * partition, and is replayed on the backup: the owner is the room's sequencer, and numbering,
 * storing and the list of nodes that must receive the message are one atomic step that survives
 * the loss of any one member.
 *
 * <p>Why a map of logs rather than a {@code Ringbuffer} per room: the ring numbers and stores, but
 * delivery needs to know atomically which nodes watch the room, a ring keeps its full capacity
 * allocated while it exists, and a ring of an idle room can only be let go by destroying it, which
 * races with a concurrent add and restarts its numbers. Here a room's log grows with its messages,
 * watchers live in the same entry, and letting go is an entry processor that decides under the
 * partition's order.
 *
 * <p>All calls are Hazelcast's asynchronous ones; results come back on the caller's context.
 */
public final class HazelcastHistoryStore implements HistoryStore {

  /** The map of room logs, by room. */
  public static final String ROOMS_MAP = "chatnode.history";
  /** The map holding the {@link Epoch} under {@value #EPOCH_KEY}. */
  public static final String META_MAP = "chatnode.history.meta";
  static final String EPOCH_KEY = "epoch";

  private final Vertx vertx;
  private final IMap<String, RoomLog> rooms;
  private final LogLimits limits;
  private final Clock clock;
  private final Epoch epoch;

  private HazelcastHistoryStore(Vertx vertx, IMap<String, RoomLog> rooms, LogLimits limits, Clock clock, Epoch epoch) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.limits = limits;
    this.clock = clock;
    this.epoch = epoch;
  }

  /**
   * Opens the cluster's history: the epoch is the one the cluster has, or a new one when this is
   * the first node of a cluster that starts afresh (all members were gone, so was the map).
   */
  public static Future<HistoryStore> open(Vertx vertx, HazelcastInstance hazelcast, HistorySettings settings, Clock clock) {
    IMap<String, Epoch> meta = hazelcast.getMap(META_MAP);
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(meta.submitToKey(EPOCH_KEY, new EpochOnce(Epoch.fresh(clock.millis()))), context)
        .map(epoch -> new HazelcastHistoryStore(vertx, hazelcast.getMap(ROOMS_MAP), LogLimits.of(settings), clock, epoch));
  }

  @Override
  public Epoch epoch() {
    return epoch;
  }

  @Override
  public Future<Appended> append(String room, String id, String from, String text, String conn) {
    return back(rooms.submitToKey(room, new Append(id, from, text, conn, clock.millis(), epoch.startMillis(), limits)));
  }

  @Override
  public Future<Long> watch(String room, String node) {
    return back(rooms.submitToKey(room, new Watch(node, true)));
  }

  @Override
  public Future<Void> unwatch(String room, String node) {
    return back(rooms.submitToKey(room, new Watch(node, false))).mapEmpty();
  }

  @Override
  public Future<HistoryPage> query(String room, Direction direction, long seq, int limit) {
    return back(rooms.submitToKey(room, new Query(direction, seq, limit, clock.millis(), limits)));
  }

  @Override
  public Future<Size> sweep(Set<String> aliveNodes) {
    Context context = vertx.getOrCreateContext();
    // localKeySet reads this member's partitions only; cheap, but not an async call.
    return vertx.executeBlocking(() -> Set.copyOf(rooms.localKeySet()), false)
        .compose(keys -> keys.isEmpty() ? Future.succeededFuture(Map.<String, Integer>of())
            : Future.fromCompletionStage(rooms.submitToKeys(keys, new Sweep(aliveNodes, clock.millis(), limits)), context))
        .map(results -> {
          int kept = 0;
          long messages = 0;
          for (Integer count : results.values()) {
            if (count != null && count >= 0) {
              kept++;
              messages += count;
            }
          }
          return new Size(kept, messages);
        });
  }

  /**
   * A Hazelcast completion, back on the caller's context (or any when called off Vert.x); a refusal
   * by the majority's split-brain protection becomes a {@link StoreUnavailable}.
   */
  private <T> Future<T> back(CompletionStage<T> stage) {
    Context context = Vertx.currentContext();
    Future<T> result = context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
    return result.recover(HazelcastHistoryStore::unavailableIfMinority);
  }

  private static <T> Future<T> unavailableIfMinority(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof SplitBrainProtectionException) {
      return Future.failedFuture(new StoreUnavailable("no majority of the cluster: " + cause.getMessage()));
    }
    return Future.failedFuture(failure);
  }

  // ---- entry processors: run on the partition's owner, and the changing ones on its backup ---

  /**
   * Numbers and keeps a message; the time and epoch travel with it so the backup does the same.
   * Serialized by {@link HistorySerialization}: it crosses the cluster twice per message (to the
   * owner and to the backup), and Java serialization of it cost a few hundred microseconds.
   */
  static final class Append implements EntryProcessor<String, RoomLog, Appended>, IdentifiedDataSerializable {
    private String id;
    private String from;
    private String text;
    private String conn;
    private long now;
    private long epochStart;
    private int roomLength;
    private long ttlMillis;

    Append() {}

    Append(String id, String from, String text, String conn, long now, long epochStart, LogLimits limits) {
      this.id = id;
      this.from = from;
      this.text = text;
      this.conn = conn;
      this.now = now;
      this.epochStart = epochStart;
      this.roomLength = limits.roomLength();
      this.ttlMillis = limits.ttlMillis();
    }

    @Override
    public Appended process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue() == null ? new RoomLog() : entry.getValue();
      Appended appended = log.append(id, from, text, conn, now, epochStart, new LogLimits(roomLength, ttlMillis));
      entry.setValue(log);
      return appended;
    }

    @Override
    public int getFactoryId() {
      return HistorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return HistorySerialization.APPEND;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(id);
      out.writeString(from);
      out.writeString(text);
      out.writeString(conn);
      out.writeLong(now);
      out.writeLong(epochStart);
      out.writeInt(roomLength);
      out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      id = in.readString();
      from = in.readString();
      text = in.readString();
      conn = in.readString();
      now = in.readLong();
      epochStart = in.readLong();
      roomLength = in.readInt();
      ttlMillis = in.readLong();
    }
  }

  /** Adds or removes a watching node; completes with the room's last number. */
  static final class Watch implements EntryProcessor<String, RoomLog, Long>, IdentifiedDataSerializable {
    private String node;
    private boolean on;

    Watch() {}

    Watch(String node, boolean on) {
      this.node = node;
      this.on = on;
    }

    @Override
    public Long process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue();
      if (log == null && !on) {
        return 0L;
      }
      if (log == null) {
        log = new RoomLog();
      }
      long last = on ? log.watch(node) : log.lastSeq();
      if (!on) {
        log.unwatch(node);
      }
      entry.setValue(log);
      return last;
    }

    @Override
    public int getFactoryId() {
      return HistorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return HistorySerialization.WATCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(node);
      out.writeBoolean(on);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      node = in.readString();
      on = in.readBoolean();
    }
  }

  /** Reads a page; read-only, so Hazelcast neither locks the entry nor involves the backup. */
  static final class Query implements EntryProcessor<String, RoomLog, HistoryPage>, ReadOnly, IdentifiedDataSerializable {
    private Direction direction;
    private long seq;
    private int limit;
    private long now;
    private int roomLength;
    private long ttlMillis;

    Query() {}

    Query(Direction direction, long seq, int limit, long now, LogLimits limits) {
      this.direction = direction;
      this.seq = seq;
      this.limit = limit;
      this.now = now;
      this.roomLength = limits.roomLength();
      this.ttlMillis = limits.ttlMillis();
    }

    @Override
    public HistoryPage process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue() == null ? new RoomLog() : entry.getValue();
      return log.query(direction, seq, limit, now, new LogLimits(roomLength, ttlMillis));
    }

    @Override
    public EntryProcessor<String, RoomLog, HistoryPage> getBackupProcessor() {
      return null;
    }

    @Override
    public int getFactoryId() {
      return HistorySerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return HistorySerialization.QUERY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(direction.ordinal());
      out.writeLong(seq);
      out.writeInt(limit);
      out.writeLong(now);
      out.writeInt(roomLength);
      out.writeLong(ttlMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      direction = Direction.values()[in.readInt()];
      seq = in.readLong();
      limit = in.readInt();
      now = in.readLong();
      roomLength = in.readInt();
      ttlMillis = in.readLong();
    }
  }

  /** Forgets departed watchers, expires messages, lets the room go if it may; -1 when let go, else messages kept. */
  record Sweep(Set<String> alive, long now, LogLimits limits) implements EntryProcessor<String, RoomLog, Integer> {
    Sweep {
      alive = Set.copyOf(alive);
    }

    @Override
    public Integer process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue();
      if (log == null) {
        return -1;
      }
      if (log.sweep(alive, now, limits)) {
        entry.setValue(null);
        return -1;
      }
      entry.setValue(log);
      return log.keptCount();
    }
  }

  /** The epoch already set, or this one set now. */
  record EpochOnce(Epoch candidate) implements EntryProcessor<String, Epoch, Epoch> {
    @Override
    public Epoch process(Map.Entry<String, Epoch> entry) {
      if (entry.getValue() != null) {
        return entry.getValue();
      }
      entry.setValue(candidate);
      return candidate;
    }
  }
}
