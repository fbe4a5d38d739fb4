package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.BusContract.RoomEventTypes;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.chat.RoomMessage;
import io.chatnode.ops.NodeMetrics;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Tags;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rooms that the connections of one event loop are in, and the fan-out of room events to
 * them: the loop's one consumer of {@link BusContract#ROOMS} hands every event here; it is encoded
 * into its push line once and the same buffer is written to every local member of the room.
 * All on the loop's thread. The writes themselves go out at the end of the turn
 * ({@link TurnFlusher}).
 */
final class LocalRooms {

  /** A connection as a room member: something to push lines to. */
  interface Member {
    /** The connection's id, as room events name their sender. */
    String id();

    /** Queues an encoded push line; false if it was not (closing, or a slow consumer). */
    boolean push(Buffer line);

    /** The member turned {@code tags} on: its {@code msg} pushes carry {@code @seq=..;time=..}. */
    boolean tags();

    /**
     * Queues room message {@code seq} of {@code room}; false if it was not (closing, a slow
     * consumer cut, or dropped for a slow {@code tags} consumer, which is told with {@code lost}).
     */
    boolean pushRoomMessage(String room, long seq, Buffer line);
  }

  private final Map<String, Set<Member>> rooms = new HashMap<>();
  private final NodeMetrics metrics;

  /** The loop's connections: a sender on this loop is found once per event, not compared per member. */
  private final LoopConnections connections;

  LocalRooms(NodeMetrics metrics, LoopConnections connections) {
    this.metrics = metrics;
    this.connections = connections;
  }
  /** True when {@code member} is this loop's first member of {@code room}. */
  boolean add(String room, Member member) {
    Set<Member> members = rooms.computeIfAbsent(room, name -> new LinkedHashSet<>());
    if (members.add(member)) {
      metrics.roomJoined(room);
      return members.size() == 1;
    }
    return false;
  }

  /** True when {@code member} was this loop's last member of {@code room}. */
  boolean remove(String room, Member member) {
    Set<Member> members = rooms.get(room);
    if (members != null && members.remove(member)) {
      metrics.roomLeft(room);
      if (members.isEmpty()) {
        rooms.remove(room);
        return true;
      }
    }
    return false;
  }

  /**
   * A numbered room message to this loop's members but its sender: the version 1 line and, for
   * members with {@code tags}, the tagged one, each encoded once.
   */
  void fanOutMessage(RoomMessage message) {
    Set<Member> members = rooms.get(message.room());
    if (members == null) {
      return;
    }
    String plainLine = Pushes.msg(message.room(), message.nick(), message.text());
    Buffer plain = null;
    Buffer tagged = null;
    Member sender = message.conn() == null ? null : connections.get(message.conn());
    int pushed = 0;
    for (Member member : members) {
      if (member == sender) {
        continue;
      }
      Buffer line;
      if (member.tags()) {
        line = tagged != null ? tagged : (tagged = Outbound.encodeLine(Tags.msg(message.seq(), message.time(), plainLine)));
      } else {
        line = plain != null ? plain : (plain = Outbound.encodeLine(plainLine));
      }
      if (member.pushRoomMessage(message.room(), message.seq(), line)) {
        pushed++;
      }
    }
    metrics.pushesOut(pushed);
  }

  /**
   * A room's event to its local members, except the connection it came from. A {@code msg} here
   * is unnumbered (published on {@code chatnode.rooms} by a verticle of its own, not said through
   * a node): members with {@code tags}, whose every {@code msg} carries a {@code seq}, do not get it.
   */
  void fanOut(RoomEvent event) {
    Set<Member> members = rooms.get(event.room());
    String line = pushLine(event);
    if (members == null || line == null) {
      return;
    }
    Iterable<Member> audience = !RoomEventTypes.MSG.equals(event.type()) ? members
        : members.stream().filter(member -> !member.tags()).toList();
    pushToAll(audience, Outbound.encodeLine(line), event.conn());
  }

  /** The push line a room event becomes for its members, or null for an unknown type (from a newer node, say). */
  static String pushLine(RoomEvent event) {
    return switch (event.type()) {
      case RoomEventTypes.MSG -> Pushes.msg(event.room(), event.nick(), event.text());
      case RoomEventTypes.JOINED -> Pushes.joined(event.room(), event.nick());
      case RoomEventTypes.LEFT -> Pushes.left(event.room(), event.nick());
      default -> null;
    };
  }

  /** A rename to every local member of the renamed user's rooms, once each. */
  void announceRename(RenameEvent event) {
    Set<Member> audience = new LinkedHashSet<>();
    for (String room : event.rooms()) {
      audience.addAll(rooms.getOrDefault(room, Set.of()));
    }
    pushToAll(audience, Outbound.encodeLine(Pushes.renamed(event.oldNick(), event.newNick())), event.conn());
  }

  /**
   * One encoded line to every connection of {@code audience} but the sender's (found once, not
   * compared with every member's id), counted once.
   */
  private void pushToAll(Iterable<Member> audience, Buffer encoded, String senderId) {
    Member sender = senderId == null ? null : connections.get(senderId);
    int pushed = 0;
    for (Member member : audience) {
      if (member != sender && member.push(encoded)) {
        pushed++;
      }
    }
    metrics.pushesOut(pushed);
  }
}
