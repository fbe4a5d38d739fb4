package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every command of the contract against a real node, with exact reply forms. */
@ExtendWith(VertxExtension.class)
class CommandsTest {

  private Vertx vertx;
  private ChatNode node;

  @BeforeEach
  void startNode(Vertx vertx) {
    this.vertx = vertx;
    this.node = TestNodes.start(vertx);
  }

  private LineClient client() {
    return LineClient.connect(vertx, node.port());
  }

  @Test
  void helloAdvertisesGuestNickAndLimits() {
    LineClient c = client();
    // Protocol 1.1: version=1.1 and, after the version 1 pairs, caps, history_max and epoch.
    assertTrue(c.hello().matches("hello guest-[0-9a-z]{6} version=1\\.1 node=" + node.nodeId()
        + " max_line=4096 rate=10 burst=20 idle_s=300 lobby=lobby caps=tags,history history_max=500 epoch=[0-9a-f]{12}"),
        c.hello());
  }

  @Test
  void helpListsEveryCommand() {
    assertEquals("ok help ping get_time echo calculate_sum nick join leave say msg who rooms stats auth cap history quit",
        client().call("help"));
  }

  @Test
  void pingAnswersPongWithTheToken() {
    LineClient c = client();
    assertEquals("ok pong", c.call("ping"));
    assertEquals("ok pong abc 123", c.call("PING abc 123"));
  }

  @Test
  void getTimeIsIsoUtcWithMilliseconds() {
    String reply = client().call("get_time");
    assertTrue(reply.matches("ok \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), reply);
    Instant reported = Instant.parse(reply.substring(3));
    assertTrue(Duration.between(reported, Instant.now()).abs().toSeconds() < 60, reply);
    assertEquals("err bad_args get_time takes no arguments", client().call("get_time now"));
  }

  @Test
  void echoKeepsTextExactly() {
    LineClient c = client();
    assertEquals("ok hello  world ", c.call("echo hello  world "));
    assertEquals("ok  leading", c.call("echo  leading"));
    assertEquals("ok ünïcødé ✓", c.call("Echo ünïcødé ✓"));
    assertEquals("ok", c.call("echo"));
  }

  @Test
  void calculateSumIsExact() {
    LineClient c = client();
    assertEquals("ok 0", c.call("calculate_sum"));
    assertEquals("ok 0.3", c.call("calculate_sum 0.1 0.2"));
    assertEquals("ok 100000000000000000000000000000000",
        c.call("calculate_sum 99999999999999999999999999999999 2 -1"));
    assertEquals("ok -1.5", c.call("calculate_sum   -3   1.5 "));
    assertEquals("err bad_args operand 2 'x' is not a decimal number", c.call("calculate_sum 1 x"));
  }

  @Test
  void unknownCommandIsNamed() {
    assertEquals("err unknown_command unknown command 'frobnicate'; try help", client().call("frobnicate now"));
  }

  @Test
  void nickIsUniqueCaseInsensitively() {
    LineClient alice = client();
    LineClient other = client();
    assertEquals("ok alice", alice.call("nick alice"));
    assertEquals("err nick_taken nickname ALICE is taken", other.call("nick ALICE"));
    assertEquals("ok Alice", alice.call("nick Alice"));
    assertEquals("err bad_name 'no.way' is not a valid name: 1 to 32 characters of A-Z a-z 0-9 _ -",
        other.call("nick no.way"));
  }

  @Test
  void badNamesAndArgumentCountsAreRefused() {
    LineClient c = client();
    assertEquals("err bad_args usage: nick <name>", c.call("nick"));
    assertEquals("err bad_args usage: join <room>", c.call("join a b"));
    assertEquals("err bad_name 'a.b' is not a valid name: 1 to 32 characters of A-Z a-z 0-9 _ -", c.call("join a.b"));
    assertEquals("err bad_name '" + "x".repeat(32) + "...' is not a valid name: 1 to 32 characters of A-Z a-z 0-9 _ -",
        c.call("nick " + "x".repeat(33)));
    assertEquals("ok " + "x".repeat(32), c.call("nick " + "x".repeat(32)));
    assertEquals("err bad_args usage: say <room> <text>", c.call("say lobby"));
    assertEquals("err bad_args usage: msg <nick> <text>", c.call("msg"));
    assertEquals("err bad_args usage: who <room>", c.call("who"));
    assertEquals("err bad_args rooms takes no arguments", c.call("rooms all"));
  }

  @Test
  void renameIsPushedToRoomMatesOnce() {
    LineClient alice = client();
    LineClient bob = client();
    String guest = alice.guestNick();
    assertEquals("ok x", alice.call("join x"));
    assertEquals("ok x", bob.call("join x"));
    assertEquals("ok alice", alice.call("nick alice"));
    assertEquals("renamed " + guest + " alice", bob.pushMatching(p -> p.startsWith("renamed ")));
    assertEquals("ok", bob.call("say x after"));
    assertEquals("msg x " + bob.guestNick() + " after", alice.pushMatching(p -> p.startsWith("msg ")));
    assertTrue(bob.pendingPushes().stream().noneMatch(p -> p.startsWith("renamed")), "renamed only once");
  }

  @Test
  void joinSayLeaveWithPushes() {
    LineClient alice = client();
    LineClient bob = client();
    alice.call("nick alice");
    bob.call("nick bob");
    assertEquals("ok dev", alice.call("join Dev"));
    assertEquals("ok dev", alice.call("join dev"), "joining again is harmless");
    assertEquals("ok dev", bob.call("join DEV"));
    assertEquals("joined dev bob", alice.pushMatching(p -> p.startsWith("joined dev")));
    assertEquals("ok", bob.call("say dev hi  there"));
    assertEquals("msg dev bob hi  there", alice.pushMatching(p -> p.startsWith("msg ")));
    assertEquals("ok dev", bob.call("leave dev"));
    assertEquals("left dev bob", alice.pushMatching(p -> p.startsWith("left dev")));
    assertEquals("err not_member you are not in dev", bob.call("leave dev"));
    assertEquals("err not_member join dev before saying something there", bob.call("say dev hello"));
  }

  @Test
  void senderDoesNotGetItsOwnMessage() {
    LineClient alice = client();
    LineClient bob = client();
    alice.call("say lobby one");
    bob.pushMatching(p -> p.equals("msg lobby " + alice.guestNick() + " one"));
    // A ping after the say: its reply proves that any push of "one" to alice would already be here.
    alice.call("ping");
    assertTrue(alice.pendingPushes().stream().noneMatch(p -> p.startsWith("msg ")), "no echo to sender");
  }

  @Test
  void privateMessages(VertxTestContext ctx) {
    LineClient alice = client();
    LineClient bob = client();
    alice.call("nick alice");
    bob.call("nick bob");
    Checkpoint delivered = ctx.checkpoint();
    Checkpoint refused = ctx.checkpoint();
    bob.nextPush(p -> p.startsWith("dm ")).onComplete(ctx.succeeding(dm -> ctx.verify(() -> {
      assertEquals("dm alice psst, bob", dm);
      delivered.flag();
    })));
    alice.request("msg BOB psst, bob")
        .compose(sent -> {
          ctx.verify(() -> assertEquals("ok", sent));
          return alice.request("msg carol hello?");
        })
        .onComplete(ctx.succeeding(unknown -> ctx.verify(() -> {
          assertEquals("err no_such_user no user is called carol", unknown);
          refused.flag();
        })));
  }

  @Test
  void whoAndRoomsAreSorted() {
    LineClient a = client();
    LineClient b = client();
    LineClient c = client();
    a.call("nick zed");
    b.call("nick Amy");
    c.call("nick bob");
    a.call("join zoo");
    b.call("join zoo");
    c.call("join abc");
    assertEquals("ok Amy bob zed", a.call("who lobby"));
    assertEquals("ok Amy zed", a.call("who ZOO"));
    assertEquals("ok", a.call("who empty"));
    assertEquals("ok abc:1 lobby:3 zoo:2", a.call("rooms"));
  }

  @Test
  void statsReportsTheNode() {
    LineClient c = client();
    client();
    String stats = c.call("stats");
    assertTrue(stats.matches("ok node=" + node.nodeId() + " connections=2 nodes=1 uptime_s=\\d+ users=2 version=1\\.1"), stats);
  }

  @Test
  void quitSaysByeClosesAndOthersSeeLeft(VertxTestContext ctx) {
    LineClient alice = client();
    LineClient bob = client();
    alice.call("nick alice");
    Checkpoint aliceClosed = ctx.checkpoint();
    Checkpoint nameFreed = ctx.checkpoint();
    alice.request("quit see you").onComplete(ctx.succeeding(bye -> {
      ctx.verify(() -> assertEquals("ok bye", bye));
      alice.closedFuture().onComplete(ctx.succeeding(closed -> aliceClosed.flag()));
    }));
    bob.nextPush(p -> p.startsWith("left "))
        .compose(left -> {
          ctx.verify(() -> assertEquals("left lobby alice", left));
          return bob.request("nick alice");
        })
        .onComplete(ctx.succeeding(renamed -> ctx.verify(() -> {
          assertEquals("ok alice", renamed, "the nickname is free again");
          nameFreed.flag();
        })));
  }

  @Test
  void disconnectReleasesNickAndLeavesRooms(VertxTestContext ctx) {
    LineClient alice = client();
    LineClient bob = client();
    alice.call("nick alice");
    alice.call("join dev");
    bob.call("join dev");
    Checkpoint cleanedUp = ctx.checkpoint();
    Set<String> lefts = new TreeSet<>();
    Predicate<String> left = p -> p.startsWith("left ");
    bob.nextPush(left)
        .compose(first -> {
          lefts.add(first);
          return bob.nextPush(left);
        })
        .compose(second -> {
          lefts.add(second);
          ctx.verify(() -> assertEquals(Set.of("left dev alice", "left lobby alice"), lefts));
          return bob.request("nick bob2");
        })
        .compose(renamed -> {
          ctx.verify(() -> assertEquals("ok bob2", renamed));
          return bob.request("who dev");
        })
        .onComplete(ctx.succeeding(who -> ctx.verify(() -> {
          assertEquals("ok " + "bob2", who);
          cleanedUp.flag();
        })));
    alice.close();
  }

  @Test
  void noLobbyWhenConfiguredEmpty(Vertx vertx) {
    ChatNode bare = TestNodes.start(vertx, new io.vertx.core.json.JsonObject().put("lobby", ""));
    LineClient c = LineClient.connect(vertx, bare.port());
    assertTrue(!c.hello().contains("lobby="), c.hello());
    assertEquals("ok", c.call("rooms"));
  }

  /** Without login anyone could pass for a guest or for the operator: those names are reserved. */
  @Test
  void guestNamesAndTheReservedNamesCannotBeTaken(Vertx vertx) {
    LineClient c = client();
    String guest = c.hello().split(" ")[1];
    assertEquals("err nick_taken nickname guest-abc123 is reserved", c.call("nick guest-abc123"));
    assertEquals("err nick_taken nickname Guest-x is reserved", c.call("nick Guest-x"));
    assertEquals("err nick_taken nickname ADMIN is reserved", c.call("nick ADMIN"));
    assertEquals("err nick_taken nickname root is reserved", c.call("nick root"));
    assertEquals("ok " + guest, c.call("nick " + guest), "its own guest name is no one else's");
    assertEquals("ok administrator", c.call("nick administrator"));

    ChatNode open = TestNodes.start(vertx, new io.vertx.core.json.JsonObject().put("names.reserved", ""));
    LineClient d = LineClient.connect(vertx, open.port());
    assertEquals("ok admin", d.call("nick admin"), "names.reserved empty: only guest names are reserved");
    assertEquals("err nick_taken nickname guest-abc123 is reserved", d.call("nick guest-abc123"));
  }
}
