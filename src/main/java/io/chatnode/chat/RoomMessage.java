package io.chatnode.chat;

import io.chatnode.chat.BusContract.Fields;
import io.chatnode.chat.BusContract.RoomEventTypes;
import io.vertx.core.json.JsonObject;

/**
 * A numbered room message (protocol 1.1), sent to {@code chatnode.room.<node>}. Body:
 * {@code {"type":"msg","room":..,"seq":..,"prev":..,"time":..,"nick":..,"text":..,"conn":..,"handoff":..}}:
 * {@code seq} is its number in the room, {@code prev} the number of the room's message before it
 * (0: none), {@code time} when it was stored (milliseconds since 1970-01-01T00:00Z); {@code conn}
 * is the sender's connection (it does not get its own message back) and {@code handoff} the token
 * by which the sender's node answers the sender once its loops have queued it (absent for
 * messages not said by a client of a node).
 */
public record RoomMessage(String room, long seq, long prev, long time, String nick, String text, String conn,
    String handoff) {

  /** The message as observers see it: the sender's hand-off token is the sender's node's business. */
  public RoomMessage withoutHandoff() {
    return handoff == null ? this : new RoomMessage(room, seq, prev, time, nick, text, conn, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.TYPE, RoomEventTypes.MSG).put(Fields.ROOM, room)
        .put(Fields.SEQ, seq).put(Fields.PREV, prev).put(Fields.TIME, time)
        .put(Fields.NICK, nick).put(Fields.TEXT, text).put(Fields.CONN, conn);
    if (handoff != null) {
      json.put(Fields.HANDOFF, handoff);
    }
    return json;
  }

  public static RoomMessage fromJson(JsonObject json) {
    return new RoomMessage(json.getString(Fields.ROOM), json.getLong(Fields.SEQ), json.getLong(Fields.PREV),
        json.getLong(Fields.TIME), json.getString(Fields.NICK), json.getString(Fields.TEXT),
        json.getString(Fields.CONN), json.getString(Fields.HANDOFF));
  }
}
