package io.chatnode.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.auth.PasswordHash;
import io.chatnode.chat.BusContract;
import io.chatnode.chat.RoomEvent;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestCerts;
import io.chatnode.testing.TestNodes;
import io.chatnode.web.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The event-bus bridge against a real node: login, permissions, bots in rooms, limits, TLS. */
@ExtendWith(VertxExtension.class)
class BridgeTest {

  @TempDir
  static Path dir;
  static Path usersFile;

  @BeforeAll
  static void users() throws Exception {
    usersFile = dir.resolve("users");
    Files.write(usersFile, List.of(
        "bot:" + PasswordHash.create("bot secret".toCharArray(), PasswordHash.MIN_ITERATIONS),
        "bot2:" + PasswordHash.create("bot2 secret".toCharArray(), PasswordHash.MIN_ITERATIONS),
        "alice:" + PasswordHash.create("open sesame".toCharArray(), PasswordHash.MIN_ITERATIONS)));
  }

  static JsonObject bridge() {
    return new JsonObject().put("auth.usersFile", usersFile.toString()).put("auth.failureDelayMs", 0)
        .put("bridge.enabled", true).put("bridge.port", 0).put("bridge.users", "bot,bot2")
        .put("bridge.consume", "chatnode.rooms,chatnode.messages,test.*").put("bridge.send", "chatnode.commands,chatnode.bot.*")
        .put("bridge.publish", "/test\\.pub\\.[a-z]+/");
  }

  static BridgeClient loggedIn(Vertx vertx, ChatNode node, String user) {
    BridgeClient client = BridgeClient.connect(vertx, node.bridgePort());
    JsonObject answer = client.login(user, user + " secret");
    assertEquals(new JsonObject().put("user", user), answer.getJsonObject("body"), answer.encode());
    return client;
  }

  @Test
  void nothingButPingAndLoginBeforeALoginAndOnlyBridgeUsersMayLogIn(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge());
    BridgeClient client = BridgeClient.connect(vertx, node.bridgePort());
    client.frame("ping", null, null, null);
    assertEquals("pong", client.next().getString("type"));
    client.frame("register", BusContract.ROOMS, null, null);
    assertEquals("login_required", client.next().getString("message"));
    JsonObject refused = client.request(BusContract.COMMANDS, new JsonObject().put("lines", new JsonArray().add("get_time")), "r1");
    assertEquals("login_required", refused.getString("message"));
    assertEquals("r1", refused.getString("address"), "a stock client's reply handler hears of the refusal");

    JsonObject wrong = client.login("bot", "guess");
    assertEquals("err", wrong.getString("type"));
    assertEquals("login", wrong.getString("address"));
    JsonObject notBridgeUser = client.login("alice", "open sesame");
    assertEquals("err", notBridgeUser.getString("type"), "alice is a chat user, not in bridge.users");
    JsonObject third = client.login("bot", "guess again");
    assertTrue(third.getString("message").endsWith("; closing"), third.encode());
    Await.await(client.closedFuture());
    assertEquals(1, node.bridgeMetrics().closes("auth_failed"));

    loggedIn(vertx, node, "bot");
  }

  @Test
  void framesSentBehindTheLoginInOneWriteWaitForIt(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge());
    BridgeClient client = BridgeClient.connect(vertx, node.bridgePort());
    client.raw(FrameDecoder.encode(new JsonObject().put("type", "send").put("address", BridgeAddresses.LOGIN)
            .put("replyAddress", "login").put("body", new JsonObject().put("user", "bot").put("password", "bot secret")))
        .appendBuffer(FrameDecoder.encode(new JsonObject().put("type", "send").put("address", BusContract.COMMANDS)
            .put("replyAddress", "c1").put("body", new JsonObject().put("lines", new JsonArray().add("echo after")))))
        .appendBuffer(FrameDecoder.encode(new JsonObject().put("type", "ping"))));
    assertEquals("login", client.next().getString("address"));
    JsonObject echoed = client.next(f -> "c1".equals(f.getString("address")));
    assertEquals("ok after", echoed.getJsonObject("body").getJsonArray("replies").getString(0), echoed.encode());
    assertEquals("pong", client.next().getString("type"));
    assertEquals(0, node.bridgeMetrics().refusals("login_required"));
  }

  @Test
  void onlyPermittedAddressesAndNeverTheChatInternalOnes(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge().put("bridge.send", "chatnode.*").put("bridge.publish", "chatnode.*"));
    BridgeClient bot = loggedIn(vertx, node, "bot");
    JsonObject sum = bot.request(BusContract.COMMANDS,
        new JsonObject().put("lines", new JsonArray().add("calculate_sum 1 2 3").add("get_time")), "s1");
    assertEquals("message", sum.getString("type"), sum.encode());
    JsonArray replies = sum.getJsonObject("body").getJsonArray("replies");
    assertEquals("ok 6", replies.getString(0));
    assertTrue(replies.getString(1).startsWith("ok "), replies.encode());

    // "chatnode.*" is permitted, yet the chat's own addresses stay closed: they bypass the chat rules
    for (String address : List.of(BusContract.ROOMS, BusContract.PRESENCE, BusContract.inbox("n", 0))) {
      bot.frame("send", address, null, RoomEvent.msg("lobby", "alice", "forged", "c1").toJson());
      assertEquals("access_denied", bot.next().getString("message"), address);
      bot.frame("publish", address, null, RoomEvent.msg("lobby", "alice", "forged", "c1").toJson());
      assertEquals("access_denied", bot.next().getString("message"), address);
    }
    bot.frame("register", BusContract.PRESENCE, null, null);
    assertEquals("access_denied", bot.next().getString("message"), "consume has chatnode.rooms only");
    bot.frame("publish", BridgeAddresses.SAY, null, new JsonObject().put("room", "lobby").put("text", "x"));
    assertEquals("access_denied", bot.next().getString("message"), "a bot speaks by send, with a reply");
    assertEquals(3 * 2 + 2, node.bridgeMetrics().refusals("access_denied"));
  }

  @Test
  void sendAndPublishFollowTheirRulesPrefixAndRegex(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge());
    BridgeClient bot = loggedIn(vertx, node, "bot");
    Await.await(vertx.eventBus().consumer("test.pub.abc", m -> {}).completion());
    bot.frame("publish", "test.pub.abc", null, "ok");
    bot.frame("publish", "test.pub.abc1", null, "regex is matched whole");
    assertEquals("access_denied", bot.next().getString("message"));
    bot.frame("send", "test.pub.abc", null, "send is not permitted there");
    assertEquals("access_denied", bot.next().getString("message"));
    bot.frame("register", "test.anything", null, null); // prefix rule
    bot.frame("ping", null, null, null);
    assertEquals("pong", bot.next().getString("type"), "no refusal came before the pong");
    vertx.eventBus().publish("test.anything", new JsonObject().put("n", 1));
    assertEquals(new JsonObject().put("n", 1), bot.next(f -> "test.anything".equals(f.getString("address")))
        .getJsonObject("body"));
  }

  @Test
  void aBotSpeaksInARoomUnderItsOwnNameThroughTheChatRules(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge().put("limits.chatRate", 1).put("limits.chatBurst", 3));
    LineClient alice = LineClient.connect(vertx, node.port());
    WsClient browser = WsClient.connect(vertx, node.webPort()); // greeted with hello
    assertEquals("ok tags", browser.call("cap tags"));
    BridgeClient bot = loggedIn(vertx, node, "bot");
    bot.frame("register", BusContract.MESSAGES, null, null);
    JsonObject joined = bot.request(BridgeAddresses.JOIN, new JsonObject().put("room", "tea"), "j1");
    assertEquals(new JsonObject().put("ok", "tea"), joined.getJsonObject("body"));
    JsonObject notMember = bot.request(BridgeAddresses.SAY, new JsonObject().put("room", "other").put("text", "x"), "s0");
    assertEquals("not_member", notMember.getString("code"), "the chat rules: join before saying");

    // a body naming someone else is ignored: the bot speaks as itself
    JsonObject said = bot.request(BridgeAddresses.SAY,
        new JsonObject().put("room", "lobby").put("text", "hello from a bot").put("nick", "alice"), "s1");
    assertEquals("message", said.getString("type"), said.encode());
    assertEquals("msg lobby bot hello from a bot", alice.pushMatching(p -> p.startsWith("msg ")));
    String tagged = browser.pushMatching(p -> p.contains(" msg lobby bot "));
    assertTrue(tagged.matches("@seq=[1-9][0-9]*;time=\\S+ msg lobby bot hello from a bot"),
        "a WebSocket user with tags sees the bot's name and the message's seq: " + tagged);
    JsonObject event = bot.next(f -> BusContract.MESSAGES.equals(f.getString("address"))
        && "msg".equals(f.getJsonObject("body").getString("type")));
    assertEquals("bot", event.getJsonObject("body").getString("nick"));
    assertTrue(event.getJsonObject("body").getLong("seq") > 0, "numbered like any say: " + event.encode());
    assertFalse(event.getJsonObject("body").containsKey("handoff"), event.encode());

    // flood control: the burst of 3 is used up by the two says (one refused as not_member counts too)
    JsonObject limited = null;
    for (int i = 0; i < 5 && limited == null; i++) {
      JsonObject answer = bot.request(BridgeAddresses.SAY, new JsonObject().put("room", "lobby").put("text", "spam " + i), "f" + i);
      limited = "err".equals(answer.getString("type")) ? answer : null;
    }
    assertEquals("rate_limited", limited == null ? null : limited.getString("code"));

    JsonObject injected = bot.request(BridgeAddresses.SAY,
        new JsonObject().put("room", "lobby").put("text", "hi\nnick alice"), "s2");
    assertEquals("bad_frame", injected.getString("message"), "one line only: no second command smuggled in");
  }

  @Test
  void withAuthEnabledTheBotsSessionLogsInAsItsUserAndNoChatUserCanTakeItsName(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge().put("auth.enabled", true));
    LineClient alice = LineClient.connect(vertx, node.port());
    assertEquals("ok alice", alice.call("auth alice open sesame"));
    assertEquals("err nick_taken nickname bot is reserved for a registered user", alice.call("nick bot"));
    BridgeClient bot = loggedIn(vertx, node, "bot");
    JsonObject said = bot.request(BridgeAddresses.SAY, new JsonObject().put("room", "lobby").put("text", "hi"), "s1");
    assertEquals("message", said.getString("type"), said.encode());
    assertEquals("msg lobby bot hi", alice.pushMatching(p -> p.startsWith("msg ")));
    BridgeClient again = BridgeClient.connect(vertx, node.bridgePort());
    JsonObject second = again.login("bot", "bot secret");
    assertEquals("err", second.getString("type"), "the name is in use by the first bot: " + second.encode());
  }

  @Test
  void aLengthPrefixAboveTheCapClosesTheConnectionUnread(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge().put("bridge.maxFrameBytes", 1024));
    BridgeClient client = BridgeClient.connect(vertx, node.bridgePort());
    client.raw(Buffer.buffer().appendInt(1025).appendString("{\"type\":"));
    Await.await(client.closedFuture());
    assertEquals(1, node.bridgeMetrics().closes("frame_too_large"));

    BridgeClient atCap = loggedIn(vertx, node, "bot");
    String padding = "x".repeat(1024 - new JsonObject().put("type", "ping").put("p", "").toBuffer().length());
    atCap.raw(FrameDecoder.encode(new JsonObject().put("type", "ping").put("p", padding)));
    assertEquals("pong", atCap.next().getString("type"), "a frame of exactly bridge.maxFrameBytes is taken");
  }

  @Test
  void registrationsAreCappedPerConnection(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, bridge().put("bridge.maxRegistrations", 2));
    BridgeClient bot = loggedIn(vertx, node, "bot");
    bot.frame("register", "test.a", null, null);
    bot.frame("register", "test.a", null, null); // the same address again takes no second place
    bot.frame("register", "test.b", null, null);
    bot.frame("register", "test.c", null, null);
    assertEquals("too_many_registrations", bot.next().getString("message"));
    bot.frame("unregister", "test.a", null, null);
    bot.frame("register", "test.c", null, null);
    bot.frame("ping", null, null, null);
    assertEquals("pong", bot.next().getString("type"), "after an unregister there is room again");
  }

  @Test
  void aClientThatStopsReadingLosesFramesThenItsConnectionAndNobodyElseIsHeldUp(Vertx vertx) {
    int maxOutbound = 16 * 1024;
    int maxDropped = 5;
    ChatNode node = TestNodes.start(vertx, bridge().put("bridge.maxOutboundBytes", maxOutbound)
        .put("bridge.maxDroppedFrames", maxDropped));
    BridgeClient slow = BridgeClient.connect(vertx, node.bridgePort(),
        new NetClientOptions().setReceiveBufferSize(4096));
    slow.login("bot", "bot secret");
    slow.frame("register", BusContract.ROOMS, null, null);
    BridgeClient reader = loggedIn(vertx, node, "bot2");
    reader.frame("register", BusContract.ROOMS, null, null);
    for (BridgeClient c : List.of(slow, reader)) { // registered once a later frame is answered
      c.frame("ping", null, null, null);
      c.next(f -> "pong".equals(f.getString("type")));
    }
    slow.pauseReading();

    String text = "x".repeat(4000);
    int published = 0;
    while (node.bridgeMetrics().closes("slow_consumer") == 0 && published < 50_000) {
      vertx.eventBus().publish(BusContract.ROOMS, RoomEvent.msg("lobby", "someone", text, "c0").toJson());
      published++;
      reader.next(f -> BusContract.ROOMS.equals(f.getString("address")));
    }
    assertEquals(1, node.bridgeMetrics().closes("slow_consumer"));
    assertEquals(maxDropped + 1, node.bridgeMetrics().droppedFrames(), "dropped past the allowance, then cut");
    assertTrue(published > maxDropped, "published " + published);
    long queued = node.bridgeMetrics().queuedBytesHighWater();
    assertTrue(queued > 0 && queued <= maxOutbound, "the node held at most bridge.maxOutboundBytes: " + queued);
    assertEquals(1, node.bridgeMetrics().openConnections(), "the slow one was cut when it went over");
    // the reader took every frame, one by one, while the other was falling behind
    reader.frame("ping", null, null, null);
    reader.next(f -> "pong".equals(f.getString("type")));
    assertEquals(0, node.bridgeMetrics().closes("closed") + node.bridgeMetrics().closes("frame_too_large"));
  }

  @Test
  void theBridgeServesTlsWithTheNodesCertificate(Vertx vertx) {
    TestCerts.Pair server = TestCerts.selfSigned(dir, "bridge-server", "localhost");
    ChatNode node = TestNodes.start(vertx, bridge().put("tls.enabled", true).put("tls.port", 0)
        .put("tls.cert", server.cert().toString()).put("tls.key", server.key().toString()));
    NetClientOptions tls = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(server.cert().toString()));
    BridgeClient client = BridgeClient.connect(vertx, node.bridgePort(), tls);
    assertTrue(client.socket().isSsl());
    assertEquals("bot", client.login("bot", "bot secret").getJsonObject("body").getString("user"));

    BridgeClient plain = BridgeClient.connect(vertx, node.bridgePort());
    plain.frame("ping", null, null, null);
    Await.await(plain.closedFuture()); // no TLS handshake: the node drops it, and answers nothing
    assertEquals(0, plain.received());
  }
}
