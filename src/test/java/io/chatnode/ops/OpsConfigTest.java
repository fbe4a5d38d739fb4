package io.chatnode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatnode.config.ConfigException;
import io.chatnode.config.ConfigLoader;
import io.chatnode.config.EnvOverrides;
import io.chatnode.config.NodeConfig;
import io.chatnode.protocol.ServerLine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operability keys: http.port and log.format, validated like every other key. */
class OpsConfigTest {

  private static NodeConfig fromEnv(Map<String, String> env) {
    return NodeConfig.from(ConfigLoader.defaults().mergeIn(EnvOverrides.from(env, ConfigLoader.defaults()), true));
  }

  @Test
  void defaultsAreHttpOn8080AndTextLogs() {
    NodeConfig config = NodeConfig.from(ConfigLoader.defaults());
    assertEquals(8080, config.httpPort());
    assertEquals("text", config.logFormat());
  }

  @Test
  void variablesSetThem() {
    NodeConfig config = fromEnv(Map.of("CHATNODE_HTTP_PORT", "0", "CHATNODE_LOG_FORMAT", "json"));
    assertEquals(0, config.httpPort());
    assertEquals("json", config.logFormat());
  }

  @Test
  void badValuesStopStartUpNamingTheKey() {
    ConfigException format = assertThrows(ConfigException.class, () -> fromEnv(Map.of("CHATNODE_LOG_FORMAT", "xml")));
    assertEquals("invalid configuration: log.format must be one of json, text (got \"xml\")", format.getMessage());
    ConfigException port = assertThrows(ConfigException.class, () -> fromEnv(Map.of("CHATNODE_HTTP_PORT", "70000")));
    assertEquals("invalid configuration: http.port must be between 0 and 65535 (got 70000)", port.getMessage());
  }

  @Test
  void outcomeIsOkOrTheErrorCode() {
    assertEquals("ok", ServerLine.outcome("ok pong"));
    assertEquals("rate_limited", ServerLine.outcome("err rate_limited retry_after_ms=5 at most"));
    assertEquals("internal", ServerLine.outcome("err internal"));
    assertEquals("other", ServerLine.outcome("bye"));
  }
}
