package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.chat.UserDirectory;
import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive client driven through JLine's dumb terminal: keystrokes go in through a pipe,
 * the screen is captured, and other users are raw {@link LineClient}s on a real node.
 */
@ExtendWith(VertxExtension.class)
class InteractiveSessionTest {

  private static final Clock AT_12_04 = Clock.fixed(Instant.parse("2026-11-24T12:04:30Z"), ZoneOffset.UTC);

  private Vertx vertx;
  private ChatNode node;
  private Session session;
  private Vertx restarted;

  @BeforeEach
  void startNode(Vertx vertx) {
    this.vertx = vertx;
    this.node = TestNodes.start(vertx);
  }

  @AfterEach
  void leave() throws IOException {
    if (session != null) {
      session.keyboard.close();
      Await.await(io.vertx.core.Future.fromCompletionStage(session.exit));
    }
    if (restarted != null) {
      Await.await(restarted.close());
    }
  }

  /** A running interactive session on a dumb terminal. */
  private final class Session {
    final PipedOutputStream keyboard = new PipedOutputStream();
    final ScreenCapture screen = new ScreenCapture();
    final CompletableFuture<Integer> exit;

    Session(int port, String nick, String room) throws IOException {
      this(port, nick, room, false);
    }

    /** On JLine's dumb terminal, or with {@code xterm} on an emulated xterm (for in-place line editing). */
    Session(int port, String nick, String room, boolean xterm) throws IOException {
      this(port, nick, room, xterm, null);
    }

    Session(int port, String nick, String room, boolean xterm, Path history) throws IOException {
      PipedInputStream keys = new PipedInputStream(keyboard, 64 * 1024);
      Terminal terminal;
      if (xterm) {
        terminal = new ExternalTerminal("test", "xterm-256color", keys, screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(120, 40));
      } else {
        terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, keys, screen, StandardCharsets.UTF_8);
      }
      InteractiveSession interactive = new InteractiveSession(vertx, new HostPort("127.0.0.1", port),
          NodeLink.defaultOptions(), terminal, AT_12_04, Map.of("NO_COLOR", "1"), new ChatState(nick, room),
          new Backoff(100, 400), history);
      exit = CompletableFuture.supplyAsync(interactive::run, runnable -> new Thread(runnable, "test-session").start());
    }

    void type(String line) {
      try {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  private Session session(String nick, String room) throws IOException {
    session = new Session(node.port(), nick, room);
    return session;
  }

  private LineClient user(String nick) {
    LineClient client = LineClient.connect(vertx, node.port());
    assertEquals("ok " + nick, client.call("nick " + nick));
    return client;
  }

  @Test
  void plainTextIsSaidToTheRoomAndIncomingChatIsShown() throws IOException {
    LineClient bob = user("bob");
    Session alice = session("alice", null);
    alice.screen.awaitContains("-- you are now alice");
    alice.type("hello everyone");
    assertEquals("msg lobby alice hello everyone", bob.pushMatching(p -> p.startsWith("msg ")));
    alice.screen.awaitContains("[12:04] [lobby] alice: hello everyone");
    bob.call("say lobby hi alice");
    alice.screen.awaitContains("[12:04] [lobby] bob: hi alice");
  }

  /** {@code <1>}, {@code <2>}, ...: chat texts that no other one contains. */
  private static String said(int i) {
    return "<" + i + ">";
  }

  /** Each of {@code texts} is on the screen exactly once, in this order. */
  private static void onceInOrder(String screen, List<String> texts) {
    int at = -1;
    for (String text : texts) {
      assertEquals(1, ScreenCapture.count(screen, text), text + " shown once:\n" + screen);
      int here = screen.indexOf(text);
      assertTrue(here > at, text + " after the one before it:\n" + screen);
      at = here;
    }
  }

  private static List<String> saidRange(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(InteractiveSessionTest::said).toList();
  }

  @Test
  void joiningARoomShowsItsLastMessagesMarkedAsHistory() throws IOException {
    LineClient bob = user("bob");
    assertEquals("ok dev", bob.call("join dev"));
    for (int i = 1; i <= 3; i++) {
      assertEquals("ok", bob.call("say dev " + said(i)));
    }
    Session alice = session("alice", null);
    alice.screen.awaitContains("-- you are now alice");
    alice.type("/join dev");
    String screen = alice.screen.awaitContains(said(3));
    onceInOrder(screen, List.of("-- you joined dev; now talking in dev", "[12:04] -- the last messages in dev:"));
    // Each with the time it was said (and its date, not being of the test clock's day), marked.
    assertTrue(Pattern.compile("\\[(\\d\\d-\\d\\d )?\\d\\d:\\d\\d] \\[dev] bob: <1> \\(history\\)").matcher(screen).find(), screen);
    onceInOrder(screen, saidRange(1, 3));
    bob.call("say dev " + said(4));
    screen = alice.screen.awaitContains("[12:04] [dev] bob: <4>");
    onceInOrder(screen, saidRange(1, 4));
  }

  /**
   * The client's connection is taken away while the node (and its history) stays; messages said
   * meanwhile, and a burst racing the resume, are all shown once and in order.
   */
  @Test
  void afterAReconnectEveryMessageSaidMeanwhileIsShownOnceAndInOrder() throws IOException {
    node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0));
    try (CuttableProxy proxy = CuttableProxy.start(node.port())) {
      LineClient bob = user("bob");
      assertEquals("ok dev", bob.call("join dev"));
      session = new Session(proxy.port(), "alice", "dev");
      Session alice = session;
      alice.screen.awaitContains("-- you joined dev; now talking in dev");
      for (int i = 1; i <= 3; i++) {
        assertEquals("ok", bob.call("say dev " + said(i)));
      }
      alice.screen.awaitContains(said(3));

      proxy.cutAndHold();
      alice.screen.awaitContains("-!- connection to 127.0.0.1:" + proxy.port() + " lost; reconnecting in");
      Await.poll(vertx, () -> !bob.call("who dev").contains("alice"), 20); // the node knows she is away
      for (int i = 4; i <= 10; i++) {
        assertEquals("ok", bob.call("say dev " + said(i)));
      }
      proxy.release();
      StringBuilder racing = new StringBuilder();
      for (int i = 11; i <= 40; i++) {
        racing.append("say dev ").append(said(i)).append('\n');
      }
      bob.sendRaw(Buffer.buffer(racing.toString(), "UTF-8"));
      assertTrue(bob.replies(30).stream().allMatch("ok"::equals));

      alice.screen.awaitContains(said(40));
      alice.type("/ping"); // answered after every history request sent before it
      String screen = alice.screen.awaitContains("-- pong");
      assertTrue(screen.contains("-- what was said in dev while you were away:"), screen);
      assertTrue(screen.contains("[dev] bob: <4> (missed)"), screen);
      onceInOrder(screen, saidRange(1, 40));
    }
  }

  /**
   * A {@code lost} notice, with the wiring of the session: a scripted node (provoking real loss
   * takes megabytes through the node's socket buffers, see HistoryProtocolNodeTest) drops 4 and 5,
   * delivers 6, names 4-5 lost, and sends 7 live while the client's history request is answered.
   */
  @Test
  void aLostRangeIsFetchedAndShownOnceWithLaterMessagesAfterIt() throws IOException {
    String t = "2026-11-24T12:01:00.000Z";
    Map<String, String> answers = Map.of(
        "cap tags history", "ok tags history",
        "nick alice", "ok alice",
        "join dev", "ok dev",
        "history dev latest 20", "hist dev 1 " + t + " bob <1>\nhist dev 2 " + t + " bob <2>\nok count=2 latest=2\n"
            + "@seq=3;time=" + t + " msg dev bob <3>\n@seq=6;time=" + t + " msg dev bob <6>\nlost dev 4-5",
        "history dev after 3 2", "@seq=7;time=" + t + " msg dev bob <7>\nhist dev 4 " + t + " bob <4>\nhist dev 5 " + t
            + " bob <5>\nhist dev 6 " + t + " bob <6>\nok count=2 latest=7",
        "ping", "ok pong");
    NetServer fake = Await.await(vertx.createNetServer().connectHandler(socket -> {
      socket.write("hello guest-1 version=1.1 node=n1 lobby= caps=tags,history history_max=100 epoch=e1\n");
      socket.handler(RecordParser.newDelimited("\n", line -> {
        if (line.length() == 0) {
          return; // the client's probe for a TLS port: empty lines, which a node ignores
        }
        String answer = answers.getOrDefault(line.toString(), "err unknown_command " + line);
        socket.write(answer + "\n");
      }));
    }).listen(0, "127.0.0.1"));
    session = new Session(fake.actualPort(), "alice", "dev");
    Session alice = session;
    alice.screen.awaitContains("-!- messages 4-5 of dev did not reach you (the connection was too slow); fetching them");
    alice.screen.awaitContains(said(7));
    alice.type("/ping");
    String screen = alice.screen.awaitContains("-- pong");
    onceInOrder(screen, List.of("<1>", "<2>", "<3>", "<6>", "did not reach you", "<4>", "<5>", "<7>"));
    assertTrue(screen.contains("[12:01] [dev] bob: <4> (missed)"), screen);
    assertTrue(screen.contains("[12:04] [dev] bob: <7>"), screen);
  }

  /** A node without history offers only tags: the client asks for nothing and behaves as with version 1. */
  @Test
  void againstANodeWithoutHistoryTheClientBehavesAsBefore() throws IOException {
    node = TestNodes.start(vertx, new JsonObject().put("history.enabled", false));
    LineClient bob = user("bob");
    assertEquals("ok dev", bob.call("join dev"));
    assertEquals("ok", bob.call("say dev " + said(1)));
    Session alice = session("alice", null);
    alice.screen.awaitContains("-- you are now alice");
    alice.type("/join dev");
    alice.screen.awaitContains("-- you joined dev; now talking in dev");
    assertEquals("ok", bob.call("say dev " + said(2)));
    String screen = alice.screen.awaitContains("[12:04] [dev] bob: <2>");
    alice.type("/history");
    screen = alice.screen.awaitContains("! history: this node keeps no history (bad_args)");
    assertFalse(screen.contains(said(1)), "nothing said before the join is shown: " + screen);
    assertFalse(screen.contains("the last messages"), screen);
  }

  @Test
  void aHalfTypedLineSurvivesIncomingMessages() throws IOException {
    LineClient bob = user("bob");
    session = new Session(node.port(), "alice", null, true);
    Session alice = session;
    alice.screen.awaitContains("-- you are now alice");
    alice.keyboard.write("hal".getBytes(StandardCharsets.UTF_8));
    alice.keyboard.flush();
    alice.screen.awaitContains("alice@lobby> hal");
    bob.call("say lobby interruption one");
    bob.call("say lobby interruption two");
    String screen = alice.screen.await(text -> text.contains("interruption two") && text.endsWith("alice@lobby> hal"),
        "the prompt and the typed text redrawn below the incoming lines");
    assertTrue(screen.contains("[12:04] [lobby] bob: interruption two\r\nalice@lobby> hal"), screen);
    alice.type("f done");
    assertEquals("msg lobby alice half done", bob.pushMatching(p -> p.startsWith("msg ")));
  }

  @Test
  void joinMsgNickAndRoomSwitching() throws IOException {
    LineClient bob = user("bob");
    assertEquals("ok dev", bob.call("join dev"));
    Session alice = session("alice", null);
    alice.screen.awaitContains("-- you are now alice");

    alice.type("/join dev");
    alice.screen.awaitContains("-- you joined dev; now talking in dev");
    assertEquals("joined dev alice", bob.pushMatching(p -> p.startsWith("joined dev")));
    alice.type("in dev now");
    assertEquals("msg dev alice in dev now", bob.pushMatching(p -> p.startsWith("msg ")));

    alice.type("/msg bob psst  two spaces");
    assertEquals("dm alice psst  two spaces", bob.pushMatching(p -> p.startsWith("dm ")));
    alice.screen.awaitContains("-> *bob* psst  two spaces");
    bob.call("msg alice back at you");
    alice.screen.awaitContains("[12:04] *bob* back at you");

    alice.type("/nick no.way");
    alice.screen.awaitContains("! nick: 'no.way' is not a valid name");
    alice.type("/nick carol");
    alice.screen.awaitContains("-- you are now carol");
    assertEquals("renamed alice carol", bob.pushMatching(p -> p.startsWith("renamed ")));

    alice.type("/room lobby");
    alice.screen.awaitContains("-!- now talking in lobby");
    alice.type("back in the lobby");
    assertEquals("msg lobby carol back in the lobby", bob.pushMatching(p -> p.startsWith("msg ")));
    alice.type("/who dev");
    alice.screen.awaitContains("-- in dev: bob carol");
  }

  @Test
  void escapeSequencesFromTheNetworkNeverReachTheTerminal() throws IOException {
    // A node that breaks the contract (a real one refuses control characters with bad_text):
    // the client must defend itself all the same.
    String hostile = "msg lobby mallory \u001b[2J\u001b]0;pwned\u0007evil\u009b31m \u202Eend";
    NetServer fake = Await.await(vertx.createNetServer()
        .connectHandler(socket -> socket.write("hello guest-1 version=1 lobby=lobby\n" + hostile + "\n"))
        .listen(0, "127.0.0.1"));
    session = new Session(fake.actualPort(), null, null);
    String screen = session.screen.awaitContains("evil");
    screen = session.screen.awaitContains("end");
    assertTrue(screen.contains("[lobby] mallory: ^[[2J^[]0;pwned^Gevil\\x9b31m \uFFFDend"), screen);
    assertFalse(screen.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b || c == 0x202E),
        "no raw control character on the screen: " + screen);
  }

  @Test
  void reconnectRestoresNickAndRoomsAfterTheNodeRestarts() throws IOException {
    // The node runs in a Vert.x of its own, closed and created anew: a process that restarts.
    Vertx first = Vertx.vertx();
    node = TestNodes.start(first);
    int port = node.port();
    Session alice = session("alice", "dev");
    alice.screen.awaitContains("-- you joined dev; now talking in dev");

    Await.await(first.close());
    alice.screen.awaitContains("-!- connection to 127.0.0.1:" + port + " lost; reconnecting in");
    Vertx second = Vertx.vertx();
    restarted = second;
    node = TestNodes.start(second, new JsonObject().put("port", port));

    alice.screen.awaitContains("-!- reconnected to 127.0.0.1:" + port);
    alice.screen.awaitCount("-- you joined dev; now talking in dev", 2);
    // A single node that restarts has lost its history, and numbers its messages anew: said so.
    alice.screen.awaitContains("-!- the node's history was reset (it restarted): what was said in dev while you were away is lost");
    LineClient bob = LineClient.connect(vertx, port);
    assertEquals("ok alice", bob.call("who dev"));
    assertTrue(bob.call("who lobby").contains("alice"), "the lobby, given by the node, is kept too");
    assertEquals("ok dev", bob.call("join dev"));
    alice.type("still in dev");
    assertEquals("msg dev alice still in dev", bob.pushMatching(p -> p.startsWith("msg ")));
  }

  @Test
  void aNicknameStillHeldForTheLostConnectionIsAskedForAgain() throws IOException {
    int port = node.port();
    Session alice = session("alice", null);
    alice.screen.awaitContains("-- you are now alice");
    // A node that stops leaves its users for the cluster to remove (a survivor's reaper does it
    // once the node has left), so a quick reconnection finds the nickname still taken.
    Await.await(node.stop());
    node = TestNodes.start(vertx, new JsonObject().put("port", port));
    alice.screen.awaitContains("! nick: nickname alice is taken (nick_taken)");
    alice.screen.awaitContains("-!- alice may still be held by your previous connection; asking again in");
    Await.await(UserDirectory.open(vertx).compose(directory -> directory.release("alice"))); // the reaper's work
    alice.screen.awaitCount("-- you are now alice", 2);
    LineClient bob = user("bob");
    assertTrue(bob.call("who lobby").contains("alice"), "alice has her nickname back");
  }

  @Test
  void aReaderWhoTypesNothingIsNotDisconnectedAsIdle(Vertx vertx) throws IOException {
    node = TestNodes.start(vertx, new JsonObject().put("limits.idleTimeoutSeconds", 2));
    Session alice = new Session(node.port(), "alice", null);
    session = alice;
    alice.screen.awaitContains("-- you are now alice");
    LineClient idle = LineClient.connect(vertx, node.port());
    // The silent client being dropped proves that an idle period has passed for alice too.
    assertEquals("bye idle_timeout", idle.pushMatching(p -> p.startsWith("bye ")));
    LineClient bob = user("bob");
    assertTrue(bob.call("who lobby").contains("alice"), "alice is still connected");
    assertFalse(alice.screen.text().contains("lost"), alice.screen.text());
    assertFalse(alice.screen.text().contains("pong"), "keepalive replies are not shown");
  }

  @Test
  void endOfInputLeavesCleanly() throws Exception {
    LineClient bob = user("bob");
    Session alice = session("alice", null);
    alice.screen.awaitContains("-- you are now alice");
    alice.keyboard.close(); // Ctrl-D on an empty line is end of input
    assertEquals(0, alice.exit.get(20, TimeUnit.SECONDS));
    assertEquals("left lobby alice", bob.pushMatching(p -> p.startsWith("left ")));
    session = null;
  }

  @Test
  void slashQuitLeaves() throws Exception {
    Session alice = session(null, null);
    alice.screen.awaitContains("-- connected to node");
    alice.type("/quit see you");
    assertEquals(0, alice.exit.get(20, TimeUnit.SECONDS));
    alice.screen.awaitContains("-- bye");
    session = null;
  }

  @Test
  void cannotConnectExitsWithTwo() throws Exception {
    int port = node.port();
    Await.await(node.stop());
    Session alice = new Session(port, null, null);
    assertEquals(2, alice.exit.get(20, TimeUnit.SECONDS));
    alice.screen.awaitContains("chatnode: cannot connect to 127.0.0.1:" + port);
  }

  /** Nobody held the name for us: it is someone else's, said at once, and the guest name is kept. */
  @Test
  void aNicknameTakenOnTheFirstConnectionIsSaidAtOnceWithoutRetries() throws IOException {
    LineClient bob = user("alice");
    Session alice = session("alice", null);
    String screen = alice.screen.awaitContains("-!- alice is taken; you stay guest-");
    assertFalse(screen.contains("may still be held"), screen);
    alice.type("/who");
    String who = alice.screen.awaitContains("-- in lobby: ");
    assertTrue(who.contains("alice") && who.contains("guest-"), who);
    assertFalse(alice.screen.text().contains("asking again"), alice.screen.text());
    bob.call("ping");
  }

  /** A login typed through /raw carries a password: it is not kept, and the history is its owner's alone. */
  @Test
  void theHistoryKeepsNoPasswordAndIsPrivate(@TempDir Path home) throws Exception {
    Path history = home.resolve(".chatnode_history");
    PrivateHistory.prepare(history);
    session = new Session(node.port(), null, null, false, history);
    Session alice = session;
    alice.screen.awaitContains("-- connected to node");
    alice.type("/raw auth alice s3cret");
    alice.type("/echo kept");
    alice.screen.awaitContains("-- echo: kept");
    alice.type("/quit");
    assertEquals(0, alice.exit.get(20, TimeUnit.SECONDS));
    session = null;
    String kept = Files.readString(history);
    assertTrue(kept.contains("/echo kept"), kept);
    assertFalse(kept.contains("s3cret"), kept);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
  }

  @Test
  void aPlainSessionOnATlsPortExitsWithTwoAndSaysTryTls(@TempDir Path dir) throws Exception {
    io.chatnode.testing.TestCerts.Pair cert = io.chatnode.testing.TestCerts.selfSigned(dir, "server", "localhost");
    ChatNode tlsNode = TestNodes.start(vertx, new JsonObject().put("plain.enabled", false).put("tls.enabled", true)
        .put("tls.port", 0).put("tls.cert", cert.cert().toString()).put("tls.key", cert.key().toString()));
    Session alice = new Session(tlsNode.tlsPort(), null, null);
    assertEquals(2, alice.exit.get(20, TimeUnit.SECONDS));
    alice.screen.awaitContains("closed the connection without a greeting: it looks like a TLS port; try --tls");
  }
}
