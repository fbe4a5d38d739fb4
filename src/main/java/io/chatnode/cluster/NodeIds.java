package io.chatnode.cluster;

import java.util.Locale;
import java.util.UUID;

/**
 * The one form of a node id: 8 hex digits, in logs, {@code hello node=}, connection ids and the
 * users directory. A clustered node's id is the start of its Vert.x cluster node id (a UUID), so
 * the line that reports a member leaving names the id that member logged at start. Eight hex digits tell a few
 * dozen nodes apart with a chance of a clash below one in a million.
 */
public final class NodeIds {

  public static final int LENGTH = 8;

  /**
   * The Hazelcast member attribute in which Vert.x's cluster manager keeps its node id (a UUID of
   * its own, not the member's): what a node's id is made from, and so what a departure is named by.
   */
  public static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private NodeIds() {}

  /** A node id for a Vert.x cluster node id (a UUID), or for any UUID. */
  public static String of(String memberUuid) {
    String hex = memberUuid.replace("-", "").toLowerCase(Locale.ROOT);
    if (hex.length() < LENGTH) {
      throw new IllegalArgumentException("not a member UUID: " + memberUuid);
    }
    return hex.substring(0, LENGTH);
  }

  /** A new random node id (a node that is not clustered). */
  public static String random() {
    return of(UUID.randomUUID().toString());
  }
}
