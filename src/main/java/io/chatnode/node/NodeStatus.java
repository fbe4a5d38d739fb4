package io.chatnode.node;

/** The numbers of this node that {@code stats} reports. Thread-safe. */
interface NodeStatus {

  String nodeId();

  int openConnections();

  /** Nodes in the cluster, 1 when not clustered. */
  int clusterSize();

  long uptimeSeconds();

  /**
   * This node sees a majority of the cluster's expected members (always true when not clustered or
   * no size is expected): only then may it hand out nicknames.
   */
  boolean majority();

  /** How long a client refused for want of a majority should wait before trying again. */
  long minorityRetryMs();
}
