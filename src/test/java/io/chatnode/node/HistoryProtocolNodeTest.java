package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Protocol 1.1 on one node, exact forms: cap, tags on msg and dm, history, lost notices. */
@ExtendWith(VertxExtension.class)
class HistoryProtocolNodeTest {

  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
  private static final Pattern TAGGED_MSG = Pattern.compile("@seq=(\\d+);time=" + TIME + " msg (\\S+) (\\S+) (.*)");
  private static final Pattern HIST = Pattern.compile("hist (\\S+) (\\d+) " + TIME + " (\\S+) (.*)");

  private static LineClient client(Vertx vertx, ChatNode node, String nick) {
    LineClient c = LineClient.connect(vertx, node.port());
    assertEquals("ok " + nick, c.call("nick " + nick));
    return c;
  }

  private static long seqOf(String taggedMsg) {
    Matcher m = TAGGED_MSG.matcher(taggedMsg);
    assertTrue(m.matches(), taggedMsg);
    return Long.parseLong(m.group(1));
  }

  /** The hist lines that came before the reply of a history request, and the reply. */
  private static List<String> history(LineClient c, String request) {
    String reply = c.call(request);
    List<String> lines = new ArrayList<>(c.pendingPushes().stream().filter(l -> l.startsWith("hist ")).toList());
    lines.add(reply);
    return lines;
  }

  @Test
  void capTurnsOnTagsAndHistory(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient c = LineClient.connect(vertx, node.port());
    assertTrue(c.hello().contains(" caps=tags,history history_max=500 epoch="), c.hello());
    assertEquals("ok tags", c.call("cap TAGS"));
    assertEquals("ok tags history", c.call("cap history tags"));
    assertEquals("err bad_args 'sasl' is not a capability of this node; offered: tags,history", c.call("cap tags sasl"));
    assertEquals("err bad_args usage: cap <name> [<name> ...]; offered: tags,history", c.call("cap"));
  }

  @Test
  void withoutHistoryOnlyTagsAreOffered(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("history.enabled", false));
    LineClient c = client(vertx, node, "alice");
    assertTrue(c.hello().contains(" caps=tags epoch="), c.hello());
    assertFalse(c.hello().contains("history_max"), c.hello());
    assertEquals("err bad_args 'history' is not a capability of this node; offered: tags", c.call("cap history"));
    assertEquals("err bad_args this node keeps no history", c.call("history lobby"));
    LineClient bob = client(vertx, node, "bob");
    assertEquals("ok tags", bob.call("cap tags"));
    c.call("say lobby numbered anyway");
    assertTrue(TAGGED_MSG.matcher(bob.pushMatching(l -> l.contains(" msg lobby "))).matches());
  }

  @Test
  void tagsPutSeqAndTimeOnMsgAndTimeOnDmOnlyForThoseWhoAsked(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0));
    LineClient alice = client(vertx, node, "alice");
    LineClient tagged = client(vertx, node, "tagged");
    LineClient plain = client(vertx, node, "plain");
    assertEquals("ok tags", tagged.call("cap tags"));
    for (LineClient c : List.of(alice, tagged, plain)) {
      assertEquals("ok dev", c.call("join dev"));
    }
    assertEquals("ok", alice.call("say dev hi  there"));
    assertEquals("ok", alice.call("say dev again"));
    String first = tagged.pushMatching(l -> l.contains(" msg dev "));
    Matcher m = TAGGED_MSG.matcher(first);
    assertTrue(m.matches(), first);
    assertEquals("dev", m.group(2));
    assertEquals("alice", m.group(3));
    assertEquals("hi  there", m.group(4));
    assertEquals(seqOf(first) + 1, seqOf(tagged.pushMatching(l -> l.contains(" msg dev "))));
    assertEquals("msg dev alice hi  there", plain.pushMatching(l -> l.startsWith("msg ")));
    assertEquals("ok", alice.call("msg tagged psst"));
    assertEquals("ok", alice.call("msg plain psst"));
    assertTrue(tagged.pushMatching(l -> l.contains("dm ")).matches("@time=" + TIME + " dm alice psst"));
    assertEquals("dm alice psst", plain.pushMatching(l -> l.startsWith("dm ")));
  }

  @Test
  void aVerticleSaysSomethingThroughChatnodeSayNumberedLikeAMember(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient tagged = client(vertx, node, "tagged");
    assertEquals("ok tags", tagged.call("cap tags"));
    JsonObject reply = (JsonObject) Await.await(vertx.eventBus().request(io.chatnode.chat.BusContract.SAY,
        new JsonObject().put("room", "Lobby").put("nick", "robot").put("text", "hello all"))).body();
    String push = tagged.pushMatching(l -> l.contains(" msg lobby robot "));
    assertEquals(reply.getLong("seq").longValue(), seqOf(push));
    assertTrue(push.endsWith(" msg lobby robot hello all"), push);
  }

  @Test
  void historyGivesHistLinesThenTheReply(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0));
    LineClient alice = client(vertx, node, "alice");
    assertEquals("ok dev", alice.call("join dev"));
    assertEquals("ok count=0 latest=0", alice.call("history dev"));
    for (int i = 1; i <= 5; i++) {
      assertEquals("ok", alice.call("say dev line " + i));
    }
    List<String> latest = history(alice, "history dev latest 3");
    assertEquals(4, latest.size(), latest.toString());
    Matcher last = HIST.matcher(latest.get(2));
    assertTrue(last.matches(), latest.get(2));
    long top = Long.parseLong(last.group(2));
    assertEquals("ok count=3 latest=" + top, latest.get(3));
    for (int i = 0; i < 3; i++) {
      Matcher h = HIST.matcher(latest.get(i));
      assertTrue(h.matches(), latest.get(i));
      assertEquals("dev", h.group(1));
      assertEquals(top - 2 + i, Long.parseLong(h.group(2)));
      assertEquals("alice", h.group(3));
      assertEquals("line " + (3 + i), h.group(4));
    }
    List<String> before = history(alice, "history dev before " + (top - 3));
    assertEquals(List.of("ok count=1 latest=" + top), before.subList(1, 2));
    assertTrue(before.get(0).contains(" " + (top - 4) + " ") && before.get(0).endsWith(" alice line 1"), before.get(0));
    List<String> after = history(alice, "history Dev after " + (top - 1));
    assertEquals(2, after.size());
    assertTrue(after.get(0).endsWith(" alice line 5"));
    assertEquals("ok count=1 latest=" + top, after.get(1));
  }

  @Test
  void historyIsForMembersAndChecksItsForm(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient c = client(vertx, node, "alice");
    assertEquals("err not_member join dev before asking for its history", c.call("history dev"));
    assertEquals("err not_member join nowhere before asking for its history", c.call("history nowhere after 3"));
    assertEquals("err bad_args after needs a seq: usage: history <room> [latest | before <seq> | after <seq>] [<limit>]",
        c.call("history lobby after"));
    assertEquals("err bad_args the limit must be 1 or more", c.call("history lobby 0"));
    assertEquals("err bad_name 'a.b' is not a valid room name: 1 to 32 characters of A-Z a-z 0-9 _ -", c.call("history a.b"));
  }

  @Test
  void aLimitAboveHistoryMaxIsCutAndTheRingEndIsNamedLost(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0)
        .put("history.roomLength", 120).put("history.maxPerRequest", 100));
    LineClient alice = client(vertx, node, "alice");
    assertTrue(alice.hello().contains(" history_max=100 "), alice.hello());
    alice.call("join ring");
    StringBuilder burst = new StringBuilder();
    for (int i = 1; i <= 150; i++) {
      burst.append("say ring m").append(i).append('\n');
    }
    alice.sendRaw(Buffer.buffer(burst.toString(), "UTF-8"));
    assertTrue(alice.replies(150).stream().allMatch("ok"::equals));
    List<String> all = history(alice, "history ring latest 1000");
    assertEquals(101, all.size());
    String reply = all.get(100);
    assertTrue(reply.startsWith("ok count=100 latest="), reply);
    long latest = Long.parseLong(reply.substring("ok count=100 latest=".length()));
    long first = latest - 149;
    assertTrue(all.get(99).endsWith(" alice m150"));
    List<String> resumed = history(alice, "history ring after " + (first + 9) + " 5");
    assertEquals("ok count=5 latest=" + latest + " lost=" + (first + 10) + "-" + (first + 29), resumed.get(5));
    assertTrue(resumed.get(0).endsWith(" alice m31"), resumed.get(0));
  }

  /**
   * A tags member that stops reading loses room messages, not its connection; once it reads again
   * it is told exactly which, and history after the first lost one gives them all back.
   */
  @Test
  void aStalledTagsConsumerGetsLostRangesThatHistoryFills(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0)
        .put("limits.maxOutboundBytes", 16 * 1024).put("limits.slowConsumerGraceMs", 600_000)
        .put("history.roomLength", 100_000).put("history.maxPerRequest", 100_000));
    LineClient sender = client(vertx, node, "sender");
    sender.call("join flood");
    LineClient slow = LineClient.connectSmallBuffers(vertx, node.port());
    assertEquals("ok tags history", slow.call("cap tags history"));
    assertEquals("ok flood", slow.call("join flood"));
    slow.pauseReading();
    String text = "z".repeat(500);
    Buffer burst = Buffer.buffer(("say flood " + text + "\n").repeat(200), "UTF-8");
    double dropped = 0;
    for (int round = 0; round < 500 && dropped == 0; round++) {
      sender.sendRaw(burst);
      assertTrue(sender.replies(200).stream().allMatch("ok"::equals));
      dropped = node.runtime().metrics().registry().get("chatnode.slow.dropped").counter().count();
    }
    assertTrue(dropped > 0, "messages were dropped for the stalled member");
    sender.sendRaw(burst);
    assertTrue(sender.replies(200).stream().allMatch("ok"::equals));
    assertEquals("ok", sender.call("say flood END"));
    String end = sender.call("history flood latest 1");
    long endSeq = Long.parseLong(end.substring(end.indexOf("latest=") + "latest=".length()));
    sender.pendingPushes();
    slow.resumeReading();
    List<Long> seen = new ArrayList<>();
    List<long[]> lost = new ArrayList<>();
    long reached = 0;
    while (reached < endSeq) {
      String push = slow.push();
      if (push.startsWith("lost flood ")) {
        String[] range = push.substring("lost flood ".length()).split("-");
        lost.add(new long[] {Long.parseLong(range[0]), Long.parseLong(range[1])});
        reached = Math.max(reached, lost.get(lost.size() - 1)[1]);
      } else if (TAGGED_MSG.matcher(push).matches()) {
        seen.add(seqOf(push));
        reached = Math.max(reached, seen.get(seen.size() - 1));
      }
    }
    assertFalse(lost.isEmpty(), "told what it lost");
    assertEquals("ok pong", slow.call("ping"), "still connected");
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i) > seen.get(i - 1), "in order");
    }
    for (long[] range : lost) {
      long count = range[1] - range[0] + 1;
      List<String> filled = history(slow, "history flood after " + (range[0] - 1) + " " + count);
      assertEquals("ok count=" + count + " latest=" + endSeq, filled.get(filled.size() - 1));
      for (int i = 0; i < count; i++) {
        Matcher h = HIST.matcher(filled.get(i));
        assertTrue(h.matches(), filled.get(i));
        assertEquals(range[0] + i, Long.parseLong(h.group(2)), "exactly the lost range, in order");
      }
    }
    long from = seen.get(0);
    long to = endSeq;
    for (long seq = from; seq <= to; seq++) {
      long s = seq;
      assertTrue(seen.contains(s) || lost.stream().anyMatch(r -> r[0] <= s && s <= r[1]), "seq " + s + " seen or named lost");
    }
    Await.until(vertx, () -> node.runtime().metrics().registry().get("chatnode.loss.notices").counter().count() >= lost.size());
  }
}
