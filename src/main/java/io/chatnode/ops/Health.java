package io.chatnode.ops;

/** What the health endpoints report about a node. Thread-safe: read by the HTTP server. */
public interface Health {

  /** Ready for clients: listening, in the cluster, and not shutting down. */
  boolean ready();

  /** Every configured client listener is accepting connections. */
  boolean listening();

  /** In the cluster (always true when not clustered). */
  boolean clusterJoined();

  boolean shuttingDown();
}
