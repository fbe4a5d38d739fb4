package io.chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.WebSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may open the WebSocket, decided from the headers alone. */
class OriginPolicyTest {

  private static OriginPolicy allowing(String... origins) {
    return new OriginPolicy(new WebSettings(true, 6280, false, List.of(origins), 60));
  }

  @Test
  void thePagesOwnOriginIsAlwaysAllowed() {
    OriginPolicy policy = allowing();
    assertTrue(policy.allows("http://localhost:6280", "http", "localhost:6280"));
    assertTrue(policy.allows("HTTP://LocalHost:6280", "http", "localhost:6280"), "case does not matter");
    assertTrue(policy.allows("https://chat.example.com", "https", "chat.example.com:443"), "a default port is no port");
    assertFalse(policy.allows("http://localhost:6281", "http", "localhost:6280"), "another port is another origin");
    assertFalse(policy.allows("https://localhost:6280", "http", "localhost:6280"), "another scheme too");
  }

  @Test
  void anotherOriginOnlyWhenConfigured() {
    assertFalse(allowing().allows("https://evil.example", "http", "localhost:6280"));
    assertTrue(allowing("https://app.example.com").allows("https://app.example.com", "http", "localhost:6280"));
    assertFalse(allowing("https://app.example.com").allows("https://app.example.com.evil.example", "http", "localhost:6280"));
    assertTrue(allowing("*").allows("https://anything.example", "http", "localhost:6280"));
  }

  @Test
  void noOriginIsAProgramAndNullIsNot() {
    assertTrue(allowing().allows(null, "http", "localhost:6280"), "no Origin: not a browser page");
    assertFalse(allowing().allows("null", "http", "localhost:6280"), "a sandboxed frame or a file");
    assertFalse(allowing().allows("http://localhost:6280", "http", null), "no Host to compare with");
  }

  @Test
  void originsAreNormalised() {
    assertEquals("https://a.example:8443", OriginPolicy.normalised("HTTPS://A.Example:8443"));
    assertEquals("http://a.example", OriginPolicy.normalised("http://a.example:80"));
    assertNull(OriginPolicy.normalised("not an origin"));
  }
}
