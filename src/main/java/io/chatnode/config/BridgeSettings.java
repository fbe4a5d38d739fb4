package io.chatnode.config;

import java.util.Arrays;
import java.util.List;

/**
 * The TCP event-bus bridge for services ({@code bridge.*}, docs/POLYGLOT.md). Off by default;
 * when on, nothing is allowed but what the rules name (least privilege).
 *
 * @param enabled whether the node listens for bridge clients
 * @param port the bridge's port (TLS when {@code tls.enabled}, from the node's certificate)
 * @param users the users of {@code auth.usersFile} who may log in to the bridge; empty: nobody
 * @param consume address rules a bridge client may register on (receive)
 * @param send address rules a bridge client may send to (point to point, with or without reply)
 * @param publish address rules a bridge client may publish to
 * @param maxFrameBytes the largest frame a client may send; a larger length prefix closes the connection
 * @param maxOutboundBytes frames queued for a client that does not read, beyond what its socket holds
 * @param maxDroppedFrames frames dropped for a slow client before it is disconnected
 * @param maxRegistrations addresses a connection may register on at once
 * @param idleTimeoutSeconds a connection silent both ways this long is closed; 0: never
 */
public record BridgeSettings(
    boolean enabled,
    int port,
    List<String> users,
    List<String> consume,
    List<String> send,
    List<String> publish,
    int maxFrameBytes,
    int maxOutboundBytes,
    int maxDroppedFrames,
    int maxRegistrations,
    int idleTimeoutSeconds) {

  public BridgeSettings {
    users = List.copyOf(users);
    consume = List.copyOf(consume);
    send = List.copyOf(send);
    publish = List.copyOf(publish);
  }

  /** A comma-separated list, blanks dropped: {@code "a, b,,c"} is [a, b, c]. */
  static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
