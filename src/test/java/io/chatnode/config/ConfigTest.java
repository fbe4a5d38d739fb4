package io.chatnode.config;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigTest {

  @Test
  void defaultsComeFromConfConfigJson() {
    NodeConfig config = NodeConfig.from(ConfigLoader.defaults());
    assertEquals(6254, config.port());
    assertEquals("lobby", config.lobby());
    assertEquals(4096, config.limits().maxLineBytes());
    assertEquals(10, config.limits().chatRate());
    assertEquals(20, config.limits().chatBurst());
  }

  @Test
  void everyKeyHasItsVariableByOneRule() {
    assertEquals("CHATNODE_PORT", ConfigPaths.envName("port"));
    assertEquals("CHATNODE_LIMITS_CHATRATE", ConfigPaths.envName("limits.chatRate"));
    JsonObject overrides = EnvOverrides.from(
        Map.of("CHATNODE_PORT", "7000", "CHATNODE_LIMITS_CHATRATE", "0", "CHATNODE_LOBBY", "", "PATH", "/bin"),
        ConfigLoader.defaults());
    assertEquals(new JsonObject().put("port", 7000L).put("lobby", "")
        .put("limits", new JsonObject().put("chatRate", 0L)), overrides);
  }

  @Test
  void aVariableOfTheWrongTypeIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> EnvOverrides.from(Map.of("CHATNODE_PORT", "sixty"), ConfigLoader.defaults()));
    assertEquals("invalid configuration: CHATNODE_PORT (key port) must be an integer (got \"sixty\")", e.getMessage());
  }

  @Test
  void unknownVariablesAreReportedForAWarning() {
    assertEquals(Set.of("CHATNODE_LIMITS_CHATRAT"), EnvOverrides.unknownVariables(
        Map.of("CHATNODE_LIMITS_CHATRAT", "1", "CHATNODE_PORT", "1", "CHATNODE_JAVA_OPTS", "-Xmx1g"),
        ConfigLoader.defaults(), Set.of("CHATNODE_JAVA_OPTS")));
  }

  @Test
  void invalidValuesStopStartupNamingTheKey() {
    assertEquals("invalid configuration: port must be between 0 and 65535 (got 70000)",
        invalid(c -> c.put("port", 70000)));
    assertEquals("invalid configuration: limits.maxLineBytes must be an integer (got \"big\")",
        invalid(c -> c.getJsonObject("limits").put("maxLineBytes", "big")));
    assertEquals("invalid configuration: limits.chatBurst must be between 1 and 1000000 (got 0)",
        invalid(c -> c.getJsonObject("limits").put("chatBurst", 0)));
    assertEquals("invalid configuration: lobby must be empty or 1 to 32 characters of A-Z a-z 0-9 _ - (got \"the lobby\")",
        invalid(c -> c.put("lobby", "the lobby")));
    assertEquals("invalid configuration: unknown key limits.chatRat (docs/CONFIG.md lists every key)",
        invalid(c -> c.getJsonObject("limits").put("chatRat", 5)));
    assertEquals("invalid configuration: workers.instances is missing",
        invalid(c -> c.getJsonObject("workers").remove("instances")));
  }

  /** A say waits for every event loop of the node, tracked as the bits of a long: at most 64. */
  @Test
  void serverInstancesStopAtSixtyFour() {
    JsonObject sixtyFour = ConfigLoader.defaults();
    sixtyFour.getJsonObject("server").put("instances", 64);
    assertEquals(64, NodeConfig.from(sixtyFour).effectiveServerInstances());
    assertEquals("invalid configuration: server.instances must be between 0 and 64 (got 65)",
        invalid(c -> c.getJsonObject("server").put("instances", 65)));
    assertTrue(NodeConfig.from(ConfigLoader.defaults()).effectiveServerInstances() <= 64);
  }

  private static String invalid(java.util.function.Consumer<JsonObject> change) {
    JsonObject config = ConfigLoader.defaults();
    change.accept(config);
    return assertThrows(ConfigException.class, () -> NodeConfig.from(config)).getMessage();
  }

  @Test
  void layersAreDefaultsThenFileThenEnvironment(Vertx vertx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"port\": 7001, \"lobby\": \"hall\", \"limits\": {\"chatRate\": 3}}");
    NodeConfig config = await(ConfigLoader.load(vertx, file, Map.of("CHATNODE_PORT", "7002")));
    assertEquals(7002, config.port(), "environment beats file");
    assertEquals("hall", config.lobby(), "file beats defaults");
    assertEquals(3, config.limits().chatRate(), "a nested key from the file");
    assertEquals(20, config.limits().chatBurst(), "untouched keys keep their defaults");
  }

  @Test
  void aBrokenOrMissingFileIsAClearError(Vertx vertx, @TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{ not json");
    assertTrue(failure(ConfigLoader.load(vertx, broken, Map.of())).startsWith("invalid configuration: " + broken));
    assertEquals("invalid configuration: cannot read --conf file " + dir.resolve("missing.json"),
        failure(ConfigLoader.load(vertx, dir.resolve("missing.json"), Map.of())));
  }

  private static String failure(Future<?> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      assertTrue(e.getCause() instanceof ConfigException, String.valueOf(e.getCause()));
      return e.getCause().getMessage();
    }
  }
}
