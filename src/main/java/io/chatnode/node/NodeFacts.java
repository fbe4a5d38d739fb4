package io.chatnode.node;

import io.chatnode.config.Limits;
import io.chatnode.protocol.Capabilities;
import io.chatnode.protocol.Capabilities.Cap;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Replies;
import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
    pairs.putAll(Capabilities.helloPairs(offeredCaps(loop), loop.history().maxPerRequest(), loop.hub().epoch()));
    if (loginRequired) {
      pairs.put("auth", "required");
    }
    return Pushes.hello(nick, pairs);
  }

  /** What {@code cap} may turn on here: {@code tags} always, {@code history} when the node keeps it. */
  static Set<Cap> offeredCaps(LoopContext loop) {
    return loop.history().enabled() ? EnumSet.allOf(Cap.class) : EnumSet.of(Cap.TAGS);
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
