package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.NodeProcesses;
import io.chatnode.testing.TestClusters;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A paused node (Jepsen's "pause": {@code kill -STOP}, as a long GC pause or a frozen VM does),
 * three node processes on loopback with an expected size of three. While node C is stopped for
 * longer than failure detection, the majority (A, B) stays ready, removes C's users and hands
 * their nicknames out once held back for the failure detection time; after {@code kill -CONT} C's
 * user whose nickname was given away is renamed to a guest and told (C finds itself alone and
 * gives its users' names up, or the merge finds the conflict: the majority's claim stands), C's
 * member receives what was said during the pause, the cluster re-forms, and presence converges:
 * {@code who} is the same on every node (a user who quit during the pause does not come back with
 * C's copy of its record), and {@code msg} reaches each user by its current name.
 * Prints the measured times; asserts generous deadlines, never sleeps.
 */
class PausedNodeIT {

  /** The default: a 2-core machine under load made A and B suspect each other with 6 s (a real false suspicion). */
  private static final int FAILURE_DETECTION_SECONDS = 8;

  private final String clusterName = TestClusters.newClusterName();
  private final int clusterPort = TestClusters.newClusterPort();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private NodeProcesses nodes;
  private Vertx vertx;
  private Process paused;

  @BeforeEach
  void setUp() {
    nodes = new NodeProcesses();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (paused != null && paused.isAlive()) {
      signal(paused, "CONT"); // a stopped process does not act on SIGKILL until continued on some systems
    }
    nodes.destroyAll();
    Await.await(vertx.close());
  }

  private record Node(Process process, int port, int httpPort) {}

  /**
   * Members listed by address and port, as docs/OPERATIONS.md advises: after a heal Hazelcast
   * tries each listed address in turn, and one where no member listens costs it 5 s.
   */
  private String members() {
    return "127.0.0.1:" + clusterPort + ",127.0.0.1:" + (clusterPort + 1) + ",127.0.0.1:" + (clusterPort + 2);
  }

  private Node startNode(String name, int index) throws IOException {
    int port = NodeProcesses.freePort();
    int httpPort = NodeProcesses.freePort();
    Process process = nodes.start(name, List.of("-Xmx256m"), List.of("node", "--cluster"), Map.ofEntries(
        Map.entry("CHATNODE_PORT", Integer.toString(port)),
        Map.entry("CHATNODE_HOST", "127.0.0.1"),
        Map.entry("CHATNODE_HTTP_PORT", Integer.toString(httpPort)),
        Map.entry("CHATNODE_CLUSTER_NAME", clusterName),
        Map.entry("CHATNODE_CLUSTER_HOST", "127.0.0.1"),
        Map.entry("CHATNODE_CLUSTER_MEMBERS", members()),
        Map.entry("CHATNODE_CLUSTER_PORT", Integer.toString(clusterPort + index)),
        Map.entry("CHATNODE_CLUSTER_EXPECTEDNODES", "3"),
        Map.entry("CHATNODE_CLUSTER_FAILUREDETECTIONSECONDS", Integer.toString(FAILURE_DETECTION_SECONDS)),
        Map.entry("CHATNODE_SERVER_INSTANCES", "1"),
        Map.entry("CHATNODE_LIMITS_CHATRATE", "0")));
    return new Node(process, port, httpPort);
  }

  private static void signal(Process process, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
  }

  /** The node's readiness body with its status code as {@code "http"}, or null if it does not answer. */
  private JsonObject readiness(Node node) {
    try {
      HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
          + "/health/ready")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
      return new JsonObject(res.body()).put("http", res.statusCode());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Ready, in the cluster, and seeing {@code size} nodes. */
  private boolean readyWith(Node node, int size) {
    JsonObject ready = readiness(node);
    return ready != null && ready.getInteger("http") == 200 && ready.getBoolean("cluster")
        && ready.getInteger("nodes") == size;
  }


  /** The names in a {@code who} reply, sorted. */
  private static TreeSet<String> who(LineClient client, String room) {
    String reply = client.call("who " + room);
    assertTrue(reply.startsWith("ok"), reply);
    return new TreeSet<>(Arrays.asList(reply.substring(2).trim().split(" ")));
  }

  @Test
  void aPausedNodeRejoinsItsNicknameConflictIsResolvedAndPresenceConverges() throws Exception {
    Node a = startNode("paused-a", 0);
    Node b = startNode("paused-b", 1);
    Node c = startNode("paused-c", 2);
    for (Node node : List.of(a, b, c)) {
      Await.poll(vertx, () -> {
        assertTrue(node.process().isAlive(), "a node process exited; see " + NodeProcesses.LOGS);
        return NodeProcesses.accepts(node.port()) && readyWith(node, 3);
      }, 120);
    }
    LineClient alice = LineClient.connect(vertx, a.port());
    LineClient bob = LineClient.connect(vertx, b.port());
    LineClient carol = LineClient.connect(vertx, c.port());
    assertEquals("ok alice", alice.call("nick alice"));
    assertEquals("ok bob", bob.call("nick bob"));
    assertEquals("ok carol", carol.call("nick carol"));
    for (LineClient client : List.of(alice, bob, carol)) {
      assertEquals("ok p", client.call("join p"));
    }
    alice.pushMatching("joined p carol"::equals);
    LineClient dave = LineClient.connect(vertx, b.port());
    assertEquals("ok dave", dave.call("nick dave"));
    assertEquals("ok p", dave.call("join p"));
    alice.pushMatching("joined p dave"::equals);

    // Pause C for longer than failure detection: the majority sees it leave.
    paused = c.process();
    long pausedAt = System.nanoTime();
    signal(paused, "STOP");
    alice.pushMatching("left p carol"::equals);
    long detectedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
    System.out.printf("MEASURED kill -STOP to 'left' on the majority: %d ms (failure detection %d s)%n",
        detectedMs, FAILURE_DETECTION_SECONDS);
    // B learns of C's removal from the master a moment after A: both report two nodes and ready
    Await.poll(vertx, () -> readyWith(a, 2) && readyWith(b, 2), 30);
    assertEquals(new TreeSet<>(List.of("alice", "bob", "dave")), who(bob, "p"));
    LineClient carol2 = LineClient.connect(vertx, b.port());
    Await.poll(vertx, () -> {
      String reply = carol2.call("nick carol");
      assertTrue(reply.equals("ok carol") || reply.startsWith("err nick_taken "), reply);
      return reply.equals("ok carol"); // held back for the failure detection time after carol left
    }, 30);
    assertEquals("ok p", carol2.call("join p"));
    assertEquals("ok bye", dave.call("quit"));
    alice.pushMatching("left p dave"::equals); // C may keep a copy of dave's record: it must not come back
    assertEquals("ok", alice.call("say p during the pause"));
    bob.pushMatching("msg p alice during the pause"::equals);

    // Continue C: the cluster re-forms, C's carol is renamed (the majority's claim stands).
    long continuedAt = System.nanoTime();
    signal(paused, "CONT");
    Await.poll(vertx, () -> readyWith(a, 3) && readyWith(b, 3) && readyWith(c, 3), 60);
    long reformedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - continuedAt);
    System.out.printf("MEASURED kill -CONT to all three ready with 3 nodes: %d ms%n", reformedMs);
    assertTrue(reformedMs < 30_000, "the cluster re-formed in " + reformedMs + " ms");
    // C's carol gets what the majority said during the pause (once), and is renamed; in either order.
    String renamed = null;
    String caughtUp = null;
    while (renamed == null || caughtUp == null) {
      String push = carol.pushMatching(p -> p.startsWith("renamed carol ") || p.startsWith("msg p "));
      if (push.startsWith("renamed ")) {
        renamed = push;
      } else {
        assertEquals(null, caughtUp, "delivered once: " + push);
        caughtUp = push;
      }
    }
    assertEquals("msg p alice during the pause", caughtUp);
    String guest = renamed.substring("renamed carol ".length());
    assertTrue(guest.startsWith("guest-"), renamed);
    long renamedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - continuedAt);
    System.out.printf("MEASURED kill -CONT to the conflicting user renamed: %d ms%n", renamedMs);

    TreeSet<String> expected = new TreeSet<>(List.of("alice", "bob", "carol", guest));
    LineClient probeA = LineClient.connect(vertx, a.port());
    LineClient probeB = LineClient.connect(vertx, b.port());
    LineClient probeC = LineClient.connect(vertx, c.port());
    Await.poll(vertx, () -> who(probeA, "p").equals(expected) && who(probeB, "p").equals(expected)
        && who(probeC, "p").equals(expected), 30);
    long convergedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - continuedAt);
    System.out.printf("MEASURED kill -CONT to 'who' the same and true on every node: %d ms%n", convergedMs);
    assertTrue(convergedMs < 30_000, "presence converged in " + convergedMs + " ms");

    // Each name reaches its one holder, from either side.
    assertEquals("ok", alice.call("msg carol for the majority's carol"));
    carol2.pushMatching("dm alice for the majority's carol"::equals);
    Await.poll(vertx, () -> bob.call("msg " + guest + " for the renamed one").equals("ok"), 30);
    carol.pushMatching("dm bob for the renamed one"::equals);
    assertEquals("ok", carol.call("say p back"));
    alice.pushMatching(("msg p " + guest + " back")::equals);
    assertEquals("ok", bob.call("say p and to you"));
    assertEquals("msg p bob and to you", carol.pushMatching(p -> p.startsWith("msg p ")), "nothing twice, nothing out of order");
  }
}
