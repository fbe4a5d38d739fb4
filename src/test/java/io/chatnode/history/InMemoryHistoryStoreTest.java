package io.chatnode.history;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.HistorySettings;
import io.chatnode.protocol.HistoryRequest.Direction;
import io.chatnode.protocol.SeqRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The single node's store: numbering under concurrency, ring end, time to live, letting go. */
class InMemoryHistoryStoreTest {

  private static final long DAY = 86_400_000L;
  private final ManualClock clock = new ManualClock(1_795_515_330_123L);
  private final HistoryStore store = new InMemoryHistoryStore(new HistorySettings(true, 10, 86_400, 500, 1000), clock);

  private static List<Long> seqs(HistoryPage page) {
    return page.messages().stream().map(StoredMessage::seq).toList();
  }

  @Test
  void messagesAreNumberedTimedAndKept() {
    Appended a = await(store.append("dev", "n-1", "alice", "hi"));
    Appended b = await(store.append("dev", "n-2", "bob", "hello"));
    assertEquals(1, a.seq());
    assertEquals(new Appended(2, 1, clock.millis(), Set.of()), b);
    HistoryPage page = await(store.query("dev", Direction.LATEST, 0, 50));
    assertEquals(List.of(new StoredMessage(1, clock.millis(), "alice", "hi"),
        new StoredMessage(2, clock.millis(), "bob", "hello")), page.messages());
    assertEquals(1, await(store.append("ops", "n-3", "alice", "other room")).seq(), "numbers are per room");
  }

  @Test
  void anUnknownRoomHasNothing() {
    HistoryPage page = await(store.query("nowhere", Direction.AFTER, 5, 50));
    assertEquals(List.of(), page.messages());
    assertEquals(0, page.latest());
    assertEquals(null, page.lost());
  }

  @Test
  void concurrentSaysGetDistinctIncreasingNumbers() throws Exception {
    int threads = 4;
    int each = 500;
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      pool.execute(() -> {
        long last = 0;
        for (int i = 0; i < each; i++) {
          long seq = await(store.append("busy", "t" + thread + "-" + i, "t" + thread, "m" + i)).seq();
          assertTrue(seq > last, "one sender's numbers increase");
          last = seq;
          seen.add(seq);
        }
        done.countDown();
      });
    }
    assertTrue(done.await(30, TimeUnit.SECONDS));
    pool.shutdown();
    List<Long> sorted = new ArrayList<>(seen);
    Collections.sort(sorted);
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= threads * each; i++) {
      expected.add(i);
    }
    assertEquals(expected, sorted, "every number once, none skipped");
    assertEquals(List.of(1991L, 1992L, 1993L, 1994L, 1995L, 1996L, 1997L, 1998L, 1999L, 2000L),
        seqs(await(store.query("busy", Direction.LATEST, 0, 500))), "the ring end: the last ten");
  }

  @Test
  void theTimeToLiveRunsOnTheInjectedClock() {
    await(store.append("dev", "a", "alice", "old"));
    clock.advance(DAY / 2);
    await(store.append("dev", "b", "alice", "new"));
    clock.advance(DAY / 2);
    HistoryPage page = await(store.query("dev", Direction.AFTER, 0, 50));
    assertEquals(List.of(2L), seqs(page));
    assertEquals(new SeqRange(1, 1), page.lost());
  }

  @Test
  void watchersReceiveWhatIsSaidAfterTheirWatch() {
    assertEquals(0L, await(store.watch("dev", "n1")));
    await(store.append("dev", "a", "alice", "x"));
    assertEquals(1L, await(store.watch("dev", "n2")));
    assertEquals(Set.of("n1", "n2"), await(store.append("dev", "b", "alice", "y")).watchers());
    await(store.unwatch("dev", "n1"));
    assertEquals(Set.of("n2"), await(store.append("dev", "c", "alice", "z")).watchers());
  }

  @Test
  void idleRoomsAreLetGoAndMemoryIsBoundedByConfiguration() {
    await(store.watch("kept", "n1"));
    for (int i = 0; i < 25; i++) {
      await(store.append("kept", "k" + i, "alice", "m" + i));
      await(store.append("idle", "i" + i, "alice", "m" + i));
    }
    assertEquals(new HistoryStore.Size(2, 20), await(store.sweep(Set.of("n1"))), "10 each: the ring");
    clock.advance(DAY);
    assertEquals(new HistoryStore.Size(1, 0), await(store.sweep(Set.of("n1"))), "idle went; kept is watched");
    long next = await(store.append("idle", "again", "alice", "back")).seq();
    assertTrue(next > 25, "a room let go numbers above its old numbers: " + next);
    assertEquals(26, await(store.append("kept", "k-again", "alice", "on")).seq());
  }

  @Test
  void eachStoreIsAnEpochOfItsOwn() {
    HistoryStore other = new InMemoryHistoryStore(new HistorySettings(true, 10, 86_400, 500, 1000), clock);
    assertNotEquals(store.epoch().id(), other.epoch().id());
    assertEquals(12, store.epoch().id().length());
  }
}
