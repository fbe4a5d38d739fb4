package io.chatnode.history;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.HistorySettings;
import io.chatnode.protocol.HistoryRequest.Direction;
import io.chatnode.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's feed: watch on enter, release in order whatever the arrival order, gaps filled from the store. */
class RoomFeedTest {

  /** A room message as a test node passes it on. */
  record Msg(String room, long seq, long prev, String text) {}

  private static final RoomFeed.Messages<Msg> MESSAGES = new RoomFeed.Messages<>() {
    public long seq(Msg m) {
      return m.seq();
    }

    public long prev(Msg m) {
      return m.prev();
    }

    public Msg fromStore(String room, StoredMessage stored) {
      return new Msg(room, stored.seq(), -1, stored.text());
    }
  };

  /** The test's store, passed through; a subclass changes what it tests. */
  private static class DelegatingStore implements HistoryStore {
    final HistoryStore inner;

    DelegatingStore(HistoryStore inner) {
      this.inner = inner;
    }

    public Epoch epoch() {
      return inner.epoch();
    }

    public Future<Appended> append(String room, String id, String from, String text, String conn) {
      return inner.append(room, id, from, text, conn);
    }

    public Future<Long> watch(String room, String node) {
      return inner.watch(room, node);
    }

    public Future<Void> unwatch(String room, String node) {
      return inner.unwatch(room, node);
    }

    public Future<HistoryPage> query(String room, Direction direction, long seq, int limit) {
      return inner.query(room, direction, seq, limit);
    }

    public Future<Size> sweep(Set<String> aliveNodes) {
      return inner.sweep(aliveNodes);
    }
  }

  /** A store whose watch answers only when the test says so. */
  private static final class SlowWatchStore extends DelegatingStore {
    final List<Promise<Void>> gates = Collections.synchronizedList(new ArrayList<>());

    SlowWatchStore(HistoryStore inner) {
      super(inner);
    }

    @Override
    public Future<Long> watch(String room, String node) {
      Promise<Void> gate = Promise.promise();
      gates.add(gate);
      return gate.future().compose(v -> inner.watch(room, node));
    }
  }

  /** A store on the minority side of a partition while {@code minority} is set: it cannot be watched. */
  private static final class PartitionedStore extends DelegatingStore {
    volatile boolean minority = true;

    PartitionedStore(HistoryStore inner) {
      super(inner);
    }

    @Override
    public Future<Long> watch(String room, String node) {
      return minority ? Future.failedFuture(new StoreUnavailable("no majority")) : inner.watch(room, node);
    }
  }

  private Vertx vertx;
  private Context feedContext;
  private final HistoryStore store = new InMemoryHistoryStore(new HistorySettings(true, 100, 86_400, 500, 1000), new ManualClock(1_795_515_330_123L));
  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> passedOver = Collections.synchronizedList(new ArrayList<>());
  private int ids;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    feedContext = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  private RoomFeed<Msg> feed(HistoryStore over) {
    Promise<RoomFeed<Msg>> made = Promise.promise();
    feedContext.runOnContext(v -> made.complete(new RoomFeed<>(vertx, over, "node-a", 20, MESSAGES,
        (room, loops, m) -> {
          if (loops != 0) {
            delivered.add(room + ":" + m.seq() + ":" + m.text() + ":" + loops);
          } else {
            passedOver.add(m.seq());
          }
        })));
    return await(made.future());
  }

  private Msg say(String room, String text) {
    Appended a = await(store.append(room, "id" + ids++, "alice", text));
    return new Msg(room, a.seq(), a.prev(), text);
  }

  private void arrive(RoomFeed<Msg> feed, Msg... messages) {
    feedContext.runOnContext(v -> {
      for (Msg m : messages) {
        feed.arrived(m.room(), m);
      }
    });
  }

  private void awaitDelivered(int count) {
    try {
      Await.until(vertx, () -> delivered.size() >= count);
    } catch (AssertionError e) {
      throw new AssertionError("delivered: " + delivered, e);
    }
  }

  @Test
  void enteringWatchesTheRoomAndMessagesAreReleasedInOrderToTheLoopsWithMembers() {
    RoomFeed<Msg> feed = feed(store);
    say("dev", "before");
    await(feed.enter("dev", 0));
    await(feed.enter("dev", 3));
    Msg m2 = say("dev", "two");
    Msg m3 = say("dev", "three");
    Msg m4 = say("dev", "four");
    assertEquals(Set.of("node-a"), await(store.append("dev", "probe", "x", "probe")).watchers());
    arrive(feed, m4, m2, m3);
    awaitDelivered(3);
    assertEquals(List.of("dev:2:two:9", "dev:3:three:9", "dev:4:four:9"), delivered);
  }

  @Test
  void messagesThatArriveBeforeTheWatchAnswersAreKeptForIt() {
    SlowWatchStore slow = new SlowWatchStore(store);
    RoomFeed<Msg> feed = feed(slow);
    say("dev", "before");
    Future<Void> entered = feed.enter("dev", 1);
    Await.until(vertx, () -> !slow.gates.isEmpty());
    Msg m1 = say("dev", "not for us"); // numbered before the watch: the node was not a watcher
    slow.gates.get(0).complete();
    await(entered);
    Msg m3 = say("dev", "three");
    Msg m4 = say("dev", "four");
    arrive(feed, m4, m1, m3);
    awaitDelivered(2);
    assertEquals(List.of("dev:3:three:2", "dev:4:four:2"), delivered);
  }

  @Test
  void aMessageThatNeverArrivesIsReadFromTheStoreAfterTheGapWait() {
    RoomFeed<Msg> feed = feed(store);
    await(feed.enter("dev", 0));
    Msg lostInFlight = say("dev", "sender died");
    Msg m2 = say("dev", "two");
    Msg m3 = say("dev", "three");
    arrive(feed, m3, m2);
    awaitDelivered(3);
    assertEquals(List.of("dev:1:sender died:1", "dev:2:two:1", "dev:3:three:1"), delivered);
    arrive(feed, lostInFlight, m2);
    Msg m4 = say("dev", "four");
    arrive(feed, m4);
    awaitDelivered(4);
    assertEquals(List.of("dev:1:sender died:1", "dev:2:two:1", "dev:3:three:1", "dev:4:four:1"), delivered,
        "late copies are dropped");
    assertEquals(List.of(1L, 2L), passedOver, "and passed over, so that their senders are answered");
    assertEquals(1, feed.filled(), "1 came from the store; 2 and 3 from their senders");
  }

  @Test
  void aRoomEnteredOnAMinorityIsAnsweredAndWatchedOnceTheMajorityIsBack() {
    PartitionedStore partitioned = new PartitionedStore(store);
    RoomFeed<Msg> feed = feed(partitioned);
    await(feed.enter("dev", 0));
    assertFalse(feed.watching("dev"), "nothing can come from the other side yet");
    partitioned.minority = false;
    feed.watchWaiting();
    Await.until(vertx, () -> feed.watching("dev"));
    Msg heard = say("dev", "heard");
    assertEquals(Set.of("node-a"), await(store.append("dev", "probe", "x", "probe")).watchers());
    arrive(feed, heard);
    awaitDelivered(1);
    assertEquals(List.of("dev:1:heard:1"), delivered);
  }

  @Test
  void afterAMergeEveryRoomIsWatchedAgainAndWhatWasSaidMeanwhileIsReleasedOnceInOrder() {
    RoomFeed<Msg> feed = feed(store);
    await(feed.enter("dev", 0));
    arrive(feed, say("dev", "before the cut"));
    awaitDelivered(1);
    await(store.unwatch("dev", "node-a")); // the other side's sweep forgot this node during the cut
    say("dev", "during one");
    say("dev", "during two");
    feed.rewatch();
    awaitDelivered(3);
    Msg after = say("dev", "after the merge");
    assertTrue(await(store.append("dev", "probe", "x", "probe")).watchers().contains("node-a"), "a watcher again");
    arrive(feed, after);
    awaitDelivered(4);
    assertEquals(List.of("dev:1:before the cut:1", "dev:2:during one:1", "dev:3:during two:1", "dev:4:after the merge:1"),
        delivered);
  }

  @Test
  void leavingUnwatchesAndReenteringStartsAfresh() {
    RoomFeed<Msg> feed = feed(store);
    await(feed.enter("dev", 0));
    feed.exit("dev", 0);
    Await.until(vertx, () -> await(store.append("dev", "p" + ids++, "x", "probe")).watchers().isEmpty());
    Msg unseen = say("dev", "nobody here");
    arrive(feed, unseen);
    await(feed.enter("dev", 2));
    Msg seen = say("dev", "back");
    arrive(feed, seen);
    awaitDelivered(1);
    assertEquals(List.of("dev:" + seen.seq() + ":back:4"), delivered);
    assertFalse(delivered.contains("dev:" + unseen.seq() + ":nobody here:4"));
    assertEquals(List.of(unseen.seq()), passedOver);
    assertTrue(feed.received() >= 2);
  }
}
