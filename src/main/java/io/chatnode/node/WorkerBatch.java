package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.BusContract.Fields;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The worker-command lines of one read of a connection, sent to the command worker verticles as
 * one event bus request, so a pipelining client costs one message per read, not per line.
 */
final class WorkerBatch {

  private final EventBus bus;
  private final long timeoutMs;
  /** Lines of the current read and their slots; null until a read has one. */
  private List<String> lines;
  private List<ReplyQueue.Slot> slots;

  WorkerBatch(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  /** A line of this read, whose reply goes to {@code slot}. */
  void add(String line, ReplyQueue.Slot slot) {
    if (lines == null) {
      lines = new ArrayList<>();
      slots = new ArrayList<>();
    }
    lines.add(line);
    slots.add(slot);
  }

  /**
   * Sends the lines of this read, if any; when the answers come, fills their slots (with
   * {@code failureReply} for any that did not come) and runs {@code then}.
   */
  void send(ReplyQueue replies, Function<Throwable, String> failureReply, Runnable then) {
    if (lines == null) {
      return;
    }
    List<ReplyQueue.Slot> sent = slots;
    JsonObject body = new JsonObject().put(Fields.LINES, new JsonArray(lines));
    lines = null;
    slots = null;
    ask(body).onComplete(ar -> {
      JsonArray answers = ar.succeeded() ? ar.result().getJsonArray(Fields.REPLIES) : null;
      for (int i = 0; i < sent.size(); i++) {
        String answer = answers != null && i < answers.size() ? answers.getString(i) : null;
        replies.fill(sent.get(i), answer != null ? answer : failureReply.apply(ar.cause()));
      }
      then.run();
    });
  }

  /** One line to the command workers on its own; its reply. */
  Future<String> askOne(String line) {
    return ask(new JsonObject().put(Fields.LINES, new JsonArray().add(line)))
        .map(reply -> reply.getJsonArray(Fields.REPLIES).getString(0));
  }

  private Future<JsonObject> ask(JsonObject body) {
    // Options made per request rather than kept: an idle connection should hold as little as it can.
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    return bus.<JsonObject>request(BusContract.COMMANDS, body, options).map(message -> message.body());
  }
}
