package io.chatnode.cli;

/**
 * Makes text from the network safe to put on a terminal. Pure.
 *
 * <p>A conforming node never relays control characters, but the client must not trust that: one
 * hostile or buggy node could otherwise clear the screen, move the cursor, retitle the window or
 * forge lines. Every C0 control (TAB included: it can hide text), DEL and C1 becomes visible caret
 * or hex notation, so an escape sequence shows up as harmless text like {@code ^[[2J}. Unicode
 * bidirectional overrides, which can make text read differently from what it is, become
 * {@code U+FFFD}.
 */
public final class SafeText {

  private static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  public static String neutralise(String text) {
    if (isClean(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20) {
        sb.append('^').append((char) (c + 0x40));
      } else if (c == 0x7f) {
        sb.append("^?");
      } else if (c >= 0x80 && c <= 0x9f) {
        sb.append("\\x").append(Integer.toHexString(c));
      } else if (isBidiControl(c)) {
        sb.append(REPLACEMENT);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isClean(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || isBidiControl(c)) {
        return false;
      }
    }
    return true;
  }

  /** LRE, RLE, PDF, LRO, RLO and the isolates LRI, RLI, FSI, PDI. */
  private static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
  }
}
