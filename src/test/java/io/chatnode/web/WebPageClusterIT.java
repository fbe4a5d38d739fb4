package io.chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.NodeProcesses;
import io.chatnode.testing.TestClusters;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page on node A of a two-node cluster of node processes (from the packaged jar, on
 * loopback), and people on node B: the bundled terminal client talks with the page both ways, and
 * node A is stopped (SIGTERM, then SIGKILL) and started again under the open page. Room history
 * lives on Hazelcast with a backup, so what B's user said while A was away is still there when the
 * page comes back, and the page shows each of those messages once, in order, after the ones it
 * already had.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageClusterIT {

  @TempDir
  static Path profile;

  static final String clusterName = TestClusters.newClusterName();
  static final int clusterPort = TestClusters.newClusterPort();
  static final int portA = NodeProcesses.freePort();
  static final int webPortA = NodeProcesses.freePort();
  static final int portB = NodeProcesses.freePort();
  static NodeProcesses nodes;
  static Process nodeA;
  static Vertx vertx;
  static ChromeDriver browser;

  @BeforeAll
  static void startClusterAndBrowser() throws IOException {
    Assumptions.assumeTrue(Chromium.available(), "no Chromium: the browser tests are skipped");
    vertx = Vertx.vertx();
    nodes = new NodeProcesses();
    nodeA = startNode("web-a", portA, webPortA, clusterPort);
    startNode("web-b", portB, 0, clusterPort + 1);
    awaitNode(portA, 2);
    awaitNode(portB, 2);
    browser = Chromium.start(profile);
  }

  @AfterAll
  static void stopAll() {
    if (browser != null) {
      browser.quit();
    }
    if (nodes != null) {
      nodes.destroyAll();
    }
    if (vertx != null) {
      Await.await(vertx.close());
    }
  }

  @AfterEach
  void blankTab() {
    if (browser.getCurrentUrl().startsWith("http")) {
      browser.executeScript("sessionStorage.clear()");
    }
    browser.get("about:blank");
  }

  /** A node process; members listed explicitly, each node's cluster port its own. */
  private static Process startNode(String name, int port, int webPort, int ownClusterPort) throws IOException {
    return nodes.start(name, List.of("-Xmx256m"), List.of("node", "--cluster"), Map.of(
        "CHATNODE_PORT", Integer.toString(port),
        "CHATNODE_HOST", "127.0.0.1",
        "CHATNODE_HTTP_PORT", "0",
        "CHATNODE_WEB_PORT", Integer.toString(webPort),
        "CHATNODE_CLUSTER_NAME", clusterName,
        "CHATNODE_CLUSTER_PORT", Integer.toString(ownClusterPort),
        "CHATNODE_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort + ",127.0.0.1:" + (clusterPort + 1),
        "CHATNODE_CLUSTER_FAILUREDETECTIONSECONDS", "4",
        "CHATNODE_CLUSTER_SWEEPSECONDS", "1",
        "CHATNODE_SERVER_INSTANCES", "1"));
  }

  /** Waits until the node accepts connections and sees {@code members} nodes. */
  private static void awaitNode(int port, int members) {
    nodes.awaitMembers(vertx, port, members);
  }


  private static ChatPage openOnA(String nick, String room) {
    ChatPage page = ChatPage.open(browser, vertx, "http://127.0.0.1:" + webPortA + "/");
    page.setNick(nick);
    page.joinRoom(room);
    return page;
  }

  // ---- the tests ------------------------------------------------------------------------------

  @Test
  @Order(1)
  void thePageOnNodeAAndTheTerminalClientOnNodeBTalkInOneRoomBothWays() throws Exception {
    ChatPage pia = openOnA("pia", "garden");
    try (TerminalClient ted = TerminalClient.start(portB, "terminal-ted", List.of("--nick", "ted", "--room", "garden"))) {
      pia.waitFor(() -> pia.members().contains("ted"), "ted (on node B) in the member list", 30);

      pia.type("hello ted, from a browser on node A");
      JsonObject heard = ted.next(l -> l.getString("type").equals("msg"), 20);
      // protocol 1.1: the client's JSON carries the message's number and time
      assertTrue(heard.getString("seq", "").matches("[1-9][0-9]*"), heard.encode());
      assertTrue(heard.getString("time", "").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), heard.encode());
      JsonObject untagged = heard.copy();
      untagged.remove("seq");
      untagged.remove("time");
      assertEquals(new JsonObject().put("type", "msg").put("room", "garden").put("from", "pia")
          .put("text", "hello ted, from a browser on node A"), untagged);

      ted.send("say garden hello pia, from a terminal on node B");
      pia.waitFor(() -> pia.messages().contains("ted: hello pia, from a terminal on node B"), "ted's message");
      assertEquals(List.of("pia: hello ted, from a browser on node A", "ted: hello pia, from a terminal on node B"),
          pia.messages());

      pia.type("/msg ted and privately");
      JsonObject dm = ted.next(l -> l.getString("type").equals("dm"), 20);
      assertTrue(dm.getString("time", "").endsWith("Z"), dm.encode());
      dm.remove("time");
      assertEquals(new JsonObject().put("type", "dm").put("from", "pia").put("text", "and privately"), dm);
      ted.send("msg pia likewise");
      pia.waitFor(() -> pia.roomNames().contains("@ ted"), "the private conversation with ted");
      assertEquals(0, ted.finish(), "every request of the terminal client was answered ok");
    }
  }

  @Test
  @Order(2)
  void nodeAStoppedAndStartedUnderTheOpenPageMissedMessagesAppearOnceInOrder() throws Exception {
    restartUnderOpenPage("hal", "porch", false);
  }

  @Test
  @Order(3)
  void nodeAKilledAndStartedUnderTheOpenPageMissedMessagesAppearOnceInOrder() throws Exception {
    restartUnderOpenPage("kit", "deck", true);
  }

  /**
   * The page on A and a TCP user on B talk; A goes away ({@code kill}: SIGKILL, else SIGTERM);
   * B's user says 20 messages; A starts again on the same ports. The page shows every message
   * exactly once, in the order said, and says it is connected again.
   */
  private void restartUnderOpenPage(String nick, String room, boolean kill) throws Exception {
    ChatPage page = openOnA(nick, room);
    LineClient bo = LineClient.connect(vertx, portB);
    assertEquals("ok bo", bo.call("nick bo"));
    assertEquals("ok " + room, bo.call("join " + room));
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      assertEquals("ok", bo.call("say " + room + " before " + i));
      expected.add("bo: before " + i);
    }
    page.waitFor(() -> page.messages().equals(expected), "the messages before the restart");
    page.type("and one from me");
    expected.add(nick + ": and one from me");
    bo.pushMatching(("msg " + room + " " + nick + " and one from me")::equals);

    long stoppedAt = System.nanoTime();
    if (kill) {
      nodeA.destroyForcibly();
    } else {
      nodeA.destroy();
    }
    assertTrue(nodeA.waitFor(60, TimeUnit.SECONDS), "node A exits");
    page.waitFor(() -> page.status().contains("reconnecting in"), "reconnecting");
    // B lets A's user go (at once after SIGTERM; after the failure detection after SIGKILL), as
    // an operator's restart of a killed node would find it.
    bo.pushMatching(("left " + room + " " + nick)::equals);
    for (int i = 1; i <= 20; i++) {
      assertEquals("ok", bo.call("say " + room + " while away " + i));
      expected.add("bo: while away " + i);
    }

    nodeA = startNode(kill ? "web-a-after-kill" : "web-a-after-term", portA, webPortA, clusterPort);
    awaitNode(portA, 2);
    long upAgainAt = System.nanoTime();
    page.waitFor(() -> page.status().equals("connected as " + nick), "connected again as " + nick, 60);
    page.waitFor(() -> page.messages().size() >= expected.size(), "the messages said while A was away");
    long now = System.nanoTime();
    assertEquals(expected, page.messages(), "every message once, in order");
    System.out.printf("MEASURED web page: node A %s and started again; the page connected and filled in 20 missed "
        + "messages %d ms after the signal, %d ms after A was in the cluster again (the page's backoff)%n",
        kill ? "SIGKILL" : "SIGTERM", TimeUnit.NANOSECONDS.toMillis(now - stoppedAt),
        TimeUnit.NANOSECONDS.toMillis(now - upAgainAt));

    assertEquals(List.of("# lobby", "# " + room), page.roomNames());
    assertEquals("", page.byLabel("Message").getAttribute("value"),
        "the line node A took just before it went is not left in the composer, even if its ok was lost");
    assertEquals("ok", bo.call("say " + room + " after " + (kill ? "the kill" : "the stop")));
    expected.add("bo: after " + (kill ? "the kill" : "the stop"));
    page.waitFor(() -> page.messages().size() >= expected.size(), "chat after the restart");
    assertEquals(expected, page.messages());
    page.type("glad to be back");
    page.waitFor(() -> page.messages().contains(nick + ": glad to be back"), "its own line, taken by node A");
    try {
      bo.pushMatching(("msg " + room + " " + nick + " glad to be back")::equals);
    } catch (AssertionError e) {
      throw new AssertionError("bo on node B did not hear the page's line; " + historyOnB(room), e);
    }
    bo.close();
  }

  /** What node B's history holds last for the room, to tell a lost message from an undelivered one. */
  private static String historyOnB(String room) {
    LineClient probe = LineClient.connect(vertx, portB);
    String cap = probe.call("cap history");
    String reply = probe.call("history " + room + " latest 3");
    String said = "B's history: " + cap + " / " + probe.pendingPushes() + " " + reply;
    probe.close();
    return said;
  }
}
