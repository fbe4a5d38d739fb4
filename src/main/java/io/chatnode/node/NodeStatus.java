package io.chatnode.node;

/** The numbers of this node that {@code stats} reports. Thread-safe. */
interface NodeStatus {

  String nodeId();

  int openConnections();

  /** Nodes in the cluster, 1 when not clustered. */
  int clusterSize();

  long uptimeSeconds();
}
