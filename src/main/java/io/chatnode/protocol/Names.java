package io.chatnode.protocol;

import java.util.Locale;

/** Nicknames and room names: 1 to 32 characters of {@code A-Z a-z 0-9 _ -}. */
public final class Names {

  public static final int MAX_LENGTH = 32;

  /** The rule, as error messages state it. */
  public static final String RULE = "1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 _ -";

  private Names() {}

  public static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The form names are compared in: nicknames and rooms are case-insensitive. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
