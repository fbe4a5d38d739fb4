package io.chatnode.protocol;

import java.util.Locale;

/** The {@code err} codes of the protocol; each is documented in docs/PROTOCOL.md. */
public enum ErrorCode {
  LINE_TOO_LONG,
  BAD_ENCODING,
  BAD_TEXT,
  UNKNOWN_COMMAND,
  BAD_ARGS,
  BAD_NAME,
  TOO_LARGE,
  NICK_TAKEN,
  NOT_MEMBER,
  TOO_MANY_ROOMS,
  NO_SUCH_USER,
  RATE_LIMITED,
  AUTH_REQUIRED,
  AUTH_FAILED,
  UNAVAILABLE,
  INTERNAL;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }
}
