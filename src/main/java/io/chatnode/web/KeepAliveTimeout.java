package io.chatnode.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes an HTTP keep-alive connection on the web port that has carried no request for
 * {@code web.idleTimeoutSeconds}, so that browsers and scanners that open connections and leave
 * them cannot hold sockets for ever. A connection upgraded to a WebSocket is exempt from then on:
 * an open chat is quiet for long, and the protocol's own idle timeout applies to it.
 *
 * <p>Vert.x's server-wide idle timeout would close idle WebSockets too, hence a timer per
 * connection. One per web listener, used on its event loop only.
 */
final class KeepAliveTimeout {

  /** Per open HTTP connection: requests in flight and the idle timer (or -1). */
  private static final class Idle {
    int inFlight;
    long timer = -1;
  }

  private final Vertx vertx;
  private final long idleMs;
  private final Map<HttpConnection, Idle> connections = new HashMap<>();

  /** @param idleSeconds 0: never close an idle connection */
  KeepAliveTimeout(Vertx vertx, int idleSeconds) {
    this.vertx = vertx;
    this.idleMs = idleSeconds * 1000L;
  }

  /** A new connection: idle until its first request. */
  void opened(HttpConnection connection) {
    if (idleMs == 0) {
      return;
    }
    connections.put(connection, new Idle());
    connection.closeHandler(ignored -> {
      Idle idle = connections.remove(connection);
      if (idle != null) {
        cancel(idle);
      }
    });
    arm(connection);
  }

  /** A request began on the connection: not idle while it is answered. */
  void requestStarted(HttpConnection connection) {
    Idle idle = connections.get(connection);
    if (idle != null) {
      idle.inFlight++;
      cancel(idle);
    }
  }

  /** A request's response ended: idle again once no other request is in flight. */
  void requestEnded(HttpConnection connection) {
    Idle idle = connections.get(connection);
    if (idle != null && --idle.inFlight == 0) {
      arm(connection);
    }
  }

  /** The connection now carries a WebSocket: never closed here for being quiet, and no longer tracked. */
  void upgraded(HttpConnection connection) {
    Idle idle = connections.remove(connection);
    if (idle != null) {
      cancel(idle);
    }
  }

  private void arm(HttpConnection connection) {
    Idle idle = connections.get(connection);
    if (idle == null) {
      return;
    }
    cancel(idle);
    idle.timer = vertx.setTimer(idleMs, id -> {
      idle.timer = -1;
      if (idle.inFlight == 0 && connections.get(connection) == idle) {
        connection.close();
      }
    });
  }

  private void cancel(Idle idle) {
    if (idle.timer >= 0) {
      vertx.cancelTimer(idle.timer);
      idle.timer = -1;
    }
  }
}
