package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestClusters;
import io.chatnode.testing.TestClusters.Member;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Three clustered nodes in one JVM, clients on each: every cluster-wide line of the contract
 * holds across nodes. Each test uses its own rooms and names, so they share one cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {

  private final String clusterName = TestClusters.newClusterName();
  private final int clusterPort = TestClusters.newClusterPort();
  private final List<Member> members = new ArrayList<>();
  private Vertx clients;

  @BeforeAll
  void startCluster() {
    for (int i = 0; i < 3; i++) {
      members.add(TestClusters.start(clusterName, clusterPort, new JsonObject().put("limits.chatRate", 0)));
    }
    clients = Vertx.vertx();
    Await.poll(clients, () -> members.stream().allMatch(m -> m.nodeVertx().clusterSize().getAsInt() == 3), 120);
  }

  @AfterAll
  void stopCluster() {
    members.forEach(m -> {
      try {
        m.stop();
      } catch (AssertionError | RuntimeException e) {
        // a member a test crashed on purpose
      }
    });
    Await.await(clients.close());
  }

  private LineClient client(int member) {
    return LineClient.connect(clients, members.get(member).port());
  }

  @Test
  void statsCountsTheNodes() {
    String stats = client(1).call("stats");
    assertTrue(stats.contains(" nodes=3 "), stats);
  }

  @Test
  void sayReachesEveryMemberOnEveryNodeExactlyOnceInOrder() {
    List<LineClient> room = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      LineClient c = client(i % 3);
      assertEquals("ok s" + i, c.call("nick s" + i));
      assertEquals("ok say1", c.call("join say1"));
      room.add(c);
    }
    int lines = 50;
    for (int i = 0; i < room.size(); i++) {
      StringBuilder burst = new StringBuilder();
      for (int n = 0; n < lines; n++) {
        burst.append("say say1 ").append(n).append('\n');
      }
      room.get(i).sendRaw(Buffer.buffer(burst.toString()));
    }
    for (int i = 0; i < room.size(); i++) {
      LineClient c = room.get(i);
      assertTrue(c.replies(lines).stream().allMatch("ok"::equals));
      Map<String, Integer> next = new HashMap<>();
      for (int k = 0; k < (room.size() - 1) * lines; k++) {
        String[] push = c.pushMatching(p -> p.startsWith("msg say1 ")).split(" ");
        String from = push[2];
        int n = Integer.parseInt(push[3]);
        assertTrue(!from.equals("s" + i), "no echo to the sender");
        assertEquals(next.getOrDefault(from, 0), n, "line " + n + " from " + from + " to s" + i);
        next.put(from, n + 1);
      }
      assertEquals("ok pong", c.call("ping"));
      assertTrue(c.pendingPushes().stream().noneMatch(p -> p.startsWith("msg say1 ")), "no duplicates");
    }
  }

  @Test
  void nicknamesAreUniqueAcrossNodesEvenWhenRaced() {
    int names = 20;
    List<LineClient> onA = new ArrayList<>();
    List<LineClient> onB = new ArrayList<>();
    for (int i = 0; i < names; i++) {
      onA.add(client(0));
      onB.add(client(1));
    }
    for (int i = 0; i < names; i++) {
      onA.get(i).send("nick Race" + i);
      onB.get(i).send("nick race" + i);
    }
    for (int i = 0; i < names; i++) {
      String a = onA.get(i).reply();
      String b = onB.get(i).reply();
      boolean aWon = a.equals("ok Race" + i);
      boolean bWon = b.equals("ok race" + i);
      assertTrue(aWon ^ bWon, "exactly one wins race" + i + ": " + a + " / " + b);
      String loser = aWon ? b : a;
      assertTrue(loser.startsWith("err nick_taken "), loser);
    }
  }

  @Test
  void privateMessagesWhoRoomsAndPresenceAreClusterWide() {
    LineClient alice = client(0);
    LineClient bob = client(1);
    LineClient carol = client(2);
    alice.call("nick alice1");
    bob.call("nick bob1");
    carol.call("nick carol1");
    alice.call("join pres1");
    bob.call("join pres1");
    assertEquals("joined pres1 bob1", alice.pushMatching(p -> p.startsWith("joined pres1")));
    assertEquals("ok", carol.call("msg ALICE1 hi from node 3"));
    assertEquals("dm carol1 hi from node 3", alice.pushMatching(p -> p.startsWith("dm ")));
    assertEquals("ok alice1 bob1", carol.call("who pres1"));
    assertTrue(carol.call("rooms").contains("pres1:2"));
    assertEquals("ok bob2", bob.call("nick bob2"));
    assertEquals("renamed bob1 bob2", alice.pushMatching(p -> p.startsWith("renamed ")));
    assertEquals("ok pres1", bob.call("leave pres1"));
    assertEquals("left pres1 bob2", alice.pushMatching(p -> p.startsWith("left pres1")));
    assertEquals("err no_such_user no user is called bob1", carol.call("msg bob1 still there?"));
  }

  @Test
  void aNodeThatLeavesCleanlyTakesItsUsersWithIt() {
    Member leaving = TestClusters.start(clusterName, clusterPort, new JsonObject());
    LineClient there = LineClient.connect(clients, leaving.port());
    LineClient here = client(0);
    there.call("nick leaver");
    there.call("join clean1");
    here.call("join clean1");
    leaving.stop();
    assertEquals("bye shutdown", there.pushMatching(p -> p.startsWith("bye ")));
    assertEquals("left clean1 leaver", here.pushMatching(p -> p.equals("left clean1 leaver")));
    assertEquals("ok leaver", client(1).call("nick leaver"), "the nickname is free again");
  }

  @Test
  void aKilledNodesUsersVanishAndTheirNicknamesFreeUp() {
    Member doomed = TestClusters.start(clusterName, clusterPort, new JsonObject());
    LineClient victim = LineClient.connect(clients, doomed.port());
    LineClient survivor = client(0);
    LineClient other = client(2);
    victim.call("nick victim");
    victim.call("join crash1");
    survivor.call("join crash1");
    other.call("join crash1");
    assertEquals("ok", other.call("say crash1 before"));
    survivor.pushMatching(("msg crash1 " + other.guestNick() + " before")::equals);
    // A crash: the member vanishes from the cluster without a word.
    try (io.chatnode.testing.LogCapture reaper = io.chatnode.testing.LogCapture.of(ClusterMembers.class)) {
      ((HazelcastClusterManager) ((VertxInternal) doomed.nodeVertx().vertx()).clusterManager())
          .getHazelcastInstance().getLifecycleService().terminate();
      assertEquals("left crash1 victim", survivor.pushMatching(p -> p.equals("left crash1 victim")));
      // the departure names the id the node logged at start (8 hex digits, as every node id)
      assertTrue(doomed.node().nodeId().matches("[0-9a-f]{8}"), doomed.node().nodeId());
      assertTrue(reaper.messages().stream().anyMatch(m -> m.startsWith("cluster member " + doomed.node().nodeId() + " left")),
          reaper.messages().toString());
    }
    Set<String> who = new TreeSet<>(List.of(survivor.call("who crash1").substring(3).split(" ")));
    assertEquals(new TreeSet<>(Set.of(survivor.guestNick(), other.guestNick())), who);
    // A killed node cannot be told from one that is only cut off: its users' nicknames are held
    // back for the failure detection time (4 s here), then free.
    assertTrue(survivor.call("nick victim").startsWith("err nick_taken "), "held back just after it left");
    Await.poll(clients, () -> survivor.call("nick victim").equals("ok victim"), 20);
    assertEquals("ok", other.call("say crash1 after"));
    survivor.pushMatching(("msg crash1 " + other.guestNick() + " after")::equals);
    doomed.nodeVertx().vertx().close();
  }
}
