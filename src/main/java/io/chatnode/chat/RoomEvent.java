package io.chatnode.chat;

import io.chatnode.chat.BusContract.Fields;
import io.chatnode.chat.BusContract.RoomEventTypes;
import io.vertx.core.json.JsonObject;

/**
 * Something that happened in a room, published on {@code chatnode.rooms}.
 * Body: {@code {"type":"msg|joined|left","room":..,"nick":..,"text":..(msg only),"conn":..}};
 * {@code conn} is the sender's connection id, which does not get its own event back.
 */
public record RoomEvent(String type, String room, String nick, String text, String conn) {

  public static RoomEvent msg(String room, String nick, String text, String conn) {
    return new RoomEvent(RoomEventTypes.MSG, room, nick, text, conn);
  }

  public static RoomEvent joined(String room, String nick, String conn) {
    return new RoomEvent(RoomEventTypes.JOINED, room, nick, null, conn);
  }

  public static RoomEvent left(String room, String nick, String conn) {
    return new RoomEvent(RoomEventTypes.LEFT, room, nick, null, conn);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put(Fields.TYPE, type).put(Fields.ROOM, room).put(Fields.NICK, nick).put(Fields.CONN, conn);
    if (text != null) {
      json.put(Fields.TEXT, text);
    }
    return json;
  }

  public static RoomEvent fromJson(JsonObject json) {
    return new RoomEvent(json.getString(Fields.TYPE), json.getString(Fields.ROOM),
        json.getString(Fields.NICK), json.getString(Fields.TEXT), json.getString(Fields.CONN));
  }
}
