package io.chatnode.chat;

import java.util.List;

/**
 * What the cleanup of departed users needs to know of the cluster. The cluster package has the
 * answers (the cluster manager's); the composition root passes them in, so that the chat domain
 * knows nothing of Hazelcast.
 */
public interface Membership {

  /** The ids of the nodes in the cluster now, as {@link UserRecord#node()} names them. */
  List<String> nodes();

  /** This node's id. */
  String self();

  /** The cluster is running here (false once this node has begun to leave it). */
  boolean active();

  /**
   * Has {@code onLeft} run (on any thread) whenever a member leaves the cluster.
   *
   * @return what stops it
   */
  Runnable onMemberLeft(Runnable onLeft);
}
