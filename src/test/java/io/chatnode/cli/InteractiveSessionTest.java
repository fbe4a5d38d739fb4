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
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.Size;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
          new Backoff(100, 400), null);
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
}
