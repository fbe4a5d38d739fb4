package io.chatnode.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.chatnode.protocol.HistoryRequest.Direction;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One room's numbering, kept messages and watching nodes: the state that the room's sequencer
 * changes atomically. In memory it is guarded by a lock; on Hazelcast it is the value of the room's
 * entry and only entry processors on the partition's owner (and the same processors replayed on its
 * backup) touch it, so numbering, storing and "who must receive this" are one step.
 *
 * <p>Numbers: each message gets the previous one's number plus one. A log that starts afresh (a
 * new room, or one let go after its last message expired) numbers from the milliseconds since the
 * epoch started, plus one. A room is let go only when no node watches it and its last message is
 * older than the time to live (at least a day), so its new numbers start above its old ones unless
 * it averaged over a thousand messages a second for its whole life: numbers never step back
 * within an epoch, and the log needs no memory of rooms it let go.
 *
 * <p>Not thread-safe; every method's clock value comes from the caller, so that the same call
 * replayed on a backup does the same thing.
 */
public final class RoomLog implements IdentifiedDataSerializable {

  /** Recent appends remembered, so that a retried append (its member died mid-call) is not stored twice. */
  static final int RECENT_APPENDS = 64;

  private record Recent(String id, Appended appended) {}

  private long lastSeq;
  /** The first number this log gave (0 before its first message). */
  private long firstSeq;
  private long lastAppendMillis;
  private final ArrayDeque<StoredMessage> kept = new ArrayDeque<>();
  private final Set<String> watchers = new HashSet<>();
  private final ArrayDeque<Recent> recent = new ArrayDeque<>();

  /**
   * Numbers and keeps a message said at {@code now}. An {@code id} seen among the last
   * {@link #RECENT_APPENDS} appends returns what that append returned, and changes nothing.
   */
  public Appended append(String id, String from, String text, long now, long epochStartMillis, LogLimits limits) {
    return append(id, from, text, null, now, epochStartMillis, limits);
  }

  /** As {@link #append(String, String, String, long, long, LogLimits)}, remembering the sender's connection. */
  public Appended append(String id, String from, String text, String conn, long now, long epochStartMillis,
      LogLimits limits) {
    for (Recent r : recent) {
      if (r.id().equals(id)) {
        return r.appended();
      }
    }
    expire(now, limits);
    long prev = lastSeq;
    long seq = prev == 0 ? Math.max(1, now - epochStartMillis + 1) : prev + 1;
    if (firstSeq == 0) {
      firstSeq = seq;
    }
    lastSeq = seq;
    lastAppendMillis = now;
    if (limits.roomLength() > 0) {
      kept.addLast(new StoredMessage(seq, now, from, text, conn));
      while (kept.size() > limits.roomLength()) {
        kept.removeFirst();
      }
    }
    Appended appended = new Appended(seq, prev, now, watchers);
    recent.addLast(new Recent(id, appended));
    if (recent.size() > RECENT_APPENDS) {
      recent.removeFirst();
    }
    return appended;
  }

  /** {@code node} receives the room's messages from now on; the number of the last one it will not receive. */
  public long watch(String node) {
    watchers.add(node);
    return lastSeq;
  }

  public void unwatch(String node) {
    watchers.remove(node);
  }

  /** The newest number given, 0 if none. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Messages kept (expired ones included until the next change). */
  public int keptCount() {
    return kept.size();
  }

  public Set<String> watchers() {
    return Set.copyOf(watchers);
  }

  /**
   * Drops departed nodes from the watchers and expired messages; true when the log may be let go:
   * no node watches it and it has said nothing for the time to live (so nothing is kept either).
   */
  public boolean sweep(Set<String> aliveNodes, long now, LogLimits limits) {
    watchers.retainAll(aliveNodes);
    expire(now, limits);
    return watchers.isEmpty() && kept.isEmpty() && (lastSeq == 0 || now - lastAppendMillis >= limits.ttlMillis());
  }

  /**
   * The messages a {@code history} request asks for, oldest first, at most {@code limit}; for
   * {@code after}, the numbers asked for that are no longer kept. Reads only: expired messages are
   * skipped, not removed.
   */
  public HistoryPage query(Direction direction, long seq, int limit, long now, LogLimits limits) {
    List<StoredMessage> live = live(now, limits);
    List<StoredMessage> found = switch (direction) {
      case LATEST -> last(live, limit);
      case BEFORE -> last(live.stream().filter(m -> m.seq() < seq).toList(), limit);
      case AFTER -> live.stream().filter(m -> m.seq() > seq).limit(limit).toList();
    };
    long lostFirst = 0;
    long lostLast = 0;
    if (direction == Direction.AFTER) {
      long oldestKept = live.isEmpty() ? lastSeq + 1 : live.get(0).seq();
      // A client that saw seq > 0 is told of every number after it that is gone, including those
      // of an earlier log of the room (let go, or lost with two members at once); "after 0" asks
      // for everything, and only this log's own numbers are news to it.
      long first = seq > 0 ? seq + 1 : firstSeq;
      if (firstSeq > 0 && first <= oldestKept - 1) {
        lostFirst = first;
        lostLast = oldestKept - 1;
      }
    }
    return new HistoryPage(found, lastSeq, lostFirst, lostLast);
  }

  private List<StoredMessage> live(long now, LogLimits limits) {
    long oldest = now - limits.ttlMillis();
    List<StoredMessage> live = new ArrayList<>(kept.size());
    for (StoredMessage m : kept) {
      if (m.time() > oldest || !live.isEmpty()) {
        live.add(m);
      }
    }
    return live;
  }

  private static List<StoredMessage> last(List<StoredMessage> messages, int limit) {
    return messages.subList(Math.max(0, messages.size() - limit), messages.size());
  }

  /** Drops messages older than the time to live from the oldest end. */
  private void expire(long now, LogLimits limits) {
    long oldest = now - limits.ttlMillis();
    Iterator<StoredMessage> it = kept.iterator();
    while (it.hasNext() && it.next().time() <= oldest) {
      it.remove();
    }
  }

  // ---- serialization (Hazelcast backups and migrations), by HistorySerialization ----------

  @Override
  public int getFactoryId() {
    return HistorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return HistorySerialization.ROOM_LOG;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(lastSeq);
    out.writeLong(firstSeq);
    out.writeLong(lastAppendMillis);
    out.writeInt(kept.size());
    for (StoredMessage m : kept) {
      out.writeLong(m.seq());
      out.writeLong(m.time());
      out.writeString(m.from());
      out.writeString(m.text());
      out.writeString(m.conn());
    }
    out.writeInt(watchers.size());
    for (String node : watchers) {
      out.writeString(node);
    }
    out.writeInt(recent.size());
    for (Recent r : recent) {
      out.writeString(r.id());
      r.appended().writeData(out);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    lastSeq = in.readLong();
    firstSeq = in.readLong();
    lastAppendMillis = in.readLong();
    for (int i = in.readInt(); i > 0; i--) {
      kept.addLast(new StoredMessage(in.readLong(), in.readLong(), in.readString(), in.readString(), in.readString()));
    }
    for (int i = in.readInt(); i > 0; i--) {
      watchers.add(in.readString());
    }
    for (int i = in.readInt(); i > 0; i--) {
      String id = in.readString();
      Appended appended = new Appended();
      appended.readData(in);
      recent.addLast(new Recent(id, appended));
    }
  }
}
