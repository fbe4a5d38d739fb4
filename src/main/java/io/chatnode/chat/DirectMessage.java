package io.chatnode.chat;

import io.chatnode.chat.BusContract.Fields;
import io.vertx.core.json.JsonObject;

/**
 * A private message to one connection. Body: {@code {"to":<conn>,"from":<nick>,"text":..,"time":..}};
 * {@code time} is when its sender's node took it (milliseconds since 1970-01-01T00:00Z, shown to
 * {@code tags} connections); a body without it (from a verticle of its own) is timed on arrival.
 */
public record DirectMessage(String to, String from, String text, long time) {

  public JsonObject toJson() {
    return new JsonObject().put(Fields.TO, to).put(Fields.FROM, from).put(Fields.TEXT, text).put(Fields.TIME, time);
  }

  public static DirectMessage fromJson(JsonObject json) {
    Long time = json.getLong(Fields.TIME);
    return new DirectMessage(json.getString(Fields.TO), json.getString(Fields.FROM), json.getString(Fields.TEXT),
        time != null ? time : System.currentTimeMillis());
  }
}
