package io.chatnode.config;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Environment variables as a configuration layer: every key of the defaults can be set by
 * {@code CHATNODE_} + its dotted path in upper case with {@code _} for {@code .}. The value is read
 * as the type the default has, so {@code CHATNODE_PORT=abc} is refused, naming the variable.
 */
public final class EnvOverrides {

  private EnvOverrides() {}

  public static JsonObject from(Map<String, String> env, JsonObject defaults) {
    Set<String> keys = new TreeSet<>();
    ConfigPaths.flatten(defaults, "", keys);
    JsonObject overrides = new JsonObject();
    for (String key : keys) {
      String variable = ConfigPaths.envName(key);
      String raw = env.get(variable);
      if (raw != null) {
        ConfigPaths.put(overrides, key, typed(variable, key, raw, ConfigPaths.get(defaults, key)));
      }
    }
    return overrides;
  }

  /** CHATNODE_ variables that name no key: probably typos, worth a warning. */
  public static Set<String> unknownVariables(Map<String, String> env, JsonObject defaults, Set<String> ignored) {
    Set<String> keys = new TreeSet<>();
    ConfigPaths.flatten(defaults, "", keys);
    Set<String> expected = new TreeSet<>();
    keys.forEach(k -> expected.add(ConfigPaths.envName(k)));
    Set<String> unknown = new TreeSet<>();
    for (String name : env.keySet()) {
      if (name.startsWith(ConfigPaths.ENV_PREFIX) && !expected.contains(name) && !ignored.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }

  private static Object typed(String variable, String key, String raw, Object defaultValue) {
    String value = raw.trim();
    if (defaultValue instanceof Number) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new ConfigException("invalid configuration: " + variable + " (key " + key
            + ") must be an integer (got \"" + raw + "\")");
      }
    }
    if (defaultValue instanceof Boolean) {
      if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
        throw new ConfigException("invalid configuration: " + variable + " (key " + key
            + ") must be true or false (got \"" + raw + "\")");
      }
      return Boolean.parseBoolean(value);
    }
    return raw;
  }
}
