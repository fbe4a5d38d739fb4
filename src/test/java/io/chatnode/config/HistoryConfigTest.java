package io.chatnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The history.* keys and the slow-consumer limits of protocol 1.1, at their boundaries. */
class HistoryConfigTest {

  @Test
  void defaults() {
    NodeConfig config = NodeConfig.from(ConfigLoader.defaults());
    assertEquals(new HistorySettings(true, 2048, 604_800, 500, 1000), config.history());
    assertEquals(10_000, config.limits().slowConsumerGraceMs());
    assertEquals(4 * 1024 * 1024, config.limits().maxOutboundHardBytes());
    assertEquals(2048, config.history().keptPerRoom());
  }

  @Test
  void roomLengthFromTen() {
    assertEquals(10, valid(c -> history(c).put("roomLength", 10)).history().roomLength());
    assertEquals("invalid configuration: history.roomLength must be between 10 and 1000000 (got 9)",
        invalid(c -> history(c).put("roomLength", 9)));
  }

  @Test
  void ttlFromOneDay() {
    assertEquals(86_400, valid(c -> history(c).put("ttlSeconds", 86_400)).history().ttlSeconds());
    assertEquals("invalid configuration: history.ttlSeconds must be between 86400 and 31622400 (got 86399)",
        invalid(c -> history(c).put("ttlSeconds", 86_399)));
  }

  @Test
  void maxPerRequestFromAHundred() {
    assertEquals(100, valid(c -> history(c).put("maxPerRequest", 100)).history().maxPerRequest());
    assertEquals("invalid configuration: history.maxPerRequest must be between 100 and 100000 (got 99)",
        invalid(c -> history(c).put("maxPerRequest", 99)));
  }

  @Test
  void gapWaitFromTenMilliseconds() {
    assertEquals(10, valid(c -> history(c).put("gapWaitMs", 10)).history().gapWaitMs());
    assertEquals("invalid configuration: history.gapWaitMs must be between 10 and 60000 (got 9)",
        invalid(c -> history(c).put("gapWaitMs", 9)));
  }

  @Test
  void historyOffKeepsNothing() {
    NodeConfig config = valid(c -> history(c).put("enabled", false));
    assertFalse(config.history().enabled());
    assertEquals(0, config.history().keptPerRoom());
    assertEquals("invalid configuration: history.enabled must be true or false (got \"no\")",
        invalid(c -> history(c).put("enabled", "no")));
  }

  @Test
  void slowConsumerGraceFromZero() {
    assertEquals(0, valid(c -> limits(c).put("slowConsumerGraceMs", 0)).limits().slowConsumerGraceMs());
    assertEquals("invalid configuration: limits.slowConsumerGraceMs must be between 0 and 600000 (got -1)",
        invalid(c -> limits(c).put("slowConsumerGraceMs", -1)));
  }

  @Test
  void theHardCapIsNotBelowTheSoftLimit() {
    NodeConfig equal = valid(c -> limits(c).put("maxOutboundHardBytes", 524_288));
    assertEquals(524_288, equal.limits().maxOutboundHardBytes());
    assertEquals("invalid configuration: limits.maxOutboundHardBytes (524287) must not be below "
        + "limits.maxOutboundBytes (524288)", invalid(c -> limits(c).put("maxOutboundHardBytes", 524_287)));
    assertEquals("invalid configuration: limits.maxOutboundHardBytes must be between 1024 and 1073741824 (got 1023)",
        invalid(c -> limits(c).put("maxOutboundHardBytes", 1023)));
  }

  private static JsonObject history(JsonObject config) {
    return config.getJsonObject("history");
  }

  private static JsonObject limits(JsonObject config) {
    return config.getJsonObject("limits");
  }

  private static NodeConfig valid(Consumer<JsonObject> change) {
    JsonObject config = ConfigLoader.defaults();
    change.accept(config);
    return NodeConfig.from(config);
  }

  private static String invalid(Consumer<JsonObject> change) {
    JsonObject config = ConfigLoader.defaults();
    change.accept(config);
    return assertThrows(ConfigException.class, () -> NodeConfig.from(config)).getMessage();
  }
}
