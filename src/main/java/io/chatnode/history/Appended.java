package io.chatnode.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What storing a room message gave it, and where it must go. Immutable once made; serialized by
 * {@link HistorySerialization} (it crosses the cluster with every message).
 */
public final class Appended implements IdentifiedDataSerializable {

  private long seq;
  private long prev;
  private long time;
  private Set<String> watchers;

  /** For deserialization only. */
  public Appended() {}

  /**
   * @param seq its number in the room
   * @param prev the number of the room's message before it (0: the first of its log); a node
   *     releases this message to its members once it has released {@code prev}
   * @param time when it was stored, milliseconds since 1970-01-01T00:00Z
   * @param watchers the nodes that had members in the room when it was stored: exactly those that
   *     must receive it
   */
  public Appended(long seq, long prev, long time, Set<String> watchers) {
    this.seq = seq;
    this.prev = prev;
    this.time = time;
    this.watchers = Set.copyOf(watchers);
  }

  public long seq() {
    return seq;
  }

  public long prev() {
    return prev;
  }

  public long time() {
    return time;
  }

  public Set<String> watchers() {
    return watchers;
  }

  @Override
  public int getFactoryId() {
    return HistorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return HistorySerialization.APPENDED;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(seq);
    out.writeLong(prev);
    out.writeLong(time);
    out.writeInt(watchers.size());
    for (String node : watchers) {
      out.writeString(node);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    seq = in.readLong();
    prev = in.readLong();
    time = in.readLong();
    int n = in.readInt();
    Set<String> nodes = new HashSet<>(n * 2);
    for (int i = 0; i < n; i++) {
      nodes.add(in.readString());
    }
    watchers = Set.copyOf(nodes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Appended a && a.seq == seq && a.prev == prev && a.time == time && a.watchers.equals(watchers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, prev, time, watchers);
  }

  @Override
  public String toString() {
    return "Appended[seq=" + seq + ", prev=" + prev + ", time=" + time + ", watchers=" + watchers + "]";
  }
}
