package io.chatnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code chatnode node --port 7000 --http-port 8081}: options are keys, the top layer. */
class CommandLineKeysTest {

  @Test
  void givenOptionsBecomeKeysAndOthersStayOut() {
    assertEquals(new JsonObject(), new CommandLineKeys().put("port", null).put("http.port", null).json());
    JsonObject keys = new CommandLineKeys().put("port", 7000).put("http.port", 8081).put("cluster.enabled", true)
        .put("cluster.members", "10.0.0.1").json();
    assertEquals(new JsonObject().put("port", 7000).put("http", new JsonObject().put("port", 8081))
        .put("cluster", new JsonObject().put("enabled", true).put("members", "10.0.0.1")), keys);
    JsonObject merged = ConfigLoader.defaults().mergeIn(keys, true);
    NodeConfig config = NodeConfig.from(merged);
    assertEquals(7000, config.port());
    assertEquals(8081, config.httpPort());
  }
}
