package io.chatnode.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports a node listens on, each with the key that sets it. Two listeners on one port would
 * share one socket (the chat and the HTTP server each get some of the connections), so a clash is
 * refused at start-up; and a port that cannot be bound is reported with its key and the way to run
 * several nodes on one machine.
 *
 * <p>A new listener is one more line in {@link #of(NodeConfig)}.
 */
public final class ListenerPorts {

  /** One listener: the key that sets its port, and the port (0: any free port, never a clash). */
  public record Listener(String key, int port) {}

  private final List<Listener> listeners;

  private ListenerPorts(List<Listener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** The listeners a node with this configuration opens. */
  public static ListenerPorts of(NodeConfig config) {
    List<Listener> listeners = new ArrayList<>();
    if (config.plainEnabled()) {
      listeners.add(new Listener("port", config.port()));
    }
    if (config.tls().enabled()) {
      listeners.add(new Listener("tls.port", config.tls().port()));
    }
    listeners.add(new Listener("http.port", config.httpPort()));
    if (config.web().enabled()) {
      listeners.add(new Listener("web.port", config.web().port()));
    }
    if (config.bridge().enabled()) {
      listeners.add(new Listener("bridge.port", config.bridge().port()));
    }
    return new ListenerPorts(listeners);
  }

  public List<Listener> listeners() {
    return listeners;
  }

  /** Refuses two listeners on one port (0 excepted: each gets a free port of its own). */
  public void refuseClashes() {
    for (int i = 0; i < listeners.size(); i++) {
      for (int j = i + 1; j < listeners.size(); j++) {
        Listener a = listeners.get(i);
        Listener b = listeners.get(j);
        if (a.port() != 0 && a.port() == b.port()) {
          throw new ConfigException("invalid configuration: " + a.key() + " and " + b.key() + " are both "
              + a.port() + "; each listener needs a port of its own");
        }
      }
    }
  }

  /** A listener could not start: the exception whose message is {@link #bindFailure}. */
  public static RuntimeException bindFailed(String key, int port, Throwable cause) {
    return new IllegalStateException(bindFailure(key, port, cause), cause);
  }

  /**
   * Why a listener could not start, for the operator: the port, its key and variable, the cause,
   * and, when the port is taken, how to run several nodes on one machine.
   */
  public static String bindFailure(String key, int port, Throwable cause) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    StringBuilder b = new StringBuilder("cannot listen on ").append(key).append(' ').append(port)
        .append(" (").append(ConfigPaths.envName(key)).append("): ").append(message);
    if (message.contains("in use")) {
      b.append("; another process (perhaps another node) has this port. To run several nodes on one machine, "
          + "give each its own port, tls.port, http.port and web.port, e.g. CHATNODE_PORT=6264 "
          + "CHATNODE_HTTP_PORT=8081 CHATNODE_WEB_PORT=6281 ./chatnode node (README, \"A cluster of three nodes on one machine\")");
    }
    return b.toString();
  }
}
