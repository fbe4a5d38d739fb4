package io.chatnode.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times on the wire (version 1.1 tags and {@code hist} lines): ISO-8601 UTC with milliseconds. Pure. */
public final class WireTime {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private WireTime() {}

  /** {@code 2026-11-24T10:15:30.123Z} for milliseconds since 1970-01-01T00:00Z. */
  public static String format(long epochMillis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
  }
}
