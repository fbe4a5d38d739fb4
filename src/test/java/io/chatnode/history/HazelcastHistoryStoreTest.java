package io.chatnode.history;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.chatnode.cluster.HazelcastSetup;
import io.chatnode.config.HistorySettings;
import io.chatnode.protocol.HistoryRequest.Direction;
import io.chatnode.protocol.SeqRange;
import io.chatnode.testing.Await;
import io.chatnode.testing.TestClusters;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster's history on three Hazelcast members in this JVM (no Vert.x cluster: the store needs
 * only Hazelcast): one numbering everywhere, the ring's end, the time to live on an injected clock,
 * and no history lost when a member is killed. The kill comes last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HazelcastHistoryStoreTest {

  private static final long DAY = 86_400_000L;
  private static final HistorySettings SETTINGS = new HistorySettings(true, 10, 86_400, 500, 1000);

  private final ManualClock clock = new ManualClock(1_795_515_330_123L);
  private final List<HazelcastInstance> members = new ArrayList<>();
  private final List<HistoryStore> stores = new ArrayList<>();
  private Vertx vertx;

  @BeforeAll
  void startCluster() {
    vertx = Vertx.vertx();
    JsonObject cluster = new JsonObject().put("cluster.enabled", true)
        .put("cluster.name", TestClusters.newClusterName()).put("cluster.port", TestClusters.newClusterPort());
    for (int i = 0; i < 3; i++) {
      members.add(Hazelcast.newHazelcastInstance(HazelcastSetup.config(TestNodes.config(cluster).cluster())));
    }
    Await.until(vertx, () -> members.stream().allMatch(m -> m.getCluster().getMembers().size() == 3));
    for (HazelcastInstance member : members) {
      stores.add(await(HazelcastHistoryStore.open(vertx, member, SETTINGS, clock)));
    }
  }

  @AfterAll
  void stopCluster() {
    members.forEach(m -> m.getLifecycleService().terminate());
    await(vertx.close());
  }

  private static List<Long> seqs(HistoryPage page) {
    return page.messages().stream().map(StoredMessage::seq).toList();
  }

  @Test
  @Order(1)
  void everyMemberHasTheSameEpoch() {
    String id = stores.get(0).epoch().id();
    assertEquals(id, stores.get(1).epoch().id());
    assertEquals(id, stores.get(2).epoch().id());
  }

  @Test
  @Order(2)
  void saysOnEveryMemberAtOnceGetOneNumberingSeenTheSameEverywhere() {
    int each = 300;
    List<Future<Appended>> appends = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (int m = 0; m < 3; m++) {
        appends.add(stores.get(m).append("busy", "m" + m + "-" + i, "user" + m, "line " + i));
      }
    }
    await(Future.all(appends), 60);
    Set<Long> numbers = new HashSet<>();
    for (Future<Appended> f : appends) {
      assertTrue(numbers.add(f.result().seq()), "no number twice");
      assertEquals(f.result().seq() - 1, f.result().prev());
    }
    assertEquals(3 * each, numbers.size());
    long min = numbers.stream().mapToLong(Long::longValue).min().getAsLong();
    long max = numbers.stream().mapToLong(Long::longValue).max().getAsLong();
    assertEquals(3 * each - 1, max - min, "contiguous");
    HistoryPage onFirst = await(stores.get(0).query("busy", Direction.LATEST, 0, 500));
    assertEquals(10, onFirst.messages().size(), "the ring's end: roomLength 10");
    assertEquals(max, onFirst.latest());
    for (int m = 1; m < 3; m++) {
      assertEquals(onFirst, await(stores.get(m).query("busy", Direction.LATEST, 0, 500)), "same on member " + m);
    }
    List<Long> kept = seqs(onFirst);
    for (int i = 1; i < kept.size(); i++) {
      assertEquals(kept.get(i - 1) + 1, kept.get(i), "strictly increasing, oldest first");
    }
    HistoryPage after = await(stores.get(2).query("busy", Direction.AFTER, min, 3));
    assertEquals(new SeqRange(min + 1, max - 10), after.lost());
    assertEquals(List.of(max - 9, max - 8, max - 7), seqs(after));
  }

  @Test
  @Order(3)
  void watchersOnOneMemberAreNamedToSendersOnAnother() {
    assertEquals(0L, await(stores.get(0).watch("watched", "node-a")));
    Appended first = await(stores.get(1).append("watched", "w1", "bob", "hi"));
    assertEquals(Set.of("node-a"), first.watchers());
    assertEquals(first.seq(), await(stores.get(2).watch("watched", "node-c")));
    assertEquals(Set.of("node-a", "node-c"), await(stores.get(1).append("watched", "w2", "bob", "yo")).watchers());
    await(stores.get(2).unwatch("watched", "node-a"));
    assertEquals(Set.of("node-c"), await(stores.get(0).append("watched", "w3", "bob", "x")).watchers());
  }

  @Test
  @Order(4)
  void aRetriedAppendIsStoredOnce() {
    Appended once = await(stores.get(0).append("retry", "same-id", "alice", "hi"));
    assertEquals(once, await(stores.get(1).append("retry", "same-id", "alice", "hi")));
    assertEquals(1, await(stores.get(2).query("retry", Direction.LATEST, 0, 50)).messages().size());
  }

  @Test
  @Order(5)
  void messagesExpireAndIdleRoomsAreLetGoAfterTheTimeToLive() {
    await(stores.get(0).append("fading", "f1", "alice", "old"));
    clock.advance(DAY / 2);
    await(stores.get(1).append("fading", "f2", "alice", "newer"));
    clock.advance(DAY / 2);
    HistoryPage page = await(stores.get(2).query("fading", Direction.AFTER, 0, 50));
    assertEquals(1, page.messages().size());
    assertEquals("newer", page.messages().get(0).text());
    clock.advance(DAY / 2);
    Set<String> alive = Set.of("nobody-watches");
    for (HistoryStore store : stores) {
      await(store.sweep(alive));
    }
    IMapProbe probe = new IMapProbe(members.get(0));
    assertNull(probe.log("fading"), "let go");
    assertNull(probe.log("watched"), "its watchers are not members, and it is a day and a half idle");
    long next = await(stores.get(0).append("fading", "f3", "alice", "back")).seq();
    assertTrue(next > page.latest(), "numbers above the old ones: " + next);
  }

  @Test
  @Order(6)
  void aKilledMemberLosesNoHistory() {
    List<String> rooms = new ArrayList<>();
    List<Future<Appended>> appends = new ArrayList<>();
    for (int r = 0; r < 40; r++) {
      rooms.add("kill" + r);
      for (int i = 0; i < 5; i++) {
        appends.add(stores.get(r % 3).append("kill" + r, "k" + r + "-" + i, "alice", "m" + i));
      }
    }
    await(Future.all(appends), 60);
    List<HistoryPage> before = new ArrayList<>();
    for (String room : rooms) {
      before.add(await(stores.get(1).query(room, Direction.LATEST, 0, 50)));
    }
    members.get(0).getLifecycleService().terminate();
    Await.until(vertx, () -> members.get(1).getCluster().getMembers().size() == 2
        && members.get(1).getPartitionService().isClusterSafe());
    for (int r = 0; r < rooms.size(); r++) {
      assertEquals(before.get(r), await(stores.get(1).query(rooms.get(r), Direction.LATEST, 0, 50)), rooms.get(r));
      assertEquals(before.get(r), await(stores.get(2).query(rooms.get(r), Direction.LATEST, 0, 50)), rooms.get(r));
    }
    Appended next = await(stores.get(2).append("kill0", "after-kill", "bob", "still here"));
    assertEquals(before.get(0).latest() + 1, next.seq(), "numbering goes on from the backup");
    assertNotEquals(0, next.prev());
  }

  /** Reads a room's log straight from the map, for what the store's interface does not show. */
  private record IMapProbe(HazelcastInstance member) {
    RoomLog log(String room) {
      return member.<String, RoomLog>getMap(HazelcastHistoryStore.ROOMS_MAP).get(room);
    }
  }
}
