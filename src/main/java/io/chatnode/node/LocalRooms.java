package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.protocol.Pushes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rooms that the connections of one event loop are in. Each such room has exactly one event
 * bus consumer here, however many local members it has; an event is encoded into its push line
 * once and the same buffer is written to every local member. All on the loop's thread.
 *
 * <p>Pushes are not flushed one by one: a connection collects the pushes of one turn of the event
 * loop and this class writes each such connection's batch once, in a task queued behind the event
 * bus deliveries already waiting. Under load that is one socket write for many messages instead
 * of one per message (the write system call per delivery was the node's top cost in fan-out);
 * at light load it costs one task hop.
 */
final class LocalRooms {

  private static final class Room {
    final Set<Connection> members = new LinkedHashSet<>();
    final MessageConsumer<JsonObject> consumer;

    Room(MessageConsumer<JsonObject> consumer) {
      this.consumer = consumer;
    }
  }

  private final EventBus bus;
  private final Context context;
  private final Map<String, Room> rooms = new HashMap<>();
  private List<Connection> unflushed = new ArrayList<>();
  private List<Connection> spare = new ArrayList<>();
  private boolean flushScheduled;

  /** Created on the event loop whose connections it serves. */
  LocalRooms(EventBus bus) {
    this.bus = bus;
    this.context = Vertx.currentContext();
  }

  /** Called by a connection whose first push of this turn is waiting to be written. */
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
      batch.get(i).flushPushes();
    }
    batch.clear();
  }

  /** Adds a member; completes once this loop is subscribed to the room's events. */
  Future<Void> add(String room, Connection member) {
    Room local = rooms.computeIfAbsent(room, name -> new Room(
        bus.<JsonObject>consumer(BusContract.room(name), message -> fanOut(RoomEvent.fromJson(message.body())))));
    local.members.add(member);
    return local.consumer.completion();
  }

  void remove(String room, Connection member) {
    Room local = rooms.get(room);
    if (local != null && local.members.remove(member) && local.members.isEmpty()) {
      rooms.remove(room);
      local.consumer.unregister();
    }
  }

  /** A room's event to its local members, except the connection it came from. */
  private void fanOut(RoomEvent event) {
    Room local = rooms.get(event.room());
    String line = event.pushLine();
    if (local == null || line == null) {
      return;
    }
    Buffer encoded = Connection.encodeLine(line);
    for (Connection member : local.members) {
      if (!member.id().equals(event.conn())) {
        member.push(encoded);
      }
    }
  }

  /** A rename to every local member of the renamed user's rooms, once each. */
  void announceRename(RenameEvent event) {
    Set<Connection> audience = new LinkedHashSet<>();
    for (String room : event.rooms()) {
      Room local = rooms.get(room);
      if (local != null) {
        audience.addAll(local.members);
      }
    }
    Buffer encoded = Connection.encodeLine(Pushes.renamed(event.oldNick(), event.newNick()));
    for (Connection member : audience) {
      if (!member.id().equals(event.conn())) {
        member.push(encoded);
      }
    }
  }
}
