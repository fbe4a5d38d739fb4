package io.chatnode.chat;

import io.chatnode.chat.BusContract.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One connected user as the cluster sees it, stored in {@code chatnode.users} under its lower-case
 * nickname. Body: {@code {"nick":..,"node":..,"conn":..,"inbox":..,"rooms":[..]}}. Only the
 * owning connection writes its record, so writes never contend.
 */
public record UserRecord(String nick, String node, String conn, String inbox, List<String> rooms) {

  public UserRecord {
    rooms = List.copyOf(rooms);
  }

  public UserRecord withNick(String newNick) {
    return new UserRecord(newNick, node, conn, inbox, rooms);
  }

  public JsonObject toJson() {
    return new JsonObject().put(Fields.NICK, nick).put(Fields.NODE, node).put(Fields.CONN, conn)
        .put(Fields.INBOX, inbox).put(Fields.ROOMS, new JsonArray(rooms));
  }

  public static UserRecord fromJson(JsonObject json) {
    JsonArray rooms = json.getJsonArray(Fields.ROOMS, new JsonArray());
    return new UserRecord(json.getString(Fields.NICK), json.getString(Fields.NODE),
        json.getString(Fields.CONN), json.getString(Fields.INBOX),
        rooms.stream().map(String::valueOf).toList());
  }
}
