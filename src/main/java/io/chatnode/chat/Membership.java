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

  /**
   * The members this node sees are a majority of the cluster's expected size (or no size is
   * expected). A node without one may be the cut-off side of a partition: the users it cannot see
   * may well be alive.
   */
  boolean majority();

  /** The cluster is running here (false once this node has begun to leave it). */
  boolean active();

  /**
   * Has {@code onLeft} run (on any thread) whenever a member leaves the cluster.
   *
   * @return what stops it
   */
  Runnable onMemberLeft(Runnable onLeft);
}
