package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.protocol.ServerLine;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestClusters;
import io.chatnode.testing.TestClusters.Member;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A clustered node of an expected three that sees fewer than two members is in a minority, as the
 * cut-off side of a partition is: not ready, {@code cluster: false}, and it hands out no nickname;
 * with a second member it has a majority again.
 */
class MinorityTest {

  private final String clusterName = TestClusters.newClusterName();
  private final int clusterPort = TestClusters.newClusterPort();
  private final List<Member> members = new ArrayList<>();
  private final Vertx clients = Vertx.vertx();

  private Member start() {
    Member member = TestClusters.start(clusterName, clusterPort, new JsonObject().put("cluster.expectedNodes", 3)
        .put("cluster.mergeNextDelaySeconds", 7));
    members.add(member);
    return member;
  }

  @AfterEach
  void tearDown() {
    members.forEach(Member::stop);
    Await.await(clients.close());
  }

  @Test
  void aNodeWithoutAMajorityRefusesNicknamesAndIsNotReadyUntilItHasOne() {
    Member a = start();
    assertEquals(1, a.nodeVertx().clusterSize().getAsInt());
    assertFalse(a.node().runtime().ready(), "one of three expected: a minority");
    assertFalse(a.node().runtime().inCluster());
    LineClient alone = LineClient.connect(clients, a.port());
    String refused = alone.call("nick zed");
    assertTrue(refused.startsWith("err unavailable retry_after_ms=7000 "), refused);
    assertEquals(7000, ServerLine.parse(refused).retryAfterMs());
    assertTrue(alone.call("who lobby").startsWith("ok guest-"), "a guest nickname is still given");
    String unsaid = alone.call("say lobby numbered by whom?");
    assertTrue(unsaid.startsWith("err unavailable retry_after_ms=7000 "), "only a majority numbers messages: " + unsaid);

    Member b = start();
    Await.poll(clients, () -> a.node().runtime().ready() && b.node().runtime().ready(), 60);
    assertTrue(a.node().runtime().inCluster());
    assertEquals("ok zed", alone.call("nick zed"), "two of three: a majority, nicknames are handed out");
    // The lobby, joined while alone, is watched once the majority is there; until then: unavailable.
    Await.poll(clients, () -> {
      String said = alone.call("say lobby numbered now");
      assertTrue(said.equals("ok") || said.startsWith("err unavailable "), said);
      return said.equals("ok");
    }, 30);
    LineClient other = LineClient.connect(clients, b.port());
    assertEquals("ok", other.call("say lobby and heard"));
    assertEquals("msg lobby " + other.guestNick() + " and heard", alone.pushMatching(p -> p.startsWith("msg lobby ")),
        "the lobby joined while alone is received once the majority is there");
  }
}
