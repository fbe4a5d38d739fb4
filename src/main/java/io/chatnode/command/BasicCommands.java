package io.chatnode.command;

import io.chatnode.protocol.Command;
import io.chatnode.protocol.Replies;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code get_time} and {@code echo}: stateless, answered at once. */
final class BasicCommands {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  BasicCommands(Clock clock) {
    this.clock = clock;
  }

  String getTime() {
    return Replies.ok(ISO_MILLIS.format(clock.instant()));
  }

  String echo(Command.Echo echo) {
    return Replies.ok(echo.text());
  }
}
