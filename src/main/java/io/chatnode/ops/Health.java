package io.chatnode.ops;

import java.util.Map;

/** What the health endpoints report about a node. Thread-safe: read by the HTTP server. */
public interface Health {

  /** Ready for clients: listening, in the cluster, and not shutting down. */
  boolean ready();

  /** Every configured client listener is accepting connections. */
  boolean listening();

  /** Each configured client listener ({@code plain}, {@code tls}, {@code web}) and whether it accepts connections. */
  Map<String, Boolean> listeners();

  /** In the cluster and not in a minority of its expected size (always true when not clustered). */
  boolean clusterJoined();

  /** Nodes in the cluster as this node sees it, 1 when not clustered. */
  int clusterSize();

  /** Clustered and in the cluster: what readiness reports as {@code cluster} (false when not clustered). */
  boolean inCluster();

  boolean shuttingDown();
}
