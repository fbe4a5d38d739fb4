package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.NodeProcesses;
import io.chatnode.testing.TestClusters;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three node processes from the packaged jar, as an operator runs them: a node killed with
 * SIGKILL is survived (its users vanish, their nicknames free up, the others keep talking), a
 * restarted node rejoins, and a node stopped with SIGTERM says goodbye and leaves at once.
 * Prints the measured times, which the closing notes quote; asserts only generous deadlines.
 */
class ClusterProcessIT {

  private final String clusterName = TestClusters.newClusterName();
  private final int clusterPort = TestClusters.newClusterPort();
  private NodeProcesses nodes;
  private List<Process> processes;
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    nodes = new NodeProcesses();
    processes = nodes.all();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    nodes.destroyAll();
    Await.await(vertx.close());
  }

  private Process startNode(String name, int port) throws IOException {
    return nodes.start(name, List.of("-Xmx256m"), List.of("node", "--cluster"), Map.of(
        "CHATNODE_PORT", Integer.toString(port),
        "CHATNODE_HOST", "127.0.0.1",
        "CHATNODE_HTTP_PORT", "0",
        "CHATNODE_CLUSTER_NAME", clusterName,
        "CHATNODE_CLUSTER_PORT", Integer.toString(clusterPort),
        "CHATNODE_SERVER_INSTANCES", "1",
        "CHATNODE_LIMITS_CHATRATE", "0")); // the latency probe says 200 lines
  }

  /** Waits, with a deadline, until the node accepts connections and sees {@code nodes} members. */
  private void awaitNode(int port, int members) {
    nodes.awaitMembers(vertx, port, members);
  }


  @Test
  void killedNodeIsSurvivedRestartedNodeRejoinsStoppedNodeLeavesAtOnce() throws Exception {
    int portA = NodeProcesses.freePort();
    int portB = NodeProcesses.freePort();
    int portC = NodeProcesses.freePort();
    startNode("a", portA);
    startNode("b", portB);
    Process c = startNode("c", portC);
    awaitNode(portA, 3);
    awaitNode(portB, 3);
    awaitNode(portC, 3);

    LineClient a = LineClient.connect(vertx, portA);
    LineClient b = LineClient.connect(vertx, portB);
    LineClient victim = LineClient.connect(vertx, portC);
    assertEquals("ok alice", a.call("nick alice"));
    assertEquals("ok bob", b.call("nick bob"));
    assertEquals("ok victim", victim.call("nick victim"));
    for (LineClient client : List.of(a, b, victim)) {
      assertEquals("ok k1", client.call("join k1"));
    }
    a.pushMatching("joined k1 victim"::equals);

    // Cross-node delivery latency: one message at a time from alice (node A) to bob (node B).
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      long sent = System.nanoTime();
      a.send("say k1 latency " + i);
      String expected = "msg k1 alice latency " + i;
      b.pushMatching(expected::equals);
      micros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
      a.reply();
    }
    Collections.sort(micros);
    System.out.printf("MEASURED cross-node say->msg latency over 200 messages: median %d us, p90 %d us, max %d us%n",
        micros.get(100), micros.get(180), micros.get(199));

    // SIGKILL node C: no goodbye.
    long killedAt = System.nanoTime();
    c.destroyForcibly();
    assertEquals("left k1 victim", a.pushMatching(p -> p.equals("left k1 victim")));
    long cleanupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    System.out.printf("MEASURED SIGKILL to 'left' on a survivor: %d ms%n", cleanupMs);
    assertTrue(cleanupMs < 30_000, "cleanup took " + cleanupMs + " ms");
    assertEquals("ok alice bob", b.call("who k1"));
    // A killed node cannot be told from a cut-off one: the dead user's nickname is held back for the
    // failure detection time, then free.
    assertTrue(b.call("nick victim").startsWith("err nick_taken "), "held back just after 'left'");
    Await.poll(vertx, () -> b.call("nick victim").equals("ok victim"), 30);
    System.out.printf("MEASURED SIGKILL to the dead user's nickname free again: %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    assertEquals("ok", a.call("say k1 still here"));
    b.pushMatching("msg k1 alice still here"::equals);

    // Restart C on the same port: it rejoins and is fully usable.
    startNode("c-restarted", portC);
    awaitNode(portC, 3);
    LineClient carol = LineClient.connect(vertx, portC);
    assertEquals("ok carol", carol.call("nick carol"));
    assertEquals("ok k1", carol.call("join k1"));
    a.pushMatching("joined k1 carol"::equals);
    assertEquals("ok", carol.call("say k1 back again"));
    a.pushMatching("msg k1 carol back again"::equals);
    assertEquals("ok", a.call("msg carol welcome back"));
    carol.pushMatching("dm alice welcome back"::equals);

    // SIGTERM node B: its clients get bye shutdown, the others see them leave at once.
    long stoppedAt = System.nanoTime();
    processes.get(1).destroy();
    assertEquals("bye shutdown", b.pushMatching(p -> p.startsWith("bye ")));
    a.pushMatching("left k1 victim"::equals);
    long leaveMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
    System.out.printf("MEASURED SIGTERM to 'left' on a survivor: %d ms%n", leaveMs);
    assertTrue(processes.get(1).waitFor(30, TimeUnit.SECONDS), "node B exits");
    int exit = processes.get(1).exitValue();
    assertTrue(exit == 0 || exit == 143, "a clean exit after SIGTERM (143 = 128 + SIGTERM): " + exit);
    assertEquals("ok alice carol", a.call("who k1"));
  }
}
