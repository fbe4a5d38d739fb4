package io.chatnode.protocol;

import java.util.Map;

/** Formats push lines (without the LF). Pure. */
public final class Pushes {

  private Pushes() {}

  /** {@code hello <nick> key=value ...}, the first line on every connection. */
  public static String hello(String nick, Map<String, ?> advertised) {
    StringBuilder sb = new StringBuilder("hello ").append(nick);
    advertised.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  public static String msg(String room, String from, String text) {
    return "msg " + room + " " + from + " " + text;
  }

  public static String dm(String from, String text) {
    return "dm " + from + " " + text;
  }

  public static String joined(String room, String nick) {
    return "joined " + room + " " + nick;
  }

  public static String left(String room, String nick) {
    return "left " + room + " " + nick;
  }

  public static String renamed(String oldNick, String newNick) {
    return "renamed " + oldNick + " " + newNick;
  }

  public static String info(String text) {
    return "info " + text;
  }

  public static String bye(String reason) {
    return "bye " + reason;
  }
}
