package io.chatnode.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The text of a {@code --conf} file as a JSON object, or an error an operator can act on: where
 * the JSON breaks (line and column) and what was expected, without the parser's internals.
 */
final class ConfigFile {

  private ConfigFile() {}

  static JsonObject parse(String text, String name) {
    if (text.isBlank()) {
      throw new ConfigException("invalid configuration: " + name + " is empty; it must hold a JSON object ({ ... })");
    }
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      if (e.getCause() instanceof JsonProcessingException cause) {
        throw new ConfigException("invalid configuration: " + name + " is not valid JSON" + where(cause.getLocation())
            + ": " + plain(cause.getOriginalMessage()));
      }
      throw new ConfigException("invalid configuration: " + name + " is not valid JSON");
    }
    if (!(value instanceof JsonObject object)) {
      throw new ConfigException("invalid configuration: " + name + " must hold a JSON object ({ ... }), not "
          + (value instanceof JsonArray ? "an array" : "a single value"));
    }
    return object;
  }

  private static String where(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** The parser's sentence without character codes and its advice on parser features. */
  static String plain(String message) {
    String first = message.lines().findFirst().orElse(message);
    return first.replaceAll(" \\(code \\d+\\)", "")
        .replaceAll(" \\(for Object starting at .*\\)", "")
        .replaceAll("; ?$", "")
        .strip();
  }
}
