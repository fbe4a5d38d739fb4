package io.chatnode.chat;

import io.chatnode.chat.BusContract.Fields;
import io.vertx.core.json.JsonObject;

/** A private message to one connection. Body: {@code {"to":<conn>,"from":<nick>,"text":..}}. */
public record DirectMessage(String to, String from, String text) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.TO, to).put(Fields.FROM, from).put(Fields.TEXT, text);
  }

  public static DirectMessage fromJson(JsonObject json) {
    return new DirectMessage(json.getString(Fields.TO), json.getString(Fields.FROM), json.getString(Fields.TEXT));
  }
}
