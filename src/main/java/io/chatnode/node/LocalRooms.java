package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.protocol.Pushes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rooms that the connections of one event loop are in. Each such room has exactly one event
 * bus consumer here, however many local members it has; an event is encoded into its push line
 * once and the same buffer is written to every local member. All on the loop's thread.
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
  private final Map<String, Room> rooms = new HashMap<>();

  LocalRooms(EventBus bus) {
    this.bus = bus;
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
