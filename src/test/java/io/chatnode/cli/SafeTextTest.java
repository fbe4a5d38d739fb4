package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Control characters and escape sequences from the network become visible, harmless text. */
class SafeTextTest {

  @Test
  void cleanTextIsUntouched() {
    String clean = "héllo wörld ✓ 日本";
    assertSame(clean, SafeText.neutralise(clean));
  }

  @Test
  void escapeSequencesBecomeCaretNotation() {
    assertEquals("^[[2J^[]0;title^G", SafeText.neutralise("\u001b[2J\u001b]0;title\u0007"));
    assertEquals("a^Mforged line^Jb^I^?", SafeText.neutralise("a\rforged line\nb\t\u007f"));
  }

  @Test
  void c1ControlsBecomeHex() {
    assertEquals("\\x9b31m\\x85", SafeText.neutralise("\u009b31m\u0085"));
  }

  @Test
  void bidiOverridesAreReplaced() {
    assertEquals("abc\uFFFDfed\uFFFD", SafeText.neutralise("abc\u202Efed\u2069"));
  }
}
