package io.chatnode.config;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** Two listeners on one port would share a socket: the chat and HTTP servers each get some connections. */
  @Test
  void listenersOnOnePortAreRefused() {
    assertEquals("invalid configuration: port and http.port are both 6254; each listener needs a port of its own",
        invalid(c -> c.getJsonObject("http").put("port", 6254)));
    assertEquals("invalid configuration: tls.port and http.port are both 8080; each listener needs a port of its own",
        invalid(c -> withTls(c).getJsonObject("tls").put("port", 8080)));
    assertEquals("invalid configuration: port and tls.port are both 6254; each listener needs a port of its own",
        invalid(c -> withTls(c).getJsonObject("tls").put("port", 6254)));
    JsonObject tlsOnly = withTls(ConfigLoader.defaults()).put("port", 8080);
    tlsOnly.getJsonObject("plain").put("enabled", false);
    assertEquals(8080, NodeConfig.from(tlsOnly).port(), "a port that is not opened clashes with nothing");
    JsonObject anyFree = ConfigLoader.defaults().put("port", 0);
    anyFree.getJsonObject("http").put("port", 0);
    assertEquals(0, NodeConfig.from(anyFree).httpPort(), "0 is a free port each, never a clash");
    assertEquals(List.of(new ListenerPorts.Listener("port", 6254), new ListenerPorts.Listener("http.port", 8080),
            new ListenerPorts.Listener("web.port", 6280)),
        ListenerPorts.of(NodeConfig.from(ConfigLoader.defaults())).listeners());
  }

  private static JsonObject withTls(JsonObject config) {
    config.getJsonObject("tls").put("enabled", true).put("cert", "server.crt").put("key", "server.key");
    return config;
  }

  @Test
  void aPortThatCannotBeBoundIsNamedWithItsKeyAndTheWayToRunSeveralNodes() {
    String taken = ListenerPorts.bindFailure("http.port", 8080, new java.net.BindException("Address already in use"));
    assertTrue(taken.startsWith("cannot listen on http.port 8080 (CHATNODE_HTTP_PORT): Address already in use; "), taken);
    assertTrue(taken.contains("CHATNODE_HTTP_PORT=8081"), taken);
    assertEquals("cannot listen on port 80 (CHATNODE_PORT): Permission denied",
        ListenerPorts.bindFailure("port", 80, new java.net.SocketException("Permission denied")));
  }

  @Test
  void aWrongValueFromTheEnvironmentIsNamedByItsVariable(Vertx vertx) throws Exception {
    assertEquals("invalid configuration: CHATNODE_PORT (key port) must be between 0 and 65535 (got 70000)",
        failure(ConfigLoader.load(vertx, null, Map.of("CHATNODE_PORT", "70000"))));
    assertEquals("invalid configuration: CHATNODE_LOG_FORMAT (key log.format) must be one of json, text (got \"xml\")",
        failure(ConfigLoader.load(vertx, null, Map.of("CHATNODE_LOG_FORMAT", "xml"))));
    assertEquals("invalid configuration: port must be between 0 and 65535 (got 70000)",
        failure(ConfigLoader.load(vertx, null, Map.of("CHATNODE_PORT", "70000"), new JsonObject().put("port", 70000))),
        "set on the command line: the key, not the variable");
  }

  @Test
  void reservedNamesAreValidNamesComparedWithoutCase() {
    ReservedNames reserved = NodeConfig.from(ConfigLoader.defaults()).reservedNames();
    assertTrue(reserved.reserves("Admin") && reserved.reserves("server") && reserved.reserves("guest-k3x9qa"));
    assertFalse(reserved.reserves("alice"));
    assertEquals("invalid configuration: names.reserved must list names of 1 to 32 characters of A-Z a-z 0-9 _ -, "
        + "separated by commas (got \"the boss\")", invalid(c -> c.getJsonObject("names").put("reserved", "admin, the boss")));
  }

  @Test
  void aSectionThatIsNotAnObjectIsNamedItself() {
    assertEquals("invalid configuration: limits must be an object (got 5)", invalid(c -> c.put("limits", 5)));
    assertEquals("invalid configuration: tls must be an object (got \"on\")", invalid(c -> c.put("tls", "on")));
  }

  @Test
  void aBrokenFileSaysWhereWithoutParserInternals(Vertx vertx, @TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\n  \"port\": 7000,\n  lobby: \"hall\"\n}");
    String message = failure(ConfigLoader.load(vertx, broken, Map.of()));
    assertTrue(message.startsWith("invalid configuration: " + broken + " is not valid JSON at line 3, column 3: "), message);
    assertTrue(message.contains("double-quote"), message);
    assertFalse(message.contains("code 108") || message.contains("Source:") || message.contains("jackson"), message);
    Path array = dir.resolve("array.json");
    Files.writeString(array, "[]");
    assertEquals("invalid configuration: " + array + " must hold a JSON object ({ ... }), not an array",
        failure(ConfigLoader.load(vertx, array, Map.of())));
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "\n");
    assertEquals("invalid configuration: " + empty + " is empty; it must hold a JSON object ({ ... })",
        failure(ConfigLoader.load(vertx, empty, Map.of())));
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

  /** A merge attempt at least every second; an expected size from 0 (not enforced) to 1000 nodes. */
  @Test
  void partitionKeysStopAtTheirBounds() {
    JsonObject edges = ConfigLoader.defaults();
    edges.getJsonObject("cluster").put("expectedNodes", 1000).put("mergeFirstDelaySeconds", 1)
        .put("mergeNextDelaySeconds", 3600);
    ClusterSettings cluster = NodeConfig.from(edges).cluster();
    assertEquals(1000, cluster.expectedNodes());
    assertEquals(1, cluster.mergeFirstDelaySeconds());
    assertEquals(3600, cluster.mergeNextDelaySeconds());
    assertEquals("invalid configuration: cluster.expectedNodes must be between 0 and 1000 (got -1)",
        invalid(c -> c.getJsonObject("cluster").put("expectedNodes", -1)));
    assertEquals("invalid configuration: cluster.expectedNodes must be between 0 and 1000 (got 1001)",
        invalid(c -> c.getJsonObject("cluster").put("expectedNodes", 1001)));
    assertEquals("invalid configuration: cluster.mergeFirstDelaySeconds must be between 1 and 3600 (got 0)",
        invalid(c -> c.getJsonObject("cluster").put("mergeFirstDelaySeconds", 0)));
    assertEquals("invalid configuration: cluster.mergeNextDelaySeconds must be between 1 and 3600 (got 3601)",
        invalid(c -> c.getJsonObject("cluster").put("mergeNextDelaySeconds", 3601)));
  }

  /** More than half of the expected size: two sides of a partition never both have a majority. */
  @Test
  void aMajorityIsMoreThanHalfOfTheExpectedNodes() {
    JsonObject three = ConfigLoader.defaults();
    three.getJsonObject("cluster").put("expectedNodes", 3);
    ClusterSettings cluster = NodeConfig.from(three).cluster();
    assertFalse(cluster.majority(1));
    assertTrue(cluster.majority(2));
    assertTrue(cluster.majority(3));
    JsonObject four = ConfigLoader.defaults();
    four.getJsonObject("cluster").put("expectedNodes", 4);
    assertFalse(NodeConfig.from(four).cluster().majority(2), "two of four is a tie, not a majority");
    assertTrue(NodeConfig.from(four).cluster().majority(3));
    assertTrue(NodeConfig.from(ConfigLoader.defaults()).cluster().majority(1), "0: not enforced");
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
