package io.chatnode.protocol;

/**
 * Rules for text that a node relays to other users.
 *
 * <p>Relayed text must not carry control characters: C0 except TAB, DEL and C1. Otherwise one
 * user could move another user's cursor, clear a screen or forge lines in a terminal.
 */
public final class TextRules {

  private TextRules() {}

  public static boolean hasControlCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isForbidden(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static boolean isForbidden(char c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
  }
}
