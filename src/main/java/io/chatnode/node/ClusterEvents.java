package io.chatnode.node;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a partition's healing asks of this node's connections: the cluster side
 * ({@code cluster.PartitionWatch}, through the composition root) says when this node merged back
 * or a member joined; the event loops register what they do then; and the ids of this node's open
 * connections, on every loop, say which of its records in the directory are still true.
 */
public final class ClusterEvents {

  private final List<Runnable> rejoinHooks = new CopyOnWriteArrayList<>();
  private final List<Runnable> memberJoinedHooks = new CopyOnWriteArrayList<>();
  private final List<Runnable> minorityHooks = new CopyOnWriteArrayList<>();
  private final Set<String> liveConnections = ConcurrentHashMap.newKeySet();

  void onRejoin(Runnable hook) {
    rejoinHooks.add(hook);
  }

  /**
   * This node merged back into its cluster after a partition: every connection, on its own event
   * loop, asserts its nickname and rooms again (this node is the source of truth for them).
   */
  public void rejoined() {
    rejoinHooks.forEach(Runnable::run);
  }

  void onMinority(Runnable hook) {
    minorityHooks.add(hook);
  }

  /**
   * This node sees no majority of its cluster any more: the other side may give its users'
   * nicknames away, so they give them up.
   */
  public void minorityEntered() {
    minorityHooks.forEach(Runnable::run);
  }

  void onMemberJoined(Runnable hook) {
    memberJoinedHooks.add(hook);
  }

  /**
   * A member joined the cluster (a start, or the other side of a healed partition): the merge may
   * bring back copies of records this node has since removed, which this node then removes.
   */
  public void memberJoined() {
    memberJoinedHooks.forEach(Runnable::run);
  }

  void connectionOpened(String id) {
    liveConnections.add(id);
  }

  void connectionGone(String id) {
    liveConnections.remove(id);
  }

  /** The connection with this id is open on this node. */
  boolean isLive(String connectionId) {
    return liveConnections.contains(connectionId);
  }
}
