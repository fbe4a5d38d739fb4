package io.chatnode.history;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.chatnode.protocol.SeqRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The answer to one history query. Immutable once made; serialized by {@link HistorySerialization}. */
public final class HistoryPage implements IdentifiedDataSerializable {

  private List<StoredMessage> messages;
  private long latest;
  private long lostFirst;
  private long lostLast;

  /** For deserialization only. */
  public HistoryPage() {}

  /**
   * @param messages oldest first
   * @param latest the newest number the room has given (0 if none), kept or not
   * @param lostFirst with {@code lostLast}: the numbers an {@code after} query asked for that are
   *     no longer kept; both 0 when none are
   */
  public HistoryPage(List<StoredMessage> messages, long latest, long lostFirst, long lostLast) {
    this.messages = List.copyOf(messages);
    this.latest = latest;
    this.lostFirst = lostFirst;
    this.lostLast = lostLast;
  }

  public List<StoredMessage> messages() {
    return messages;
  }

  public long latest() {
    return latest;
  }

  /** The numbers asked for that are gone, or null. */
  public SeqRange lost() {
    return SeqRange.ofNonEmpty(lostFirst, lostLast);
  }

  @Override
  public int getFactoryId() {
    return HistorySerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return HistorySerialization.HISTORY_PAGE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(latest);
    out.writeLong(lostFirst);
    out.writeLong(lostLast);
    out.writeInt(messages.size());
    for (StoredMessage m : messages) {
      out.writeLong(m.seq());
      out.writeLong(m.time());
      out.writeString(m.from());
      out.writeString(m.text());
      out.writeString(m.conn());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    latest = in.readLong();
    lostFirst = in.readLong();
    lostLast = in.readLong();
    int n = in.readInt();
    List<StoredMessage> read = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      read.add(new StoredMessage(in.readLong(), in.readLong(), in.readString(), in.readString(), in.readString()));
    }
    messages = List.copyOf(read);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HistoryPage p && p.latest == latest && p.lostFirst == lostFirst && p.lostLast == lostLast
        && p.messages.equals(messages);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messages, latest, lostFirst, lostLast);
  }

  @Override
  public String toString() {
    return "HistoryPage[messages=" + messages + ", latest=" + latest + ", lost=" + lostFirst + "-" + lostLast + "]";
  }
}
