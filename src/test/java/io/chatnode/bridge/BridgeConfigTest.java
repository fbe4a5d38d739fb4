package io.chatnode.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.ConfigException;
import io.chatnode.config.NodeConfig;
import io.chatnode.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bridge.* keys: defaults, validation at start-up, and the address rules. */
class BridgeConfigTest {

  @Test
  void offByDefaultAndLeastPrivilegeWhenOn() {
    NodeConfig config = TestNodes.config(new JsonObject());
    assertFalse(config.bridge().enabled());
    assertEquals(7000, config.bridge().port());
    assertEquals(List.of(), config.bridge().users());
    assertEquals(List.of(), config.bridge().consume());
    assertEquals(List.of(), config.bridge().send());
    assertEquals(List.of(), config.bridge().publish());
  }

  @Test
  void theBridgeNeedsAUsersFile() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestNodes.config(new JsonObject().put("bridge.enabled", true)));
    assertTrue(e.getMessage().contains("bridge.enabled needs auth.usersFile"), e.getMessage());
  }

  @Test
  void theBridgePortMayNotBeAnotherListenersPort() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject()
        .put("bridge.enabled", true).put("auth.usersFile", "users").put("port", 7000).put("bridge.port", 7000)));
    assertTrue(e.getMessage().contains("port and bridge.port are both 7000"), e.getMessage());
  }

  @Test
  void limitsAreCheckedAtTheirBoundaries() {
    assertEquals(64, TestNodes.config(new JsonObject().put("bridge.maxFrameBytes", 64)).bridge().maxFrameBytes());
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestNodes.config(new JsonObject().put("bridge.maxFrameBytes", 63)));
    assertTrue(e.getMessage().contains("bridge.maxFrameBytes"), e.getMessage());
    assertEquals(0, TestNodes.config(new JsonObject().put("bridge.maxRegistrations", 0)).bridge().maxRegistrations());
    assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject().put("bridge.maxRegistrations", -1)));
  }

  @Test
  void aBrokenRegexIsRefusedNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> TestNodes.config(new JsonObject().put("bridge.consume", "chatnode.rooms, /chat(/")));
    assertTrue(e.getMessage().contains("bridge.consume"), e.getMessage());
  }

  @Test
  void rulesAreExactPrefixOrWholeRegex() {
    AddressRules rules = AddressRules.of(List.of("chatnode.commands", "chatnode.bot.*", "/app\\.[a-z]+/"));
    assertTrue(rules.allows("chatnode.commands"));
    assertFalse(rules.allows("chatnode.commands.x"));
    assertTrue(rules.allows("chatnode.bot.say"));
    assertTrue(rules.allows("app.news"));
    assertFalse(rules.allows("app.news2"));
    assertFalse(rules.allows("xapp.news"));
    assertFalse(AddressRules.of(List.of()).allows("anything"));
  }
}
