package io.chatnode.protocol;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line from the node, taken apart: a reply ({@code ok}/{@code err}) or a push, with its named
 * fields in protocol order. Pure; the one place that knows the shape of every server line, so
 * the JSON output and the chat display cannot disagree.
 *
 * @param type   {@code ok}, {@code err} or the push word ({@code msg}, {@code dm}, ...)
 * @param fields named parts, in order; free text is kept exactly
 * @param raw    the line as received
 */
public record ServerLine(String type, Map<String, String> fields, String raw) {

  /** Field names of each known push; the last one takes the rest of the line. */
  private static final Map<String, List<String>> PUSH_FIELDS = Map.of(
      "msg", List.of("room", "from", "text"),
      "dm", List.of("from", "text"),
      "joined", List.of("room", "nick"),
      "left", List.of("room", "nick"),
      "renamed", List.of("old", "new"),
      "info", List.of("text"),
      "bye", List.of("reason"),
      "hist", List.of("room", "seq", "time", "from", "text"),
      "lost", List.of("room", "range"));

  /**
   * The outcome of a reply without taking the line apart: {@code ok}, the error code of an
   * {@code err}, or {@code other} for a line that is no reply. Cheap: counted for every reply.
   */
  public static String outcome(String line) {
    if (!Replies.isReply(line)) {
      return "other";
    }
    if (line.startsWith("ok")) {
      return "ok";
    }
    int end = line.indexOf(' ', 4);
    return end < 0 ? line.substring(4) : line.substring(4, end);
  }

  /** True for {@code ok}/{@code err} lines, false for pushes. */
  public static boolean isReplyLine(String line) {
    return Replies.isReply(line);
  }

  public static ServerLine parse(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (Replies.isReply(line)) {
      if (line.startsWith("ok")) {
        fields.put("result", line.length() > 3 ? line.substring(3) : "");
        return new ServerLine("ok", fields, line);
      }
      String[] parts = split(line.substring(4), 2);
      fields.put("code", parts[0]);
      fields.put("message", parts[1]);
      return new ServerLine("err", fields, line);
    }
    if (line.startsWith("@")) {
      return parseTagged(line);
    }
    int space = line.indexOf(' ');
    String type = space < 0 ? line : line.substring(0, space);
    String rest = space < 0 ? "" : line.substring(space + 1);
    if (type.equals("hello")) {
      String[] parts = split(rest, 2);
      fields.put("nick", parts[0]);
      for (String pair : parts[1].split(" ")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          fields.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      return new ServerLine(type, fields, line);
    }
    List<String> names = PUSH_FIELDS.getOrDefault(type, List.of("text"));
    String[] parts = split(rest, names.size());
    for (int i = 0; i < names.size(); i++) {
      fields.put(names.get(i), parts[i]);
    }
    return new ServerLine(type, fields, line);
  }

  /**
   * A push with a tag word in front (protocol 1.1, {@code tags}): {@code @seq=42;time=... msg ...}.
   * The tags come first among the fields ({@code seq}, {@code time}), then the push's own.
   */
  private static ServerLine parseTagged(String line) {
    int space = line.indexOf(' ');
    String tagWord = space < 0 ? line.substring(1) : line.substring(1, space);
    ServerLine push = parse(space < 0 ? "" : line.substring(space + 1));
    Map<String, String> fields = new LinkedHashMap<>();
    for (String tag : tagWord.split(";")) {
      int eq = tag.indexOf('=');
      if (eq > 0) {
        fields.put(tag.substring(0, eq), tag.substring(eq + 1));
      }
    }
    fields.putAll(push.fields());
    return new ServerLine(push.type(), fields, line);
  }

  public boolean isReply() {
    return type.equals("ok") || type.equals("err");
  }

  public boolean isOk() {
    return type.equals("ok");
  }

  public String field(String name) {
    return fields.getOrDefault(name, "");
  }

  /** {@code retry_after_ms} of an {@code err rate_limited} reply, or -1. */
  public long retryAfterMs() {
    String message = field("message");
    if (type.equals("err") && message.startsWith("retry_after_ms=")) {
      String value = split(message.substring("retry_after_ms=".length()), 2)[0];
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  /** Splits on single spaces into exactly {@code count} parts; the last takes the rest, missing ones are empty. */
  private static String[] split(String text, int count) {
    String[] parts = new String[count];
    Arrays.fill(parts, "");
    int start = 0;
    for (int i = 0; i < count && start <= text.length(); i++) {
      int space = i == count - 1 ? -1 : text.indexOf(' ', start);
      if (space < 0) {
        parts[i] = text.substring(start);
        start = text.length() + 1;
      } else {
        parts[i] = text.substring(start, space);
        start = space + 1;
      }
    }
    return parts;
  }
}
