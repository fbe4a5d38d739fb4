package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.ops.NodeMetrics;
import io.chatnode.protocol.Pushes;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rooms that the connections of one event loop are in, and the fan-out of room events to
 * them: the loop's one consumer of {@link BusContract#ROOMS} hands every event here; it is encoded
 * into its push line once and the same buffer is written to every local member of the room.
 * All on the loop's thread.
 *
 * <p>Pushes are not flushed one by one: a connection collects the pushes of one turn of the event
 * loop and this class writes each such connection's batch once, in a task queued behind the event
 * bus deliveries already waiting. Under load that is one socket write for many messages instead
 * of one per message (the write system call per delivery was the node's top cost in fan-out);
 * at light load it costs one task hop.
 */
final class LocalRooms {

  private final Context context;
  private final Map<String, Set<Connection>> rooms = new HashMap<>();
  private List<Connection> unflushed = new ArrayList<>();
  private List<Connection> spare = new ArrayList<>();
  private boolean flushScheduled;
  private final NodeMetrics metrics;

  /** The loop's connections by id: a sender on this loop is found once per event, not compared per member. */
  private final Map<String, Connection> connections;

  /** Created on the event loop whose connections it serves. */
  LocalRooms(NodeMetrics metrics, Map<String, Connection> connections) {
    this.context = Vertx.currentContext();
    this.metrics = metrics;
    this.connections = connections;
  }

  /** Called by a connection with something of this turn to write (pushes, or replies too). */
  void flushLater(Connection connection) {
    unflushed.add(connection);
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flushAll());
    }
  }

  private void flushAll() {
    flushScheduled = false;
    List<Connection> batch = unflushed;
    unflushed = spare;
    spare = batch;
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).flushQueued();
    }
    batch.clear();
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
    pushToAll(members, Connection.encodeLine(line), event.conn());
  }

  /** A rename to every local member of the renamed user's rooms, once each. */
  void announceRename(RenameEvent event) {
    Set<Connection> audience = new LinkedHashSet<>();
    for (String room : event.rooms()) {
      audience.addAll(rooms.getOrDefault(room, Set.of()));
    }
    pushToAll(audience, Connection.encodeLine(Pushes.renamed(event.oldNick(), event.newNick())), event.conn());
  }

  /**
   * One encoded line to every connection of {@code audience} but the sender's (found once, not
   * compared with every member's id), counted once.
   */
  private void pushToAll(Iterable<Connection> audience, Buffer encoded, String senderId) {
    Connection sender = senderId == null ? null : connections.get(senderId);
    int pushed = 0;
    for (Connection member : audience) {
      if (member != sender && member.push(encoded)) {
        pushed++;
      }
    }
    metrics.pushesOut(pushed);
  }
}
