package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.ops.NodeMetrics;
import io.chatnode.protocol.Pushes;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rooms that the connections of one event loop are in, and the fan-out of room events to
 * them: the loop's one consumer of {@link BusContract#ROOMS} hands every event here; it is encoded
 * into its push line once and the same buffer is written to every local member of the room.
 * All on the loop's thread.
 */
final class LocalRooms {

  private final Map<String, Set<Connection>> rooms = new HashMap<>();
  private final NodeMetrics metrics;

  LocalRooms() {
    this(new NodeMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  LocalRooms(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  void add(String room, Connection member) {
    if (rooms.computeIfAbsent(room, name -> new LinkedHashSet<>()).add(member)) {
      metrics.roomJoined(room);
    }
  }

  void remove(String room, Connection member) {
    Set<Connection> members = rooms.get(room);
    if (members != null && members.remove(member)) {
      metrics.roomLeft(room);
      if (members.isEmpty()) {
        rooms.remove(room);
      }
    }
  }

  /** A room's event to its local members, except the connection it came from. */
  void fanOut(RoomEvent event) {
    Set<Connection> members = rooms.get(event.room());
    String line = event.pushLine();
    if (members == null || line == null) {
      return;
    }
    Buffer encoded = Connection.encodeLine(line);
    for (Connection member : members) {
      if (!member.id().equals(event.conn())) {
        member.push(encoded);
      }
    }
  }

  /** A rename to every local member of the renamed user's rooms, once each. */
  void announceRename(RenameEvent event) {
    Set<Connection> audience = new LinkedHashSet<>();
    for (String room : event.rooms()) {
      audience.addAll(rooms.getOrDefault(room, Set.of()));
    }
    Buffer encoded = Connection.encodeLine(Pushes.renamed(event.oldNick(), event.newNick()));
    for (Connection member : audience) {
      if (!member.id().equals(event.conn())) {
        member.push(encoded);
      }
    }
  }
}
