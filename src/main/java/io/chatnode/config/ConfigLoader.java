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
    ConfigRetrieverOptions options = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(new ConfigStoreOptions().setType("json").setConfig(defaults));
    if (confFile != null) {
      if (!Files.isReadable(confFile)) {
        return Future.failedFuture(new ConfigException("invalid configuration: cannot read --conf file " + confFile));
      }
      options.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", confFile.toAbsolutePath().toString())));
    }
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(fromEnv));
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(commandLine));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException(
            "invalid configuration: " + (confFile == null ? "" : confFile + ": ") + e.getMessage())))
        .andThen(ignored -> retriever.close());
  }

  /** The merged and validated configuration. */
  public static Future<NodeConfig> load(Vertx vertx, Path confFile, Map<String, String> env) {
    return load(vertx, confFile, env, new JsonObject());
  }

  public static Future<NodeConfig> load(Vertx vertx, Path confFile, Map<String, String> env, JsonObject commandLine) {
    return loadJson(vertx, confFile, env, commandLine).map(NodeConfig::from);
  }
}
