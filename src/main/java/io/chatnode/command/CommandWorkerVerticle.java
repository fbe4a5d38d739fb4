package io.chatnode.command;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.BusContract.Fields;
import io.chatnode.chat.UserDirectory;
import io.chatnode.config.Limits;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Command;
import io.chatnode.protocol.CommandParser;
import io.chatnode.protocol.Parsed;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link BusContract#COMMANDS}, deployed as a worker verticle in several instances: the
 * event bus spreads batches over the instances. A batch is answered in one reply, in order.
 */
public final class CommandWorkerVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(CommandWorkerVerticle.class);

  private final Limits limits;
  private BasicCommands basic;
  private PresenceCommands presence;
  private MessageConsumer<JsonObject> consumer;

  public CommandWorkerVerticle(Limits limits) {
    this.limits = limits;
  }

  @Override
  public Future<?> start() {
    basic = new BasicCommands(Clock.systemUTC());
    return UserDirectory.open(vertx).compose(directory -> {
      presence = new PresenceCommands(directory);
      consumer = vertx.eventBus().localConsumer(BusContract.COMMANDS, this::onBatch);
      return consumer.completion();
    });
  }

  private void onBatch(Message<JsonObject> message) {
    JsonArray lines = message.body() == null ? null : message.body().getJsonArray(Fields.LINES);
    if (lines == null) {
      message.fail(400, "body must be {\"lines\":[...]}");
      return;
    }
    List<Future<String>> replies = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      replies.add(answer(String.valueOf(lines.getValue(i))));
    }
    Future.join(replies).onComplete(ignored -> {
      JsonArray out = new JsonArray(new ArrayList<>(replies.size()));
      for (Future<String> reply : replies) {
        out.add(reply.succeeded() ? reply.result() : internalError(reply.cause()));
      }
      message.reply(new JsonObject().put(Fields.REPLIES, out));
    });
  }

  /** A line parsed as the connection parsed it; answered if it is a command served here. */
  private Future<String> answer(String line) {
    Parsed parsed = CommandParser.parse(line);
    if (parsed instanceof Parsed.Refused refused) {
      return Future.succeededFuture(refused.reply());
    }
    if (!(parsed instanceof Command command)) {
      return Future.succeededFuture(CommandParser.unknown("").reply());
    }
    return switch (command.word()) {
      case GET_TIME -> Future.succeededFuture(basic.getTime());
      case ECHO -> Future.succeededFuture(basic.echo((Command.Echo) command));
      case CALCULATE_SUM -> Future.succeededFuture(
          DecimalSum.reply(((Command.Sum) command).operands(), limits.sumMaxOperands(), limits.sumMaxDigits()));
      case WHO -> presence.who((Command.Who) command);
      case ROOMS -> presence.rooms();
      case HELP, PING, NICK, JOIN, LEAVE, SAY, MSG, STATS, AUTH, CAP, HISTORY, QUIT -> Future.succeededFuture(Replies.err(
          ErrorCode.UNKNOWN_COMMAND, command.word().wireName() + " is not served on " + BusContract.COMMANDS));
    };
  }

  private static String internalError(Throwable cause) {
    log.warn("command failed: {}", cause.toString());
    return Replies.err(ErrorCode.INTERNAL, "the node could not complete this request; try again");
  }
}
