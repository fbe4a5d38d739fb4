package io.chatnode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Requests, names, text rules, UTF-8 and reply formats: pure, no sockets. */
class ParsingTest {

  @Test
  void commandWordIsCaseInsensitiveAndTheRestIsKeptAsSent() {
    Request r = RequestParser.parse("ECHO  two  spaces ");
    assertEquals("echo", r.command());
    assertEquals(" two  spaces ", r.rest());
    assertEquals(List.of("two", "spaces"), r.arguments());
    assertEquals(new Request("help", ""), RequestParser.parse("help"));
    assertEquals(new Request("ping", ""), RequestParser.parse("  ping "));
  }

  @Test
  void wordAndTextTakesTheTextAfterOneSpace() {
    Request.WordAndText wt = RequestParser.parse("say lobby  hi  there ").wordAndText();
    assertEquals("lobby", wt.word());
    assertEquals(" hi  there ", wt.text());
    assertNull(RequestParser.parse("say lobby").wordAndText().text());
    assertEquals("", RequestParser.parse("say lobby ").wordAndText().text());
    assertEquals("room", RequestParser.parse("say   room text").wordAndText().word());
  }

  @Test
  void commandsKnowTheirLane() {
    assertEquals(CommandWord.Lane.WORKER, CommandWord.byWireName("echo").lane());
    assertEquals(CommandWord.Lane.CHAT, CommandWord.byWireName("say").lane());
    assertEquals(CommandWord.Lane.CONNECTION, CommandWord.byWireName("quit").lane());
    assertNull(CommandWord.byWireName("ECHO"), "lookup takes the lower-cased word");
    assertNull(CommandWord.byWireName("nope"));
  }

  @Test
  void namesAreOneToThirtyTwoSafeCharacters() {
    assertTrue(Names.isValid("a"));
    assertTrue(Names.isValid("Az09_-"));
    assertTrue(Names.isValid("x".repeat(32)));
    assertFalse(Names.isValid(""));
    assertFalse(Names.isValid("x".repeat(33)));
    assertFalse(Names.isValid("a b"));
    assertFalse(Names.isValid("é"));
    assertFalse(Names.isValid("a.b"));
    assertEquals("lobby", Names.key("LoBBy"));
  }

  @Test
  void relayedTextMayNotCarryControlCharacters() {
    assertFalse(TextRules.hasControlCharacters("plain text\twith tab, ünïcødé ✓"));
    for (char c : new char[] {0, 7, 10, 13, 27, 0x7f, 0x80, 0x85, 0x9f}) {
      assertTrue(TextRules.hasControlCharacters("a" + c + "b"), "char " + (int) c);
    }
    assertFalse(TextRules.hasControlCharacters("\u00a0 nbsp is printable"));
  }

  @Test
  void utf8IsDecodedStrictly() {
    byte[] ok = "héllo ✓".getBytes(StandardCharsets.UTF_8);
    assertEquals(Optional.of("héllo ✓"), Utf8.decode(ok, 0, ok.length));
    assertEquals(Optional.empty(), Utf8.decode(new byte[] {(byte) 0xC3}, 0, 1), "truncated sequence");
    assertEquals(Optional.empty(), Utf8.decode(new byte[] {(byte) 0xC0, (byte) 0xAF}, 0, 2), "overlong");
    assertEquals(Optional.empty(), Utf8.decode(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3), "surrogate");
    assertEquals(Optional.of("b"), Utf8.decode("abc".getBytes(StandardCharsets.US_ASCII), 1, 1));
  }

  @Test
  void replyAndPushForms() {
    assertEquals("ok", Replies.ok(""));
    assertEquals("ok x", Replies.ok("x"));
    assertEquals("err bad_args why", Replies.err(ErrorCode.BAD_ARGS, "why"));
    assertEquals("err rate_limited retry_after_ms=42 slow down", Replies.rateLimited(42, "slow down"));
    assertTrue(Replies.isReply("ok") && Replies.isReply("ok 1") && Replies.isReply("err x y"));
    assertFalse(Replies.isReply("okay") || Replies.isReply("msg a b c") || Replies.isReply("error"));
    assertEquals("'" + "a".repeat(32) + "...'", Replies.quote("a".repeat(40)));
    assertEquals("'a?b'", Replies.quote("a\u001bb"));
    assertEquals("msg r n t", Pushes.msg("r", "n", "t"));
    java.util.Map<String, Object> pairs = new java.util.LinkedHashMap<>();
    pairs.put("version", 1);
    pairs.put("node", "x");
    assertEquals("hello n version=1 node=x", Pushes.hello("n", pairs));
  }
}
