package io.chatnode.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.protocol.HistoryRequest.Direction;
import io.chatnode.protocol.SeqRange;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One room's numbering, ring, time to live, queries and letting go. Pure. */
class RoomLogTest {

  private static final long DAY = 86_400_000L;
  private static final long EPOCH_START = 1_000_000L;
  private static final LogLimits TEN = new LogLimits(10, DAY);

  private final RoomLog log = new RoomLog();
  private long now = EPOCH_START;
  private int ids;

  private Appended say(String text) {
    return log.append("n-" + ids++, "alice", text, now, EPOCH_START, TEN);
  }

  private static List<Long> seqs(HistoryPage page) {
    return page.messages().stream().map(StoredMessage::seq).toList();
  }

  @Test
  void aFreshLogNumbersFromItsMillisecondsSinceTheEpochStartedThenByOne() {
    now = EPOCH_START + 41;
    Appended first = say("a");
    assertEquals(42, first.seq());
    assertEquals(0, first.prev());
    Appended second = say("b");
    assertEquals(43, second.seq());
    assertEquals(42, second.prev());
    assertEquals(now, second.time());
  }

  @Test
  void theFirstMessageOfAnEpochIsOne() {
    assertEquals(1, say("a").seq());
    assertEquals(2, say("b").seq());
  }

  @Test
  void aRetriedAppendIsNotStoredTwice() {
    Appended first = log.append("node1-7", "alice", "hi", now, EPOCH_START, TEN);
    say("other");
    assertEquals(first, log.append("node1-7", "alice", "hi", now, EPOCH_START, TEN));
    assertEquals(List.of(1L, 2L), seqs(log.query(Direction.LATEST, 0, 50, now, TEN)));
  }

  @Test
  void watchersAreThoseOfTheMomentOfNumbering() {
    assertEquals(0, log.watch("n1"));
    assertEquals(Set.of("n1"), say("a").watchers());
    assertEquals(1, log.watch("n2"));
    assertEquals(Set.of("n1", "n2"), say("b").watchers());
    log.unwatch("n1");
    assertEquals(Set.of("n2"), say("c").watchers());
  }

  @Test
  void theRingKeepsTheLastRoomLengthMessages() {
    for (int i = 1; i <= 25; i++) {
      say("m" + i);
    }
    HistoryPage latest = log.query(Direction.LATEST, 0, 50, now, TEN);
    assertEquals(List.of(16L, 17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L, 25L), seqs(latest));
    assertEquals("m16", latest.messages().get(0).text());
    assertEquals(25, latest.latest());
    assertEquals(10, log.keptCount());
  }

  @Test
  void latestBeforeAndAfterWithLimits() {
    for (int i = 1; i <= 8; i++) {
      say("m" + i);
    }
    assertEquals(List.of(6L, 7L, 8L), seqs(log.query(Direction.LATEST, 0, 3, now, TEN)));
    assertEquals(List.of(3L, 4L), seqs(log.query(Direction.BEFORE, 5, 2, now, TEN)));
    assertEquals(List.of(1L, 2L, 3L, 4L), seqs(log.query(Direction.BEFORE, 5, 50, now, TEN)));
    assertEquals(List.of(6L, 7L), seqs(log.query(Direction.AFTER, 5, 2, now, TEN)));
    assertEquals(List.of(), seqs(log.query(Direction.AFTER, 8, 50, now, TEN)));
    assertEquals(List.of(), seqs(log.query(Direction.BEFORE, 1, 50, now, TEN)));
    HistoryPage all = log.query(Direction.AFTER, 0, 50, now, TEN);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), seqs(all));
    assertNull(all.lost(), "nothing is gone");
    assertEquals(8, all.latest());
  }

  @Test
  void afterNamesTheNumbersNoLongerKept() {
    for (int i = 1; i <= 25; i++) {
      say("m" + i);
    }
    HistoryPage page = log.query(Direction.AFTER, 3, 4, now, TEN);
    assertEquals(new SeqRange(4, 15), page.lost());
    assertEquals(List.of(16L, 17L, 18L, 19L), seqs(page));
    assertEquals(new SeqRange(1, 15), log.query(Direction.AFTER, 0, 4, now, TEN).lost());
    assertNull(log.query(Direction.AFTER, 15, 4, now, TEN).lost());
    assertNull(log.query(Direction.AFTER, 99, 4, now, TEN).lost());
    assertNull(log.query(Direction.LATEST, 0, 4, now, TEN).lost(), "only after reports losses");
  }

  @Test
  void messagesExpireAfterTheTimeToLive() {
    say("old1");
    say("old2");
    now += DAY / 2;
    say("new3");
    now += DAY / 2;
    HistoryPage page = log.query(Direction.AFTER, 0, 50, now, TEN);
    assertEquals(List.of(3L), seqs(page), "the first two are exactly a day old");
    assertEquals(new SeqRange(1, 2), page.lost());
    now += DAY / 2;
    HistoryPage none = log.query(Direction.AFTER, 1, 50, now, TEN);
    assertEquals(List.of(), seqs(none));
    assertEquals(new SeqRange(2, 3), none.lost());
    assertEquals(3, none.latest(), "latest is the newest number given, kept or not");
    assertEquals(4, say("after").seq(), "numbering goes on");
  }

  @Test
  void aRoomIsLetGoOnlyUnwatchedAndSilentForTheTimeToLive() {
    log.watch("n1");
    say("a");
    now += DAY;
    assertFalse(log.sweep(Set.of("n1"), now, TEN), "watched");
    assertTrue(log.sweep(Set.of("n2"), now, TEN), "its only watcher left the cluster");
    assertEquals(Set.of(), log.watchers());
  }

  @Test
  void aRoomWithRecentMessagesIsKept() {
    say("a");
    now += DAY - 1;
    assertFalse(log.sweep(Set.of(), now, TEN));
    now += 1;
    assertTrue(log.sweep(Set.of(), now, TEN));
  }

  @Test
  void withHistoryOffNothingIsKeptButNumbersGoOnAndTheRoomStaysForTheTimeToLive() {
    LogLimits off = new LogLimits(0, DAY);
    assertEquals(1, log.append("a", "alice", "x", now, EPOCH_START, off).seq());
    assertEquals(2, log.append("b", "alice", "y", now, EPOCH_START, off).seq());
    HistoryPage page = log.query(Direction.AFTER, 0, 50, now, off);
    assertEquals(List.of(), seqs(page));
    assertEquals(new SeqRange(1, 2), page.lost());
    assertFalse(log.sweep(Set.of(), now + DAY - 1, off));
    assertTrue(log.sweep(Set.of(), now + DAY, off));
  }

  @Test
  void aLogStartedAfterTheOldOneWasLetGoNumbersAboveItAndTellsThoseWhoSawTheOldOne() {
    for (int i = 0; i < 1000; i++) {
      say("m" + i);
    }
    now += DAY;
    assertTrue(log.sweep(Set.of(), now, TEN));
    RoomLog fresh = new RoomLog();
    Appended first = fresh.append("x", "bob", "back", now, EPOCH_START, TEN);
    assertTrue(first.seq() > 1000, "the old log's last number was 1000, the new log's first is " + first.seq());
    assertEquals(0, first.prev());
    assertNull(fresh.query(Direction.AFTER, 0, 50, now, TEN).lost(), "a newcomer missed nothing");
    assertEquals(new SeqRange(991, first.seq() - 1), fresh.query(Direction.AFTER, 990, 50, now, TEN).lost(),
        "one who saw 990 missed the rest of the old log");
  }
}
