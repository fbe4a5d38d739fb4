package io.chatnode.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what the user types into protocol lines. Pure.
 *
 * <p>Plain text is said to the current room; a line starting with {@code /} is a slash command;
 * {@code //text} says {@code /text} literally.
 */
public final class InputParser {

  /** Every slash command with its usage, in the order {@code /help} lists them. */
  public static final Map<String, String> COMMANDS = commands();

  private InputParser() {}

  private static Map<String, String> commands() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("/nick", "/nick NAME          change your nickname");
    m.put("/join", "/join ROOM          join a room and talk there");
    m.put("/leave", "/leave [ROOM]       leave a room (default: the current one)");
    m.put("/room", "/room ROOM          talk in another room you have joined");
    m.put("/msg", "/msg NICK TEXT      private message");
    m.put("/who", "/who [ROOM]         who is in a room (default: the current one)");
    m.put("/rooms", "/rooms              all rooms and their sizes");
    m.put("/history", "/history [N]        the last N messages of the current room (default 20)");
    m.put("/time", "/time               the node's time (get_time)");
    m.put("/echo", "/echo TEXT          the node says TEXT back");
    m.put("/sum", "/sum N...           exact sum of numbers (calculate_sum)");
    m.put("/ping", "/ping               round trip to the node");
    m.put("/stats", "/stats              the node's statistics");
    m.put("/raw", "/raw LINE           send any protocol line as is");
    m.put("/quit", "/quit [REASON]      leave (Ctrl-D and Ctrl-C too)");
    m.put("/help", "/help               this list");
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * @param typed       the line as typed
   * @param currentRoom the room plain text goes to, or null when the user is in none
   */
  public static UserInput parse(String typed, String currentRoom) {
    String line = stripTrailingNewline(typed);
    if (line.isBlank()) {
      return new UserInput.Nothing();
    }
    if (!line.startsWith("/") || line.startsWith("//")) {
      String text = line.startsWith("//") ? line.substring(1) : line;
      if (currentRoom == null) {
        return new UserInput.Problem("you are in no room: /join one first");
      }
      return send("say " + currentRoom + " " + text);
    }
    int space = line.indexOf(' ');
    String name = (space < 0 ? line : line.substring(0, space)).toLowerCase(Locale.ROOT);
    String rest = space < 0 ? "" : line.substring(space + 1);
    String args = rest.strip();
    switch (name) {
      case "/nick":
        return oneWord("/nick", args, "nick ");
      case "/join":
        return oneWord("/join", args, "join ");
      case "/leave":
        if (args.isEmpty()) {
          return currentRoom == null ? usage("/leave") : send("leave " + currentRoom);
        }
        return oneWord("/leave", args, "leave ");
      case "/room":
        return args.isEmpty() || args.contains(" ") ? usage("/room") : new UserInput.SwitchRoom(args);
      case "/msg": {
        int gap = args.indexOf(' ');
        if (gap < 0) {
          return usage("/msg");
        }
        // The text is kept as typed after the one space that follows the nickname.
        String nick = args.substring(0, gap);
        String text = rest.stripLeading().substring(gap + 1);
        return send("msg " + nick + " " + text);
      }
      case "/who":
        if (args.isEmpty()) {
          return currentRoom == null ? usage("/who") : send("who " + currentRoom);
        }
        return oneWord("/who", args, "who ");
      case "/rooms":
        return noArgs("/rooms", args, "rooms");
      case "/history":
        return history(args, currentRoom);
      case "/time":
        return noArgs("/time", args, "get_time");
      case "/echo":
        return send(rest.isEmpty() ? "echo" : "echo " + rest);
      case "/sum":
        return send(args.isEmpty() ? "calculate_sum" : "calculate_sum " + args);
      case "/ping":
        return send(args.isEmpty() ? "ping" : "ping " + args);
      case "/stats":
        return noArgs("/stats", args, "stats");
      case "/quit":
        return send(args.isEmpty() ? "quit" : "quit " + args);
      case "/raw":
        return rest.isBlank() ? usage("/raw") : new UserInput.Send(rest, true);
      case "/help":
        return new UserInput.Help();
      default:
        return new UserInput.Problem("unknown command " + name + "; /help lists them");
    }
  }

  /** {@code /history [N]}: the current room's last N messages (protocol 1.1's {@code history}). */
  private static UserInput history(String args, String currentRoom) {
    if (currentRoom == null) {
      return new UserInput.Problem("you are in no room: /join one first");
    }
    if (args.isEmpty()) {
      return send("history " + currentRoom + " latest " + DEFAULT_HISTORY);
    }
    return args.matches("[1-9][0-9]{0,8}") ? send("history " + currentRoom + " latest " + args) : usage("/history");
  }

  /** Messages {@code /history} shows when no number is given. */
  static final int DEFAULT_HISTORY = 20;

  /** True if {@code line} (a protocol line) is a {@code quit} request. */
  public static boolean isQuit(String protocolLine) {
    String word = protocolLine.strip().split(" ", 2)[0];
    return word.equalsIgnoreCase("quit");
  }

  private static UserInput send(String protocolLine) {
    return new UserInput.Send(protocolLine, false);
  }

  private static UserInput oneWord(String command, String args, String prefix) {
    return args.isEmpty() || args.contains(" ") ? usage(command) : send(prefix + args);
  }

  private static UserInput noArgs(String command, String args, String protocolLine) {
    return args.isEmpty() ? send(protocolLine) : usage(command);
  }

  private static UserInput usage(String command) {
    return new UserInput.Problem("usage: " + COMMANDS.get(command).replaceFirst("  +", " — "));
  }

  private static String stripTrailingNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
