package io.chatnode.node;

import io.chatnode.config.Limits;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Replies;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the node says about itself: the {@code hello} greeting and the {@code stats} reply. */
final class NodeFacts {

  private NodeFacts() {}

  /** {@code hello <nick> key=value ...}: the limits a client should adapt to. */
  static String hello(String nick, LoopContext loop, boolean loginRequired) {
    Limits limits = loop.limits();
    Map<String, Object> pairs = new LinkedHashMap<>();
    pairs.put("version", NodeRuntime.PROTOCOL_VERSION);
    pairs.put("node", loop.nodeId());
    pairs.put("max_line", limits.maxLineBytes());
    pairs.put("rate", limits.chatRate());
    pairs.put("burst", limits.chatBurst());
    pairs.put("idle_s", limits.idleTimeoutSeconds());
    if (!loop.lobby().isEmpty()) {
      pairs.put("lobby", loop.lobby());
    }
    if (loginRequired) {
      pairs.put("auth", "required");
    }
    return Pushes.hello(nick, pairs);
  }

  /** {@code ok node=... connections=... nodes=... uptime_s=... users=... version=...}. */
  static Future<String> stats(LoopContext loop) {
    NodeStatus status = loop.status();
    return loop.directory().size().map(users -> Replies.ok(
        "node=" + status.nodeId()
            + " connections=" + status.openConnections()
            + " nodes=" + status.clusterSize()
            + " uptime_s=" + status.uptimeSeconds()
            + " users=" + users
            + " version=" + NodeRuntime.PROTOCOL_VERSION));
  }
}
