package io.chatnode.chat;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    DeadNodeReaper reaper = new DeadNodeReaper(3600, view);
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
}
