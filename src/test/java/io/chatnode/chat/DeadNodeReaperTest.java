package io.chatnode.chat;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which users the cleanup of departed nodes removes, across a partition: those of nodes that are
 * gone, and only when this node sees a majority.
 */
class DeadNodeReaperTest {

  /** A cluster view set by the test: node ids, which one is this node, and whether it has a majority. */
  private static final class View implements Membership {
    final List<String> nodes;
    final String self;
    final boolean majority;

    View(String self, List<String> nodes, boolean majority) {
      this.self = self;
      this.nodes = nodes;
      this.majority = majority;
    }

    @Override
    public List<String> nodes() {
      return nodes;
    }

    @Override
    public String self() {
      return self;
    }

    @Override
    public boolean majority() {
      return majority;
    }

    @Override
    public boolean active() {
      return true;
    }

    @Override
    public Runnable onMemberLeft(Runnable onLeft) {
      return () -> { };
    }
  }

  private Vertx vertx;
  private UserDirectory directory;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    directory = await(UserDirectory.open(vertx));
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  private void user(String nick, String node) {
    await(directory.claim(new UserRecord(nick, node, node + "-1", BusContract.inbox(node, 0), List.of("lobby"))));
  }

  private DeadNodeReaper deploy(View view) {
    return deploy(view, 3_600_000);
  }

  private DeadNodeReaper deploy(View view, long holdMillis) {
    DeadNodeReaper reaper = new DeadNodeReaper(3600, holdMillis, view);
    await(vertx.deployVerticle(reaper));
    return reaper;
  }

  @Test
  void aMinorityRemovesNoOneItCannotSee() {
    user("carol", "aaaaaaaa"); // this node's
    user("alice", "bbbbbbbb"); // the other side's, unreachable but alive
    DeadNodeReaper reaper = deploy(new View("aaaaaaaa", List.of("aaaaaaaa"), false));
    assertEquals(0, await(reaper.sweep()));
    assertNotNull(await(directory.find("alice")), "the majority's users stay");
    assertNotNull(await(directory.find("carol")));
  }

  @Test
  void aMajorityRemovesTheUsersOfDepartedNodesOnly() {
    user("alice", "aaaaaaaa");
    user("bob", "bbbbbbbb");
    user("carol", "cccccccc"); // on the cut-off node
    DeadNodeReaper reaper = deploy(new View("aaaaaaaa", List.of("aaaaaaaa", "bbbbbbbb"), true));
    assertEquals(1, await(reaper.sweep()));
    assertNull(await(directory.find("carol")), "the departed node's user is gone");
    assertNotNull(await(directory.find("alice")));
    assertNotNull(await(directory.find("bob")));
  }

  @Test
  void aRemovedUsersNicknameIsHeldBackForTheHoldThenFree() {
    user("carol", "cccccccc"); // on a node that is gone, or only cut off and not yet aware of it
    DeadNodeReaper reaper = deploy(new View("aaaaaaaa", List.of("aaaaaaaa", "bbbbbbbb"), true), 1_500);
    assertEquals(1, await(reaper.sweep()));
    UserRecord claimant = new UserRecord("Carol", "aaaaaaaa", "aaaaaaaa-7", BusContract.inbox("aaaaaaaa", 0), List.of());
    assertFalse(await(directory.claim(claimant)), "held back: the cut-off side may not have given it up yet");
    io.chatnode.testing.Await.poll(vertx, () -> await(directory.claim(claimant)), 10);
    assertEquals("aaaaaaaa-7", await(directory.find("carol")).conn(), "free once the hold is over");
  }

  @Test
  void theUsersOfANodeThatShutDownGracefullyAreFreeAtOnce() {
    user("dave", "dddddddd");
    await(directory.markLeaving("dddddddd"));
    DeadNodeReaper reaper = deploy(new View("aaaaaaaa", List.of("aaaaaaaa", "bbbbbbbb"), true));
    assertEquals(1, await(reaper.sweep()));
    UserRecord claimant = new UserRecord("dave", "aaaaaaaa", "aaaaaaaa-8", BusContract.inbox("aaaaaaaa", 0), List.of());
    assertTrue(await(directory.claim(claimant)), "it said it was leaving: not cut off, nothing to hold");
  }
}
