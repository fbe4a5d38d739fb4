package io.chatnode.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Layers the configuration with Vert.x Config, later layers winning key by key:
 * the defaults from conf/config.json (carried in the jar), then an optional {@code --conf} file,
 * then {@code CHATNODE_*} environment variables, then command-line options.
 */
public final class ConfigLoader {

  /** Where the build puts the copy of conf/config.json inside the jar. */
  public static final String DEFAULTS_RESOURCE = "chatnode-conf/config.json";

  private ConfigLoader() {}

  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the class path");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The merged, not yet validated configuration. */
  public static Future<JsonObject> loadJson(Vertx vertx, Path confFile, Map<String, String> env) {
    return loadJson(vertx, confFile, env, new JsonObject());
  }

  /** As {@link #loadJson(Vertx, Path, Map)}, with command-line options as the top layer. */
  public static Future<JsonObject> loadJson(Vertx vertx, Path confFile, Map<String, String> env, JsonObject commandLine) {
    JsonObject defaults = defaults();
    JsonObject fromEnv;
    try {
      fromEnv = EnvOverrides.from(env, defaults);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    if (confFile == null) {
      return merge(vertx, defaults, new JsonObject(), fromEnv, commandLine);
    }
    if (!Files.isReadable(confFile)) {
      return Future.failedFuture(new ConfigException("invalid configuration: cannot read --conf file " + confFile));
    }
    return vertx.fileSystem().readFile(confFile.toString())
        .recover(e -> Future.failedFuture(new ConfigException("invalid configuration: cannot read --conf file "
            + confFile + ": " + e.getMessage())))
        .compose(content -> {
          try {
            return merge(vertx, defaults, ConfigFile.parse(content.toString(StandardCharsets.UTF_8), confFile.toString()),
                fromEnv, commandLine);
          } catch (ConfigException e) {
            return Future.failedFuture(e);
          }
        });
  }

  private static Future<JsonObject> merge(Vertx vertx, JsonObject defaults, JsonObject file, JsonObject fromEnv,
      JsonObject commandLine) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(file))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(fromEnv))
        .addStore(new ConfigStoreOptions().setType("json").setConfig(commandLine));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException("invalid configuration: " + e.getMessage())))
        .andThen(ignored -> retriever.close());
  }

  /** The merged and validated configuration. */
  public static Future<NodeConfig> load(Vertx vertx, Path confFile, Map<String, String> env) {
    return load(vertx, confFile, env, new JsonObject());
  }

  public static Future<NodeConfig> load(Vertx vertx, Path confFile, Map<String, String> env, JsonObject commandLine) {
    return loadJson(vertx, confFile, env, commandLine).map(json -> validate(json, env, commandLine));
  }

  /**
   * Validates the merged configuration; a wrong value that came from an environment variable is
   * reported by that variable's name, which is what the operator set.
   */
  static NodeConfig validate(JsonObject json, Map<String, String> env, JsonObject commandLine) {
    try {
      return NodeConfig.from(json);
    } catch (ConfigException e) {
      String key = e.key();
      if (key != null && env.containsKey(ConfigPaths.envName(key)) && ConfigPaths.get(commandLine, key) == null) {
        throw e.fromVariable(ConfigPaths.envName(key));
      }
      throw e;
    }
  }
}
