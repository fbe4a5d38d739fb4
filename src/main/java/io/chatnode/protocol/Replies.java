package io.chatnode.protocol;

/** Formats reply lines (without the LF). Pure. */
public final class Replies {

  public static final String OK = "ok";

  private Replies() {}

  public static String ok(String result) {
    return result == null || result.isEmpty() ? OK : "ok " + result;
  }

  public static String err(ErrorCode code, String message) {
    return "err " + code.wireName() + " " + message;
  }

  public static String rateLimited(long retryAfterMs, String message) {
    return err(ErrorCode.RATE_LIMITED, "retry_after_ms=" + retryAfterMs + " " + message);
  }

  /** Not now, but soon (this node is cut off from most of its cluster): try again after that long. */
  public static String unavailable(long retryAfterMs, String message) {
    return err(ErrorCode.UNAVAILABLE, "retry_after_ms=" + retryAfterMs + " " + message);
  }

  /** True for a line that is a reply rather than a push. */
  public static boolean isReply(String line) {
    return line.equals("ok") || line.startsWith("ok ") || line.startsWith("err ");
  }

  /** Shortens user input quoted in an error message, so errors stay one readable line. */
  public static String quote(String userText) {
    String shown = userText.length() > 32 ? userText.substring(0, 32) + "..." : userText;
    StringBuilder sb = new StringBuilder(shown.length() + 2).append('\'');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      sb.append(TextRules.isForbidden(c) ? '?' : c);
    }
    return sb.append('\'').toString();
  }
}
