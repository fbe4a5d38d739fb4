package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Protocol 1.1 across three node processes from the packaged jar: one numbering and one order for
 * the members on every node while four publishers on two nodes say at once, the same history on
 * every node, gap-free resume on another node, and the node that sequences rooms killed with
 * SIGKILL while messages flow. The kill comes last (it leaves two nodes). Prints the measured
 * time from the kill to normal service; asserts only generous deadlines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryProcessIT {

  private static final Pattern TAGGED_MSG = Pattern.compile("@seq=(\\d+);time=\\S+ msg (\\S+) (\\S+) (.*)");
  private static final Pattern HISTORY_REPLY = Pattern.compile("ok count=(\\d+) latest=(\\d+)( lost=\\d+-\\d+)?");
  /** Failure detection of the nodes: the default, so that the measured recovery is an operator's. */
  private static final int FAILURE_DETECTION_SECONDS = 8;
  /** Longest a say may go unanswered while its sequencer dies: detection, promotion, generous slack. */
  private static final long SILENCE_LIMIT_SECONDS = FAILURE_DETECTION_SECONDS + 22;

  /** A room message as a member saw it or the history holds it. */
  record Said(long seq, String from, String text) {
    String key() {
      return from + " " + text;
    }

    @Override
    public String toString() {
      return seq + " " + from + " " + text;
    }
  }

  private Vertx vertx;
  private ProcessCluster cluster;

  @BeforeAll
  void startCluster() {
    vertx = Vertx.vertx();
    cluster = new ProcessCluster(vertx, "history", 3, Map.of(
        "CHATNODE_LIMITS_CHATRATE", "0",
        "CHATNODE_CLUSTER_FAILUREDETECTIONSECONDS", Integer.toString(FAILURE_DETECTION_SECONDS),
        // The kill test's rooms must keep everything they are told, to compare it with deliveries.
        "CHATNODE_HISTORY_ROOMLENGTH", "20000"));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    Await.await(vertx.close());
  }

  private LineClient tagged(int node, String nick) {
    LineClient c = LineClient.connect(vertx, cluster.node(node).port());
    assertEquals("ok " + nick, c.call("nick " + nick));
    assertEquals("ok tags history", c.call("cap tags history"));
    return c;
  }

  private static Said parseTagged(String line) {
    Matcher m = TAGGED_MSG.matcher(line);
    assertTrue(m.matches(), "a tagged msg: " + line);
    return new Said(Long.parseLong(m.group(1)), m.group(3), m.group(4));
  }

  private static String roomOf(String taggedLine) {
    Matcher m = TAGGED_MSG.matcher(taggedLine);
    return m.matches() ? m.group(2) : null;
  }

  /** The next {@code count} tagged messages of {@code room}, skipping other pushes. */
  private static List<Said> messages(LineClient c, String room, int count) {
    List<Said> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      while (out.size() < count) {
        String line = c.push();
        if (room.equals(roomOf(line))) {
          out.add(parseTagged(line));
        } else {
          skipped.add(line);
        }
      }
    } catch (AssertionError e) {
      long previous = 0;
      List<String> gaps = new ArrayList<>();
      for (Said s : out) {
        if (previous != 0 && s.seq() != previous + 1) {
          gaps.add(previous + "->" + s.seq());
        }
        previous = s.seq();
      }
      throw new AssertionError("got " + out.size() + " of " + count + " messages of " + room + " on "
          + c.hello() + "; the first: " + out.subList(0, Math.min(out.size(), 2)) + " the last: "
          + out.subList(Math.max(0, out.size() - 3), out.size()) + " jumps: " + gaps + "; other pushes: "
          + skipped.subList(0, Math.min(skipped.size(), 20)), e);
    }
    return out;
  }

  private static void assertIncreasing(List<Said> seen, String who) {
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).seq() > seen.get(i - 1).seq(),
          who + ": in seq order, no repeat, at " + i + ": " + seen.get(i - 1) + " then " + seen.get(i));
    }
  }

  /** Every seq means one message: the same sender and text for every member that saw it. */
  private static void assertOneMeaningPerSeq(Map<Long, String> meaning, List<Said> seen, String who) {
    for (Said s : seen) {
      String before = meaning.putIfAbsent(s.seq(), s.key());
      assertTrue(before == null || before.equals(s.key()),
          who + ": seq " + s.seq() + " is '" + s.key() + "' here but '" + before + "' elsewhere");
    }
  }

  /** One {@code history} request: its hist lines, its reply; other pushes met on the way go to {@code others}. */
  private record Page(List<Said> messages, String reply) {
    int count() {
      return Integer.parseInt(replyPart(1));
    }

    long latest() {
      return Long.parseLong(replyPart(2));
    }

    private String replyPart(int group) {
      Matcher m = HISTORY_REPLY.matcher(reply);
      assertTrue(m.matches(), "a history reply: " + reply);
      return m.group(group);
    }
  }

  private static Page history(LineClient c, String request, List<String> others) {
    String reply = c.call(request);
    List<Said> found = new ArrayList<>();
    for (String line : c.pendingPushes()) {
      if (line.startsWith("hist ")) {
        String[] parts = line.split(" ", 6);
        found.add(new Said(Long.parseLong(parts[2]), parts[4], parts[5]));
      } else {
        others.add(line);
      }
    }
    return new Page(found, reply);
  }

  /** {@code history <room> after <seq> 500} from {@code after} on, page after page, to the room's latest. */
  private static List<Said> historyAfter(LineClient c, String room, long after, List<String> others) {
    List<Said> all = new ArrayList<>();
    long from = after;
    while (true) {
      Page page = history(c, "history " + room + " after " + from + " 500", others);
      assertEquals(page.count(), page.messages().size(), "count= is the number of hist lines: " + page.reply());
      all.addAll(page.messages());
      if (page.messages().isEmpty() || page.messages().get(page.messages().size() - 1).seq() >= page.latest()) {
        return all;
      }
      from = page.messages().get(page.messages().size() - 1).seq();
    }
  }

  private static String burst(String room, String prefix, int count) {
    StringBuilder lines = new StringBuilder();
    for (int n = 0; n < count; n++) {
      lines.append("say ").append(room).append(' ').append(prefix).append(n).append('\n');
    }
    return lines.toString();
  }

  // ---- 1. one numbering and one order everywhere ------------------------------------------

  @Test
  @Order(1)
  void fourPublishersOnTwoNodesGiveMembersOnThreeNodesOneNumberingOneOrderOneHistory() {
    String room = "order";
    int each = 100;
    List<LineClient> publishers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      publishers.add(tagged(i / 2, "pub" + i)); // two on node 0, two on node 1
    }
    List<LineClient> readers = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      readers.add(tagged(n, "reader" + n));
    }
    for (LineClient c : publishers) {
      assertEquals("ok " + room, c.call("join " + room));
    }
    for (LineClient c : readers) {
      assertEquals("ok " + room, c.call("join " + room));
    }
    for (int i = 0; i < 4; i++) {
      publishers.get(i).sendRaw(Buffer.buffer(burst(room, "m", each)));
    }
    for (int i = 0; i < 4; i++) {
      assertTrue(publishers.get(i).replies(each).stream().allMatch("ok"::equals), "pub" + i + ": every say answered ok");
    }

    Set<String> everything = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      for (int n = 0; n < each; n++) {
        everything.add("pub" + i + " m" + n);
      }
    }
    Map<Long, String> meaning = new HashMap<>();
    List<List<Said>> seenByReaders = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      List<Said> seen = messages(readers.get(n), room, 4 * each);
      String who = "reader" + n + " on node " + n;
      assertIncreasing(seen, who);
      assertOneMeaningPerSeq(meaning, seen, who);
      assertEquals(everything, seen.stream().map(Said::key).collect(Collectors.toSet()), who + " got every message");
      for (int i = 0; i < 4; i++) {
        String sender = "pub" + i;
        List<String> texts = seen.stream().filter(s -> s.from().equals(sender)).map(Said::text).toList();
        assertEquals(burst(room, "m", each).lines().map(l -> l.substring(("say " + room + " ").length())).toList(), texts,
            who + ": " + sender + "'s messages in the order said");
      }
      seenByReaders.add(seen);
    }
    assertEquals(seenByReaders.get(0), seenByReaders.get(1), "the same conversation on nodes 0 and 1");
    assertEquals(seenByReaders.get(0), seenByReaders.get(2), "the same conversation on nodes 0 and 2");
    for (int i = 0; i < 4; i++) {
      String self = "pub" + i;
      List<Said> seen = messages(publishers.get(i), room, 3 * each);
      assertOneMeaningPerSeq(meaning, seen, self);
      assertEquals(seenByReaders.get(0).stream().filter(s -> !s.from().equals(self)).toList(), seen,
          self + " sees the others in the same order, and not itself");
    }

    long latest = seenByReaders.get(0).get(4 * each - 1).seq();
    List<Said> first = null;
    for (int n = 0; n < 3; n++) {
      Page page = history(readers.get(n), "history " + room + " latest 500", new ArrayList<>());
      assertEquals("ok count=" + (4 * each) + " latest=" + latest, page.reply(), "history on node " + n);
      assertEquals(seenByReaders.get(0), page.messages(), "node " + n + "'s history is what the members were delivered");
      if (first != null) {
        assertEquals(first, page.messages(), "history is the same on every node");
      }
      first = page.messages();
    }
    for (LineClient c : readers) {
      assertEquals("ok pong", c.call("ping"));
      assertTrue(c.pendingPushes().stream().noneMatch(p -> room.equals(roomOf(p))), "nothing twice");
    }
    publishers.forEach(LineClient::close);
    readers.forEach(LineClient::close);
  }

  // ---- 2. resume on another node ----------------------------------------------------------

  @Test
  @Order(2)
  void aMemberThatComesBackOnAnotherNodeGetsExactlyWhatItMissed() {
    String room = "resume";
    LineClient away = tagged(0, "away");
    LineClient talkerB = tagged(1, "talkb");
    LineClient talkerC = tagged(2, "talkc");
    LineClient witness = tagged(1, "witness"); // stays connected: what "everything" is
    for (LineClient c : List.of(away, talkerB, talkerC, witness)) {
      assertEquals("ok " + room, c.call("join " + room));
    }
    for (int n = 0; n < 5; n++) {
      assertEquals("ok", talkerB.call("say " + room + " before" + n));
      assertEquals("ok", talkerC.call("say " + room + " before" + n));
    }
    List<Said> beforeLeaving = messages(away, room, 10);
    assertIncreasing(beforeLeaving, "away");
    long lastSeen = beforeLeaving.get(9).seq();
    away.close();

    // Missed while away: 120 messages from two nodes, more than one default page.
    talkerB.sendRaw(Buffer.buffer(burst(room, "away", 60)));
    talkerC.sendRaw(Buffer.buffer(burst(room, "away", 60)));
    assertTrue(talkerB.replies(60).stream().allMatch("ok"::equals));
    assertTrue(talkerC.replies(60).stream().allMatch("ok"::equals));

    // Back on node 2 (it was on node 0), while talkb keeps talking: join, then history after.
    LineClient back = LineClient.connect(vertx, cluster.node(2).port());
    Await.poll(vertx, () -> back.call("nick away").equals("ok away"), 30); // the old session's name is freed
    assertEquals("ok tags history", back.call("cap tags history"));
    talkerB.sendRaw(Buffer.buffer(burst(room, "during", 50)));
    assertEquals("ok " + room, back.call("join " + room));
    List<String> liveLines = new ArrayList<>();
    List<Said> missed = historyAfter(back, room, lastSeen, liveLines);
    assertTrue(talkerB.replies(50).stream().allMatch("ok"::equals));

    List<Said> all = messages(witness, room, 10 + 120 + 50);
    assertIncreasing(all, "witness");
    assertEquals(beforeLeaving, all.subList(0, 10), "away saw what the witness saw");
    long finalSeq = all.get(all.size() - 1).seq();

    assertFalse(missed.isEmpty());
    assertIncreasing(missed, "history after " + lastSeen);
    long lastFromHistory = missed.get(missed.size() - 1).seq();
    List<Said> expectedMissed = all.stream().filter(s -> s.seq() > lastSeen && s.seq() <= lastFromHistory).toList();
    assertEquals(expectedMissed, missed, "history after the last seen seq: exactly what was said meanwhile");
    assertEquals(lastSeen + 1, missed.get(0).seq(), "no gap between what was seen and the history");
    assertTrue(missed.size() >= 120, "at least what was said while away: " + missed.size());

    // Live messages after the join: what history already gave is dropped by seq, the rest follows on.
    List<Said> live = new ArrayList<>();
    liveLines.stream().filter(p -> room.equals(roomOf(p))).map(HistoryProcessIT::parseTagged).forEach(live::add);
    while (live.isEmpty() || live.get(live.size() - 1).seq() < finalSeq) {
      live.add(parseTagged(back.pushMatching(p -> room.equals(roomOf(p)))));
    }
    assertIncreasing(live, "back, live");
    for (Said s : live) {
      if (s.seq() <= lastFromHistory) {
        assertTrue(missed.contains(s), "a live message that history also gave is the same message: " + s);
      }
    }
    List<Said> resumed = new ArrayList<>(beforeLeaving);
    resumed.addAll(missed);
    live.stream().filter(s -> s.seq() > lastFromHistory).forEach(resumed::add);
    assertEquals(all, resumed, "seen before + history + live = everything, once, in order");
    assertEquals("ok pong", back.call("ping"));
    assertTrue(back.pendingPushes().stream().noneMatch(p -> room.equals(roomOf(p))), "nothing more");
    for (LineClient c : List.of(back, talkerB, talkerC, witness)) {
      c.close();
    }
  }

  // ---- 3. the sequencer killed ------------------------------------------------------------

  /**
   * One connection saying in one room, one say at a time (its next one once the reply came, after
   * a short pause on a timer), until stopped. Every attempt is kept with its send and reply times.
   */
  private static final class Sayer {
    final LineClient client;
    final String room;
    final String nick;
    final boolean survives;
    final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    private final Vertx vertx;
    private final Promise<Void> stoppedPromise = Promise.promise();
    private volatile boolean stopping;
    private volatile Attempt current;
    private int next;

    Sayer(Vertx vertx, LineClient client, String room, String nick, boolean survives) {
      this.vertx = vertx;
      this.client = client;
      this.room = room;
      this.nick = nick;
      this.survives = survives;
    }

    void start() {
      say();
    }

    private void say() {
      if (stopping) {
        stoppedPromise.tryComplete();
        return;
      }
      Attempt attempt = new Attempt(nick + "-" + next++, System.nanoTime());
      current = attempt;
      attempts.add(attempt);
      client.request("say " + room + " " + attempt.text).onComplete(ar -> {
        attempt.answered(ar.succeeded() ? ar.result() : "failed " + ar.cause(), System.nanoTime());
        vertx.setTimer(PACE_MS, id -> say());
      });
    }

    /** Stops after the say in flight is answered. */
    Future<Void> stop() {
      stopping = true;
      return stoppedPromise.future();
    }

    /** Nanoseconds the say in flight has waited for its reply; 0 if none waits. */
    long waitingNanos(long now) {
      Attempt a = current;
      return a == null || a.reply != null ? 0 : now - a.sentNanos;
    }

    List<Attempt> snapshot() {
      synchronized (attempts) {
        return new ArrayList<>(attempts);
      }
    }

    long oksSentAfter(long nanos) {
      return snapshot().stream().filter(a -> a.sentNanos > nanos && "ok".equals(a.reply)).count();
    }
  }

  /** Between one say's reply and the next say: keeps each room well inside its history length. */
  private static final long PACE_MS = 40;

  private static final class Attempt {
    final String text;
    final long sentNanos;
    volatile String reply;
    volatile long answeredNanos;

    Attempt(String text, long sentNanos) {
      this.text = text;
      this.sentNanos = sentNanos;
    }

    void answered(String reply, long nanos) {
      this.answeredNanos = nanos;
      this.reply = reply;
    }
  }

  /** A member that only listens; its pushes are collected from the test thread. */
  private static final class Reader {
    final LineClient client;
    final String name;
    final List<String> lines = new ArrayList<>();

    Reader(LineClient client, String name) {
      this.client = client;
      this.name = name;
    }

    void collect() {
      lines.addAll(client.pendingPushes());
    }

    Map<String, List<Said>> byRoom() {
      Map<String, List<Said>> rooms = new TreeMap<>();
      for (String line : lines) {
        String room = roomOf(line);
        if (room != null) {
          rooms.computeIfAbsent(room, r -> new ArrayList<>()).add(parseTagged(line));
        }
      }
      return rooms;
    }
  }

  /**
   * The rooms are chosen, through the cluster's partition table, so that each node sequences two
   * of them (the owner of the partition of a room's history entry numbers its messages). Knowing
   * the owners is what makes the test certain to kill a sequencer; the rooms the survivors
   * sequence are the control: their service should not stop at all.
   */
  @Test
  @Order(3)
  void theSequencingNodeKilledWhileMessagesFlow() {
    List<Integer> clusterPorts = cluster.nodes().stream().map(ProcessCluster.Node::clusterPort).toList();
    ProcessCluster.Node doomed = cluster.node(2);
    try (PartitionOwners owners = new PartitionOwners(cluster.clusterName(), clusterPorts)) {
      Await.poll(vertx, () -> owners.balanced(clusterPorts), 120);
      List<String> rooms = owners.roomsSequencedByEach("seqkill", clusterPorts, 2);

      List<Reader> readers = new ArrayList<>();
      for (int n = 0; n < 3; n++) {
        readers.add(new Reader(tagged(n, "listener" + n), "listener on node " + n));
      }
      List<Sayer> sayers = new ArrayList<>();
      for (String room : rooms) {
        for (Reader r : readers) {
          assertEquals("ok " + room, r.client.call("join " + room));
        }
        for (int n = 0; n < 3; n++) {
          String nick = room + "n" + n;
          LineClient c = tagged(n, nick);
          assertEquals("ok " + room, c.call("join " + room));
          sayers.add(new Sayer(vertx, c, room, nick, n != 2));
        }
      }
      List<Sayer> surviving = sayers.stream().filter(s -> s.survives).toList();
      sayers.forEach(Sayer::start);
      awaitWhileSaying(surviving, readers, s -> s.oksSentAfter(0) >= 10, 60, "warm-up");

      Set<String> sequencedByDoomed = new HashSet<>();
      for (String room : rooms) {
        if (owners.ownerPort(room) == doomed.clusterPort()) {
          sequencedByDoomed.add(room);
        }
      }
      assertFalse(sequencedByDoomed.isEmpty(), "the doomed node sequences some of " + rooms);
      long killedAt = System.nanoTime();
      doomed.process().destroyForcibly(); // SIGKILL: no goodbye, no hand-over

      awaitWhileSaying(surviving, readers, s -> s.oksSentAfter(killedAt) >= 20, 120, "after the kill");
      List<Future<Void>> stopped = surviving.stream().map(Sayer::stop).toList();
      Await.poll(vertx, () -> {
        assertNoSilence(surviving);
        readers.forEach(r -> { if (r != readers.get(2)) r.collect(); });
        return stopped.stream().allMatch(Future::isComplete);
      }, 60);
      sayers.stream().filter(s -> !s.survives).forEach(Sayer::stop);
      for (Sayer s : surviving) {
        for (Attempt a : s.snapshot()) {
          assertTrue("ok".equals(a.reply) || a.reply.startsWith("err "), s.nick + ": say " + a.text + " answered " + a.reply);
        }
      }

      report(rooms, sequencedByDoomed, surviving, killedAt, owners);
      checkDeliveriesAndHistory(rooms, sayers, readers.subList(0, 2));
      for (Sayer s : surviving) {
        s.client.close();
      }
      for (Reader r : readers.subList(0, 2)) {
        r.client.close();
      }
    }
  }

  /** Polls until every surviving sayer meets {@code enough}, failing if any say goes unanswered too long. */
  private void awaitWhileSaying(List<Sayer> surviving, List<Reader> readers,
      java.util.function.Predicate<Sayer> enough, long seconds, String phase) {
    try {
      Await.poll(vertx, () -> {
        assertNoSilence(surviving);
        for (int n = 0; n < 2; n++) {
          readers.get(n).collect(); // keeps each client's queue short
        }
        return surviving.stream().allMatch(enough);
      }, seconds);
    } catch (AssertionError e) {
      throw new AssertionError(phase + ": " + e.getMessage() + "; oks per sayer: "
          + surviving.stream().map(s -> s.nick + "=" + s.oksSentAfter(0)).toList(), e);
    }
  }

  private static void assertNoSilence(List<Sayer> surviving) {
    long now = System.nanoTime();
    for (Sayer s : surviving) {
      long waited = s.waitingNanos(now);
      assertTrue(waited < TimeUnit.SECONDS.toNanos(SILENCE_LIMIT_SECONDS),
          s.nick + ": a say unanswered for " + TimeUnit.NANOSECONDS.toMillis(waited) + " ms");
    }
  }

  /** Time to normal service per room: from the kill to the ok of the first say sent after it. */
  private static void report(List<String> rooms, Set<String> sequencedByDoomed, List<Sayer> surviving, long killedAt,
      PartitionOwners owners) {
    for (String room : rooms) {
      long firstOk = Long.MAX_VALUE;
      long firstAnyOk = Long.MAX_VALUE;
      long longestWait = 0;
      int errors = 0;
      for (Sayer s : surviving) {
        if (!s.room.equals(room)) {
          continue;
        }
        for (Attempt a : s.snapshot()) {
          if (a.reply == null) {
            continue;
          }
          if (a.reply.startsWith("err") || a.reply.startsWith("failed")) {
            errors++;
          }
          if ("ok".equals(a.reply) && a.answeredNanos > killedAt) {
            firstAnyOk = Math.min(firstAnyOk, a.answeredNanos);
            if (a.sentNanos > killedAt) {
              firstOk = Math.min(firstOk, a.answeredNanos);
            }
          }
          if (a.answeredNanos > killedAt) {
            longestWait = Math.max(longestWait, a.answeredNanos - Math.max(a.sentNanos, killedAt));
          }
        }
      }
      System.out.printf("MEASURED room %s (sequenced by %s, now by cluster port %d): SIGKILL to first ok of a say"
          + " sent after it %d ms, to first ok of any say %d ms, longest wait after the kill %d ms, errors %d%n",
          room, sequencedByDoomed.contains(room) ? "the killed node" : "a survivor", owners.ownerPort(room),
          TimeUnit.NANOSECONDS.toMillis(firstOk - killedAt), TimeUnit.NANOSECONDS.toMillis(firstAnyOk - killedAt),
          TimeUnit.NANOSECONDS.toMillis(longestWait), errors);
    }
  }

  /**
   * What the survivors' members were delivered: each room in strictly increasing seq, no repeat,
   * one meaning per seq on both survivors; all of it in the history, which is the same on both,
   * holds every ok'd message exactly once, and was received by both survivors' members.
   */
  private void checkDeliveriesAndHistory(List<String> rooms, List<Sayer> sayers, List<Reader> survivors) {
    Map<String, Set<String>> okd = new LinkedHashMap<>();
    for (Sayer s : sayers) {
      for (Attempt a : s.snapshot()) {
        if ("ok".equals(a.reply)) {
          okd.computeIfAbsent(s.room, r -> new HashSet<>()).add(s.nick + " " + a.text);
        }
      }
    }
    // Every ok'd message reaches both survivors' members (each with a deadline).
    try {
      Await.poll(vertx, () -> {
        survivors.forEach(Reader::collect);
        return survivors.stream().allMatch(r -> {
          Map<String, List<Said>> seen = r.byRoom();
          return rooms.stream().allMatch(room -> seen.getOrDefault(room, List.of()).stream().map(Said::key)
              .collect(Collectors.toSet()).containsAll(okd.getOrDefault(room, Set.of())));
        });
      }, 30);
    } catch (AssertionError e) {
      StringBuilder missing = new StringBuilder();
      for (Reader r : survivors) {
        Map<String, List<Said>> seen = r.byRoom();
        for (String room : rooms) {
          Set<String> keys = seen.getOrDefault(room, List.of()).stream().map(Said::key).collect(Collectors.toSet());
          Set<String> lacking = new HashSet<>(okd.getOrDefault(room, Set.of()));
          lacking.removeAll(keys);
          if (!lacking.isEmpty()) {
            missing.append(r.name).append(' ').append(room).append(" lacks ").append(lacking.size())
                .append(", e.g. ").append(lacking.stream().limit(5).toList()).append("; ");
          }
        }
      }
      throw new AssertionError("ok'd messages not delivered to a survivor's member: " + missing, e);
    }

    Map<Long, String> meaning = new HashMap<>();
    for (String room : rooms) {
      meaning.clear();
      for (Reader r : survivors) {
        List<Said> seen = r.byRoom().getOrDefault(room, List.of());
        assertIncreasing(seen, r.name + " in " + room);
        assertOneMeaningPerSeq(meaning, seen, r.name + " in " + room);
      }
      List<Said> historyA = historyAfter(survivors.get(0).client, room, 0, new ArrayList<>());
      List<Said> historyB = historyAfter(survivors.get(1).client, room, 0, new ArrayList<>());
      assertEquals(historyA, historyB, room + ": the same history on both survivors");
      assertIncreasing(historyA, "history of " + room);
      List<String> keys = historyA.stream().map(Said::key).toList();
      assertEquals(keys.size(), new HashSet<>(keys).size(), room + ": no message twice in the history");
      assertTrue(new HashSet<>(keys).containsAll(okd.getOrDefault(room, Set.of())),
          room + ": every ok'd message is in the history");
      for (Reader r : survivors) {
        List<Said> seen = r.byRoom().getOrDefault(room, List.of());
        assertTrue(historyA.containsAll(seen), r.name + " in " + room + ": every delivered message is in the history");
      }
      System.out.printf("CHECKED room %s: %d messages in history, %d ok'd, delivered to survivors: %s%n", room,
          historyA.size(), okd.getOrDefault(room, Set.of()).size(),
          survivors.stream().map(r -> r.byRoom().getOrDefault(room, List.of()).size()).toList());
    }
  }
}
