package io.chatnode.bridge;

import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;

/**
 * How a logged-in bridge client takes part in chat: a chat session of its own in the node, the same
 * pipeline a line client's commands go through (flood control, room membership, the name it logged
 * in with). The node's start-up ({@code app}) provides it; the bridge knows no node internals.
 */
public interface ChatDoor {

  /**
   * Opens a chat session for {@code user}, whose password (or certificate) the bridge has checked;
   * the session logs in with the same material when the node asks for a login. Completes once the
   * session speaks as {@code user}, or fails saying why (the name is taken, the node is full ...).
   *
   * @param password the password the client logged in with, or null (certificate login)
   * @param closed called (on the bridge's context) if the node closes the session itself
   */
  Future<BotSession> open(String user, char[] password, List<Certificate> certificates, SocketAddress remote,
      Runnable closed);

  /** A bot's chat session. */
  interface BotSession {

    /** Sends one request line (without LF) and completes with its reply line ({@code ok ..}/{@code err ..}). */
    Future<String> request(String line);

    /** Requests not yet answered. */
    int pending();

    /** Leaves the rooms and gives the name back. */
    void close();
  }
}
