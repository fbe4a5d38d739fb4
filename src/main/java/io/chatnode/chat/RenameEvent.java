package io.chatnode.chat;

import io.chatnode.chat.BusContract.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A nickname change, published once on {@code chatnode.presence} rather than once per room, so a
 * member who shares several rooms with the renamed user is told exactly once.
 * Body: {@code {"old":..,"new":..,"rooms":[..],"conn":..}}.
 */
public record RenameEvent(String oldNick, String newNick, List<String> rooms, String conn) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.OLD_NICK, oldNick).put(Fields.NEW_NICK, newNick)
        .put(Fields.ROOMS, new JsonArray(List.copyOf(rooms))).put(Fields.CONN, conn);
  }

  public static RenameEvent fromJson(JsonObject json) {
    JsonArray rooms = json.getJsonArray(Fields.ROOMS, new JsonArray());
    return new RenameEvent(json.getString(Fields.OLD_NICK), json.getString(Fields.NEW_NICK),
        rooms.stream().map(String::valueOf).toList(), json.getString(Fields.CONN));
  }
}
