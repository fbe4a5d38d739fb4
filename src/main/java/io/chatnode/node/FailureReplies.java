package io.chatnode.node;

import io.chatnode.history.StoreUnavailable;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reply to a request whose work failed, and the operator's log line for it. */
final class FailureReplies {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private FailureReplies() {}

  /**
   * {@code err unavailable} when the history could not be reached from the minority side of a
   * partition (the client may try again, here or on another node); {@code err internal} for
   * anything else, which the operator is told about.
   */
  static String reply(Throwable cause, String connection, String remote, long retryAfterMs) {
    if (cause instanceof StoreUnavailable) {
      log.info("conn={} remote={} refused: {}", connection, remote, cause.getMessage());
      return Replies.unavailable(retryAfterMs, "this node is cut off from most of the cluster; "
          + "room messages and history are not available here now (try again, or another node)");
    }
    if (cause != null) {
      log.warn("conn={} remote={} request failed: {}", connection, remote, cause.toString());
    }
    return Replies.err(ErrorCode.INTERNAL, "the node could not complete this request; try again");
  }
}
