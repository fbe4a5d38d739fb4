package io.chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.ConfigException;
import io.chatnode.config.ConfigLoader;
import io.chatnode.config.ConfigPaths;
import io.chatnode.config.EnvOverrides;
import io.chatnode.config.NodeConfig;
import io.chatnode.config.WebSettings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The web port's keys, validated like every other key, at their boundaries. */
class WebConfigTest {

  private static NodeConfig with(Map<String, Object> keys) {
    JsonObject json = ConfigLoader.defaults();
    keys.forEach((k, v) -> ConfigPaths.put(json, k, v));
    return NodeConfig.from(json);
  }

  private static String refused(Map<String, Object> keys) {
    return assertThrows(ConfigException.class, () -> with(keys)).getMessage();
  }

  @Test
  void defaultsServeThePageOn6280WithoutTlsToItsOwnOriginOnly() {
    WebSettings web = NodeConfig.from(ConfigLoader.defaults()).web();
    assertEquals(new WebSettings(true, 6280, false, List.of(), 60), web);
    assertFalse(web.anyOrigin());
  }

  @Test
  void environmentVariablesSetThem() {
    JsonObject env = EnvOverrides.from(Map.of("CHATNODE_WEB_PORT", "0", "CHATNODE_WEB_ENABLED", "false",
        "CHATNODE_WEB_ALLOWEDORIGINS", "https://Chat.Example.com, http://localhost:3000"), ConfigLoader.defaults());
    WebSettings web = NodeConfig.from(ConfigLoader.defaults().mergeIn(env, true)).web();
    assertEquals(new WebSettings(false, 0, false, List.of("https://chat.example.com", "http://localhost:3000"), 60), web);
  }

  @Test
  void thePortIsARealPort() {
    assertEquals(65535, with(Map.of("web.port", 65535)).web().port());
    assertEquals("invalid configuration: web.port must be between 0 and 65535 (got 65536)",
        refused(Map.of("web.port", 65536)));
    assertEquals("invalid configuration: web.port must be between 0 and 65535 (got -1)", refused(Map.of("web.port", -1)));
    assertEquals("invalid configuration: web.enabled must be true or false (got \"yes\")",
        refused(Map.of("web.enabled", "yes")));
  }

  @Test
  void theWebPortSharesNoPortWithTheOtherListeners() {
    assertEquals("invalid configuration: port and web.port are both 6254; each listener needs a port of its own", refused(Map.of("web.port", 6254)));
    assertEquals("invalid configuration: http.port and web.port are both 8080; each listener needs a port of its own", refused(Map.of("web.port", 8080)));
    assertEquals("invalid configuration: tls.port and web.port are both 6255; each listener needs a port of its own", refused(Map.of("web.port", 6255,
        "tls.enabled", true, "tls.cert", "c.pem", "tls.key", "k.pem")));
    assertEquals(6255, with(Map.of("web.port", 6255)).web().port(), "tls.port is free while TLS is off");
    assertEquals(6254, with(Map.of("web.port", 6254, "web.enabled", false)).web().port(), "a disabled web port clashes with nothing");
    assertEquals(0, with(Map.of("web.port", 0, "port", 0, "http.port", 0)).web().port(), "0 is a free port each");
  }

  @Test
  void webTlsNeedsTheNodesCertificate() {
    assertEquals("invalid configuration: web.tls needs tls.cert and tls.key (the node's certificate)",
        refused(Map.of("web.tls", true)));
    assertEquals("invalid configuration: web.tls needs tls.cert and tls.key (the node's certificate)",
        refused(Map.of("web.tls", true, "tls.cert", "c.pem")));
    assertTrue(with(Map.of("web.tls", true, "tls.cert", "c.pem", "tls.key", "k.pem")).web().tls(),
        "plain TCP with a web port on TLS is fine");
  }

  @Test
  void allowedOriginsAreOriginsOrAStar() {
    assertTrue(with(Map.of("web.allowedOrigins", "*")).web().anyOrigin());
    assertEquals(List.of("https://chat.example.com:8443"),
        with(Map.of("web.allowedOrigins", "https://chat.example.com:8443")).web().allowedOrigins());
    for (String bad : List.of("chat.example.com", "https://chat.example.com/path", "ftp://chat.example.com", "https://")) {
      assertEquals("invalid configuration: web.allowedOrigins must be * or origins like https://chat.example.com[:port], "
          + "comma-separated (got \"" + bad + "\")", refused(Map.of("web.allowedOrigins", bad)));
    }
  }
}
