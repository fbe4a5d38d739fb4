package io.chatnode.cli;

import io.chatnode.protocol.ServerLine;
import io.vertx.core.json.JsonObject;

/**
 * Renders a server line as one JSON object for {@code --json}: {@code type} first, then the
 * line's named fields as strings, in protocol order. Pure.
 *
 * <p>Examples: {@code {"type":"ok","result":"0.3"}},
 * {@code {"type":"err","code":"nick_taken","message":"nickname ALICE is taken"}},
 * {@code {"type":"msg","room":"lobby","from":"alice","text":"hi"}}. An {@code err rate_limited}
 * also carries {@code retry_after_ms} as a number. Text is kept exactly: JSON escaping makes
 * control characters harmless, so nothing is neutralised here.
 */
public final class JsonLine {

  private JsonLine() {}

  public static String render(String line) {
    return toJson(ServerLine.parse(line)).encode();
  }

  public static JsonObject toJson(ServerLine line) {
    JsonObject json = new JsonObject().put("type", line.type());
    line.fields().forEach(json::put);
    long retryAfter = line.retryAfterMs();
    if (retryAfter >= 0) {
      json.put("retry_after_ms", retryAfter);
    }
    return json;
  }
}
