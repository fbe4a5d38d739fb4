package io.chatnode.command;

import io.chatnode.config.Limits;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Request;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** {@code get_time}, {@code echo}, {@code calculate_sum}: stateless, answered at once. */
final class BasicCommands {

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Limits limits;
  private final Clock clock;

  BasicCommands(Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  String getTime(Request request) {
    if (!request.arguments().isEmpty()) {
      return Replies.err(ErrorCode.BAD_ARGS, "get_time takes no arguments");
    }
    return Replies.ok(ISO_MILLIS.format(clock.instant()));
  }

  String echo(Request request) {
    return Replies.ok(request.rest());
  }

  String calculateSum(Request request) {
    return DecimalSum.reply(request.arguments(), limits.sumMaxOperands(), limits.sumMaxDigits());
  }
}
