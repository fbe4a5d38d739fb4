package io.chatnode.cluster;

import io.chatnode.testing.NodeProcesses;
import io.chatnode.testing.TestClusters;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cluster of node processes from the packaged jar, every port a free ephemeral one: each node
 * has its own client port and cluster (Hazelcast) port, and the members are listed explicitly on
 * loopback, as an operator lists them. {@link #close()} SIGKILLs whatever is still running, and so
 * does a shutdown hook if the test JVM itself is stopped first.
 */
final class ProcessCluster implements AutoCloseable {

  /** One node process: its name (log file), client port and cluster port. */
  record Node(String name, int port, int clusterPort, Process process) {}

  private final NodeProcesses processes = new NodeProcesses();
  private final String clusterName = TestClusters.newClusterName();
  private final List<Node> nodes = new ArrayList<>();
  private final Thread killer = new Thread(processes::destroyAll, "kill-node-processes");

  /**
   * Starts {@code count} nodes named {@code prefix-0 ...}, with {@code env} added to every node's
   * environment, and waits (with a deadline) until each accepts connections and sees them all.
   */
  ProcessCluster(Vertx vertx, String prefix, int count, Map<String, String> env) {
    Runtime.getRuntime().addShutdownHook(killer);
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clusterPorts.add(NodeProcesses.freePort());
    }
    String members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    try {
      for (int i = 0; i < count; i++) {
        int port = NodeProcesses.freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put("CHATNODE_PORT", Integer.toString(port));
        all.put("CHATNODE_HOST", "127.0.0.1");
        all.put("CHATNODE_HTTP_PORT", "0");
        all.put("CHATNODE_CLUSTER_ENABLED", "true");
        all.put("CHATNODE_CLUSTER_NAME", clusterName);
        all.put("CHATNODE_CLUSTER_HOST", "127.0.0.1");
        all.put("CHATNODE_CLUSTER_PORT", Integer.toString(clusterPorts.get(i)));
        all.put("CHATNODE_CLUSTER_MEMBERS", members);
        all.put("CHATNODE_SERVER_INSTANCES", "1");
        String name = prefix + "-" + i;
        Process process = processes.start(name, List.of("-Xmx256m"), List.of("node"), all);
        nodes.add(new Node(name, port, clusterPorts.get(i), process));
      }
      for (Node node : nodes) {
        awaitReady(vertx, node.port(), count);
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  String clusterName() {
    return clusterName;
  }

  Node node(int index) {
    return nodes.get(index);
  }

  List<Node> nodes() {
    return nodes;
  }

  /** Waits until the node accepts connections and its {@code stats} counts {@code members} nodes. */
  private void awaitReady(Vertx vertx, int port, int members) {
    processes.awaitMembers(vertx, port, members);
  }

  @Override
  public void close() {
    processes.destroyAll();
    for (Node node : nodes) {
      try {
        node.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }
}
