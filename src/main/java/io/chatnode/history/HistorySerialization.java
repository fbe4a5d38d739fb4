package io.chatnode.history;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Hazelcast's factory for the history's objects that cross the cluster with every message (the
 * append and its result) or in bulk (room logs on backup and migration, pages): hand-written
 * fields instead of Java serialization, which cost a few hundred microseconds per message.
 * Registered in conf/hazelcast.xml under {@link #FACTORY_ID}.
 */
public final class HistorySerialization implements DataSerializableFactory {

  public static final int FACTORY_ID = 1201;

  static final int APPEND = 1;
  static final int APPENDED = 2;
  static final int WATCH = 3;
  static final int QUERY = 4;
  static final int HISTORY_PAGE = 5;
  static final int ROOM_LOG = 6;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case APPEND -> new HazelcastHistoryStore.Append();
      case APPENDED -> new Appended();
      case WATCH -> new HazelcastHistoryStore.Watch();
      case QUERY -> new HazelcastHistoryStore.Query();
      case HISTORY_PAGE -> new HistoryPage();
      case ROOM_LOG -> new RoomLog();
      default -> throw new IllegalArgumentException("unknown history type " + typeId);
    };
  }
}
