package io.chatnode.config;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;

/** Dotted key paths over nested JSON objects, and the one rule that maps a key to its variable. */
public final class ConfigPaths {

  public static final String ENV_PREFIX = "CHATNODE_";

  private ConfigPaths() {}

  /** {@code limits.chatRate} becomes {@code CHATNODE_LIMITS_CHATRATE}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The value at a dotted path, or null. */
  public static Object get(JsonObject json, String key) {
    JsonObject node = json;
    String[] parts = key.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      Object child = node.getValue(parts[i]);
      if (!(child instanceof JsonObject object)) {
        return null;
      }
      node = object;
    }
    return node.getValue(parts[parts.length - 1]);
  }

  /** Sets the value at a dotted path, creating the objects on the way. */
  public static void put(JsonObject json, String key, Object value) {
    JsonObject node = json;
    String[] parts = key.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }

  /** Adds the dotted path of every leaf value under {@code json} to {@code into}. */
  public static void flatten(JsonObject json, String prefix, Set<String> into) {
    for (String field : json.fieldNames()) {
      Object value = json.getValue(field);
      String path = prefix.isEmpty() ? field : prefix + "." + field;
      if (value instanceof JsonObject child) {
        flatten(child, path, into);
      } else {
        into.add(path);
      }
    }
  }
}
