package io.chatnode.testing;

import io.chatnode.config.ConfigLoader;
import io.chatnode.config.NodeConfig;
import io.chatnode.app.ChatNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Starts real nodes on an ephemeral loopback port, with the project's defaults and overrides. */
public final class TestNodes {

  private TestNodes() {}

  /** The defaults from conf/config.json with {@code overrides} merged in (dotted keys allowed). */
  public static NodeConfig config(JsonObject overrides) {
    JsonObject json = ConfigLoader.defaults().put("host", "127.0.0.1").put("port", 0);
    io.chatnode.config.ConfigPaths.put(json, "http.port", 0);
    overrides.forEach(e -> io.chatnode.config.ConfigPaths.put(json, e.getKey(), e.getValue()));
    return NodeConfig.from(json);
  }

  public static ChatNode start(Vertx vertx, JsonObject overrides) {
    return Await.await(ChatNode.start(vertx, config(overrides)));
  }

  public static ChatNode start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }
}
