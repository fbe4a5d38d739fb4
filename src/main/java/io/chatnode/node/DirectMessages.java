package io.chatnode.node;

import io.chatnode.chat.BusContract;
import io.chatnode.chat.DirectMessage;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Replies;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * {@code msg <nick> <text>}: the user is found in the directory (on whichever node) and the
 * message is a request to that connection's event loop inbox, so the sender's {@code ok} means it
 * was queued to the user.
 */
final class DirectMessages {

  private DirectMessages() {}

  static Future<String> send(LoopContext loop, String from, String target, String text) {
    String noSuchUser = Replies.err(ErrorCode.NO_SUCH_USER, "no user is called " + target);
    return loop.directory().find(target).compose(found -> {
      if (found == null) {
        return Future.succeededFuture(noSuchUser);
      }
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(loop.limits().requestTimeoutMs());
      return loop.vertx().eventBus()
          .request(found.inbox(), new DirectMessage(found.conn(), from, text, System.currentTimeMillis()).toJson(), options)
          .map(delivered -> Replies.OK)
          .recover(e -> Future.succeededFuture(isGone(e) ? noSuchUser
              : Replies.err(ErrorCode.INTERNAL, "the message could not be delivered; try again")));
    });
  }

  /** The user left between the lookup and the delivery (its loop or node is gone). */
  private static boolean isGone(Throwable e) {
    return e instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureCode() == BusContract.NO_SUCH_CONNECTION);
  }
}
