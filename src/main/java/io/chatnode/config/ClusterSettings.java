package io.chatnode.config;

import java.util.Arrays;
import java.util.List;

/**
 * How a node joins a cluster; the keys under {@code cluster.} in conf/config.json.
 *
 * @param enabled join a cluster (also {@code ./chatnode node --cluster})
 * @param name the cluster's name: nodes only join a cluster of the same name
 * @param members other members' addresses ({@code host} or {@code host:port}); empty: 127.0.0.1
 * @param dnsService a Kubernetes headless Service's DNS name; when set, members are found by DNS
 * @param host the interface the cluster manager binds to; empty: automatic
 * @param port the first cluster port tried (the next ones are tried when it is taken)
 * @param publicHost the address other members should use to reach this one (containers, NAT)
 * @param eventBusHost the event bus's bind address; empty: the cluster host
 * @param eventBusPort the event bus's port; 0: a free one
 * @param eventBusPublicHost the event bus address other members should use
 * @param failureDetectionSeconds silence after which a member is declared dead
 * @param sweepSeconds how often the user directory is checked for users of departed nodes
 * @param eventBusTls the event bus between nodes over mutual TLS, with {@code tls.cert}/{@code tls.key}
 * @param eventBusCa PEM CA certificate(s) the other nodes' certificates must chain to
 * @param expectedNodes the cluster's intended size; a node that sees no majority of it is in a
 *     minority (not ready, refuses nickname claims); 0: not known, not enforced
 * @param mergeFirstDelaySeconds after start, how long before a node first looks for a split-off
 *     cluster to merge with
 * @param mergeNextDelaySeconds how often it looks again: bounds how long two sides of a healed
 *     partition stay apart
 */
public record ClusterSettings(
    boolean enabled,
    String name,
    List<String> members,
    String dnsService,
    String host,
    int port,
    String publicHost,
    String eventBusHost,
    int eventBusPort,
    String eventBusPublicHost,
    int failureDetectionSeconds,
    int sweepSeconds,
    boolean eventBusTls,
    String eventBusCa,
    int expectedNodes,
    int mergeFirstDelaySeconds,
    int mergeNextDelaySeconds) {

  public ClusterSettings {
    members = List.copyOf(members);
  }

  /** {@code "10.0.0.1, 10.0.0.2:5702"} as a list; blank entries dropped. */
  public static List<String> parseMembers(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Whether {@code seen} members (this node included) are a majority of {@code cluster.expectedNodes}:
   * more than half of it, so two sides of a partition can never both have one. Always true when the
   * expected size is not set (0).
   */
  public boolean majority(int seen) {
    return expectedNodes == 0 || 2 * seen > expectedNodes;
  }

  /** No members and no DNS service given: look for the other members on this machine. */
  public boolean localOnly() {
    return members.isEmpty() && dnsService.isEmpty();
  }
}
