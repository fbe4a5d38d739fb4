package io.chatnode.protocol;

import java.util.Locale;

/** Turns a decoded, non-empty line into a {@link Request}. Pure. */
public final class RequestParser {

  private RequestParser() {}

  public static Request parse(String line) {
    int start = 0;
    while (start < line.length() && line.charAt(start) == ' ') {
      start++;
    }
    int space = line.indexOf(' ', start);
    if (space < 0) {
      return new Request(line.substring(start).toLowerCase(Locale.ROOT), "");
    }
    return new Request(line.substring(start, space).toLowerCase(Locale.ROOT), line.substring(space + 1));
  }
}
