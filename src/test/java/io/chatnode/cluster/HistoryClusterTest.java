package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestClusters;
import io.chatnode.testing.TestClusters.Member;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Protocol 1.1 across two clustered nodes in one JVM: one numbering and one order for every
 * member on every node, the same history everywhere, gap-free resume on another node, and room
 * messages only where the room has members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryClusterTest {

  private static final Pattern TAGGED_MSG =
      Pattern.compile("@seq=(\\d+);time=\\S+ msg (\\S+) (\\S+) (.*)");

  private final String clusterName = TestClusters.newClusterName();
  private final int clusterPort = TestClusters.newClusterPort();
  private final List<Member> members = new ArrayList<>();
  private Vertx clients;

  @BeforeAll
  void startCluster() {
    for (int i = 0; i < 2; i++) {
      members.add(TestClusters.start(clusterName, clusterPort, new JsonObject().put("limits.chatRate", 0)));
    }
    clients = Vertx.vertx();
    Await.poll(clients, () -> members.stream().allMatch(m -> m.nodeVertx().clusterSize().getAsInt() == 2), 120);
  }

  @AfterAll
  void stopCluster() {
    members.forEach(Member::stop);
    Await.await(clients.close());
  }

  private LineClient tagged(int member, String nick) {
    LineClient c = LineClient.connect(clients, members.get(member).port());
    assertEquals("ok " + nick, c.call("nick " + nick));
    assertEquals("ok tags history", c.call("cap tags history"));
    return c;
  }

  /** {@code seq from text} of the next {@code count} tagged messages of {@code room}. */
  private static List<String> messages(LineClient c, String room, int count) {
    List<String> out = new ArrayList<>();
    while (out.size() < count) {
      Matcher m = TAGGED_MSG.matcher(c.pushMatching(p -> p.contains(" msg " + room + " ")));
      assertTrue(m.matches());
      out.add(m.group(1) + " " + m.group(3) + " " + m.group(4));
    }
    return out;
  }

  private static void assertIncreasing(List<String> lines) {
    for (int i = 1; i < lines.size(); i++) {
      assertTrue(Long.parseLong(lines.get(i).split(" ")[0]) > Long.parseLong(lines.get(i - 1).split(" ")[0]),
          "in seq order at " + i + ": " + lines.get(i - 1) + " then " + lines.get(i));
    }
  }

  /** The hist lines before a history reply, as {@code seq from text}, then the reply. */
  private static List<String> history(LineClient c, String request) {
    String reply = c.call(request);
    List<String> out = new ArrayList<>();
    for (String line : c.pendingPushes()) {
      if (line.startsWith("hist ")) {
        String[] parts = line.split(" ", 6);
        out.add(parts[2] + " " + parts[4] + " " + parts[5]);
      }
    }
    out.add(reply);
    return out;
  }

  @Test
  void fourPublishersOnTwoNodesOneNumberingOneOrderTheSameHistoryEverywhere() {
    List<LineClient> publishers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      publishers.add(tagged(i / 2, "pub" + i));
    }
    List<LineClient> readers = List.of(tagged(0, "reader0"), tagged(1, "reader1"));
    for (LineClient c : publishers) {
      assertEquals("ok order1", c.call("join order1"));
    }
    for (LineClient c : readers) {
      assertEquals("ok order1", c.call("join order1"));
    }
    int each = 100;
    for (int i = 0; i < 4; i++) {
      StringBuilder burst = new StringBuilder();
      for (int n = 0; n < each; n++) {
        burst.append("say order1 ").append(n).append('\n');
      }
      publishers.get(i).sendRaw(Buffer.buffer(burst.toString()));
    }
    for (LineClient c : publishers) {
      assertTrue(c.replies(each).stream().allMatch("ok"::equals));
    }
    List<String> onNode0 = messages(readers.get(0), "order1", 4 * each);
    List<String> onNode1 = messages(readers.get(1), "order1", 4 * each);
    assertEquals(onNode0, onNode1, "the same numbers in the same order on both nodes");
    assertIncreasing(onNode0);
    for (int i = 0; i < 4; i++) {
      String self = "pub" + i;
      List<String> others = onNode0.stream().filter(line -> !line.split(" ")[1].equals(self)).toList();
      assertEquals(others, messages(publishers.get(i), "order1", 3 * each), self + " sees the others in the same order");
    }
    long latest = Long.parseLong(onNode0.get(onNode0.size() - 1).split(" ")[0]);
    List<String> historyOn0 = history(readers.get(0), "history order1 latest 500");
    List<String> historyOn1 = history(readers.get(1), "history order1 latest 500");
    assertEquals(historyOn0, historyOn1, "history is the same on every node");
    assertEquals("ok count=400 latest=" + latest, historyOn0.get(400));
    assertEquals(onNode0, historyOn0.subList(0, 400), "and it is what the members were delivered");
  }

  @Test
  void aClientThatComesBackOnAnotherNodeResumesWithoutGapsOrDuplicates() {
    LineClient away = tagged(0, "away");
    LineClient talker = tagged(1, "talker");
    away.call("join resume1");
    talker.call("join resume1");
    for (int i = 1; i <= 5; i++) {
      assertEquals("ok", talker.call("say resume1 m" + i));
    }
    List<String> before = messages(away, "resume1", 5);
    long lastSeen = Long.parseLong(before.get(4).split(" ")[0]);
    away.close();
    for (int i = 6; i <= 10; i++) {
      assertEquals("ok", talker.call("say resume1 m" + i));
    }
    LineClient back = tagged(1, "away");
    assertEquals("ok resume1", back.call("join resume1"));
    List<String> missed = history(back, "history resume1 after " + lastSeen);
    assertEquals("ok count=5 latest=" + (lastSeen + 5), missed.get(5));
    for (int i = 0; i < 5; i++) {
      assertEquals((lastSeen + 1 + i) + " talker m" + (6 + i), missed.get(i));
    }
    assertEquals("ok", talker.call("say resume1 m11"));
    assertEquals(List.of((lastSeen + 6) + " talker m11"), messages(back, "resume1", 1));
    assertEquals("ok pong", back.call("ping"));
    assertTrue(back.pendingPushes().stream().noneMatch(p -> p.contains(" msg resume1 ")), "nothing twice");
  }

  @Test
  void aRoomsMessagesGoOnlyToNodesWithMembersInIt() {
    LineClient a = tagged(0, "localA");
    LineClient b = tagged(0, "localB");
    a.call("join local1");
    b.call("join local1");
    double elsewhereBefore = received(1);
    double hereBefore = received(0);
    for (int i = 0; i < 50; i++) {
      assertEquals("ok", a.call("say local1 x" + i));
    }
    messages(b, "local1", 50);
    assertEquals(50, received(0) - hereBefore, 0.0, "the node with the members received each once");
    LineClient probe = tagged(1, "probe1");
    probe.call("join local1");
    assertEquals("ok", a.call("say local1 now node 1 has a member"));
    assertEquals(1, messages(probe, "local1", 1).size());
    assertEquals(elsewhereBefore + 1, received(1), 0.0, "the other node received only what came after its member joined");
  }

  /**
   * The node that sequences the room (the owner of its partition) is killed while two others'
   * members talk: every survivor's member sees each message once, in one order, and the history
   * holds what they were delivered.
   */
  @Test
  void theSequencingNodeKilledWhileMessagesFlow() {
    Member doomed = TestClusters.start(clusterName, clusterPort, new JsonObject().put("limits.chatRate", 0));
    Await.poll(clients, () -> members.get(0).nodeVertx().clusterSize().getAsInt() == 3, 120);
    HazelcastInstance hazelcast = ClusterMembers.of(doomed.nodeVertx().vertx()).hazelcast();
    String room = sequencedBy(hazelcast);
    List<LineClient> writers = List.of(tagged(0, "killw0"), tagged(1, "killw1"));
    List<LineClient> readers = List.of(tagged(0, "killr0"), tagged(1, "killr1"));
    for (LineClient c : List.of(writers.get(0), writers.get(1), readers.get(0), readers.get(1))) {
      assertEquals("ok " + room, c.call("join " + room));
    }
    int each = 150;
    for (LineClient w : writers) {
      StringBuilder burst = new StringBuilder();
      for (int n = 0; n < each; n++) {
        burst.append("say ").append(room).append(' ').append(n).append('\n');
      }
      w.sendRaw(Buffer.buffer(burst.toString()));
    }
    hazelcast.getLifecycleService().terminate();
    for (LineClient w : writers) {
      assertTrue(w.replies(each).stream().allMatch("ok"::equals), "every say was numbered and delivered here");
    }
    List<String> onNode0 = messages(readers.get(0), room, 2 * each);
    List<String> onNode1 = messages(readers.get(1), room, 2 * each);
    assertEquals(onNode0, onNode1, "one order on both survivors");
    assertIncreasing(onNode0);
    List<String> kept = history(readers.get(1), "history " + room + " latest 500");
    assertTrue(kept.containsAll(onNode0), "the history holds what was delivered");
    assertEquals("ok pong", readers.get(0).call("ping"));
    assertTrue(readers.get(0).pendingPushes().stream().noneMatch(p -> p.contains(" msg " + room + " ")), "nothing twice");
    doomed.nodeVertx().vertx().close();
  }

  /** A room whose history entry (and so its numbering) lives on {@code member}'s partitions. */
  private static String sequencedBy(HazelcastInstance member) {
    for (int i = 0; ; i++) {
      String candidate = "seqkill" + i;
      if (member.getPartitionService().getPartition(candidate).getOwner().equals(member.getCluster().getLocalMember())) {
        return candidate;
      }
    }
  }

  private double received(int member) {
    return members.get(member).nodeVertx().registry().get("chatnode.room.events.received").functionCounter().count();
  }
}
