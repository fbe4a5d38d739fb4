package io.chatnode.config;

import io.vertx.core.json.JsonObject;

/**
 * The options of {@code chatnode node} as configuration keys: the top layer, above
 * {@code CHATNODE_*} variables ({@code --port 7000} is {@code port}, as {@code CHATNODE_PORT=7000}
 * is). An option not given is no key, so the layers below decide.
 */
public final class CommandLineKeys {

  private final JsonObject keys = new JsonObject();

  /** Sets {@code key} when the option was given (non-null). */
  public CommandLineKeys put(String key, Object value) {
    if (value != null) {
      ConfigPaths.put(keys, key, value);
    }
    return this;
  }

  public JsonObject json() {
    return keys.copy();
  }
}
