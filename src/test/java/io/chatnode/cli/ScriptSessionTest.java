package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scriptable client ({@code -c} and lines on stdin) against a real node. */
@ExtendWith(VertxExtension.class)
class ScriptSessionTest {

  private Vertx vertx;
  private ChatNode node;
  private final ScreenCapture out = new ScreenCapture();
  private final ScreenCapture err = new ScreenCapture();

  @BeforeEach
  void startNode(Vertx vertx) {
    this.vertx = vertx;
    this.node = TestNodes.start(vertx);
  }

  private ScriptSession session(int port, List<String> setup, boolean json) {
    return new ScriptSession(vertx, new HostPort("127.0.0.1", port), NodeLink.defaultOptions(), setup, json,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private ScriptSession session() {
    return session(node.port(), List.of(), false);
  }

  private static InputStream lines(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> outLines() {
    return out.text().lines().toList();
  }

  @Test
  void commandPrintsTheResultAndExitsZero() {
    assertEquals(0, session().runCommand("get_time"));
    assertTrue(out.text().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\n"), out.text());
    assertEquals("", err.text());
  }

  @Test
  void commandErrExitsOneWithTheMessageOnStderr() {
    assertEquals(1, session().runCommand("calculate_sum 1 x"));
    assertEquals("", out.text());
    assertEquals("chatnode: bad_args: operand 2 'x' is not a decimal number\n", err.text());
  }

  @Test
  void commandExitsTwoWhenNothingListens() throws IOException {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      freePort = probe.getLocalPort();
    }
    assertEquals(2, session(freePort, List.of(), false).runCommand("get_time"));
    assertTrue(err.text().startsWith("chatnode: cannot connect to 127.0.0.1:" + freePort), err.text());
    assertEquals("", out.text());
  }

  @Test
  void commandRunsAfterTheNickAndRoomSetup() {
    assertEquals(0, session(node.port(), List.of("nick alice", "join dev"), false).runCommand("who dev"));
    assertEquals("alice\n", out.text());
  }

  @Test
  void commandWithJsonPrintsTheReplyObject() {
    assertEquals(1, session(node.port(), List.of(), true).runCommand("nick no.way"));
    assertEquals("{\"type\":\"err\",\"code\":\"bad_name\",\"message\":\"'no.way' is not a valid name: "
        + "1 to 32 characters of A-Z a-z 0-9 _ -\"}\n", out.text());
  }

  @Test
  void everyPipelinedReplyComesInOrderAndTheLastIsNotLost() {
    // Far more lines than the in-flight window, and no LF after the last line.
    StringBuilder input = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      input.append("echo ").append(i).append('\n');
      expected.add("ok " + i);
    }
    input.append("   \n"); // only spaces: the node ignores it, so must the reply count
    input.append("calculate_sum 0.1 0.2");
    expected.add("ok 0.3");
    assertEquals(0, session().runLines(lines(input.toString())));
    assertEquals(expected, outLines());
  }

  @Test
  void anErrReplyMakesTheExitCodeOne() {
    assertEquals(1, session().runLines(lines("echo a\nfrobnicate\r\necho b\n")));
    assertEquals(List.of("ok a", "err unknown_command unknown command 'frobnicate'; try help", "ok b"), outLines());
  }

  @Test
  void pushesArePrintedInArrivalOrderBetweenReplies() throws Exception {
    LineClient bob = LineClient.connect(vertx, node.port());
    bob.call("nick bob");
    bob.call("join dev");
    PipedOutputStream stdin = new PipedOutputStream();
    PipedInputStream piped = new PipedInputStream(stdin);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> session().runLines(piped),
        runnable -> new Thread(runnable, "test-script").start());
    stdin.write("nick alice\njoin dev\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    bob.pushMatching(p -> p.equals("joined dev alice"));
    bob.call("say dev hello alice");
    out.awaitContains("msg dev bob hello alice");
    stdin.write("ping\n".getBytes(StandardCharsets.UTF_8));
    stdin.close();
    assertEquals(0, exit.get(20, TimeUnit.SECONDS));
    assertEquals(List.of("ok alice", "ok dev", "msg dev bob hello alice", "ok pong"), outLines());
  }

  @Test
  void jsonPrintsEveryServerLineAsAnObject() {
    assertEquals(0, session(node.port(), List.of(), true).runLines(lines("echo a  b\nwho lobby\n")));
    List<String> printed = outLines();
    assertEquals("{\"type\":\"ok\",\"result\":\"a  b\"}", printed.get(0));
    assertTrue(printed.get(1).matches("\\{\"type\":\"ok\",\"result\":\"guest-[0-9a-z]{6}\"}"), printed.get(1));
    assertEquals(2, printed.size());
  }

  /** Against a protocol 1.1 node, --json turns tags on: room messages carry seq and time, dms time. */
  @Test
  void jsonCarriesSeqAndTimeOfMessagesAndTimeOfDms() throws Exception {
    LineClient bob = LineClient.connect(vertx, node.port());
    bob.call("nick bob");
    bob.call("join dev");
    PipedOutputStream stdin = new PipedOutputStream();
    PipedInputStream piped = new PipedInputStream(stdin);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> session(node.port(), List.of("nick alice", "join dev"), true).runLines(piped),
        runnable -> new Thread(runnable, "test-script").start());
    bob.pushMatching(p -> p.equals("joined dev alice"));
    bob.call("say dev hello  alice");
    bob.call("msg alice psst");
    String time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
    out.awaitContains("psst");
    stdin.write("history dev\n".getBytes(StandardCharsets.UTF_8));
    stdin.close();
    assertEquals(0, exit.get(20, TimeUnit.SECONDS));
    List<String> printed = outLines();
    assertTrue(printed.get(0).matches("\\{\"type\":\"msg\",\"seq\":\"(\\d+)\",\"time\":\"" + time
        + "\",\"room\":\"dev\",\"from\":\"bob\",\"text\":\"hello  alice\"}"), printed.get(0));
    assertTrue(printed.get(1).matches("\\{\"type\":\"dm\",\"time\":\"" + time + "\",\"from\":\"bob\",\"text\":\"psst\"}"),
        printed.get(1));
    String seq = new io.vertx.core.json.JsonObject(printed.get(0)).getString("seq");
    io.vertx.core.json.JsonObject hist = new io.vertx.core.json.JsonObject(printed.get(2));
    assertEquals("hist", hist.getString("type"));
    assertEquals(seq, hist.getString("seq"), "the same number in history as live");
    assertEquals(new io.vertx.core.json.JsonObject(printed.get(0)).getString("time"), hist.getString("time"));
    assertEquals("{\"type\":\"ok\",\"result\":\"count=1 latest=" + seq + "\"}", printed.get(3));
    assertEquals(4, printed.size(), printed.toString());
  }

  /** Plain text output is version 1's: no tag words, even against a 1.1 node. */
  @Test
  void textOutputCarriesNoTags() throws Exception {
    LineClient bob = LineClient.connect(vertx, node.port());
    bob.call("nick bob");
    PipedOutputStream stdin = new PipedOutputStream();
    PipedInputStream piped = new PipedInputStream(stdin);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
        () -> session(node.port(), List.of("nick alice"), false).runLines(piped),
        runnable -> new Thread(runnable, "test-script").start());
    Await.poll(vertx, () -> bob.call("who lobby").contains("alice"), 20);
    bob.call("say lobby plain");
    out.awaitContains("plain");
    stdin.close();
    assertEquals(0, exit.get(20, TimeUnit.SECONDS));
    assertEquals(List.of("msg lobby bob plain"), outLines());
  }

  @Test
  void chatLinesArePacedToTheAdvertisedRateInsteadOfRefused() {
    ChatNode strict = TestNodes.start(vertx, new io.vertx.core.json.JsonObject()
        .put("limits.chatRate", 10).put("limits.chatBurst", 12));
    StringBuilder input = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      input.append("say lobby line ").append(i).append('\n');
      expected.add("ok");
    }
    long start = System.nanoTime();
    assertEquals(0, session(strict.port(), List.of(), false).runLines(lines(input.toString())), err.text());
    assertEquals(expected, outLines());
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // 9 at once (the node's 12 less a quarter in hand), then 5 at 10 per second.
    assertTrue(tookMs >= 450, "14 lines take about half a second, took " + tookMs);
  }

  @Test
  void quitEndsTheScriptCleanly() {
    assertEquals(0, session().runLines(lines("echo a\nquit done\n")));
    assertEquals(List.of("ok a", "ok bye"), outLines());
  }

  @Test
  void losingTheNodeBeforeTheRepliesExitsTwo() throws Exception {
    PipedOutputStream stdin = new PipedOutputStream();
    PipedInputStream piped = new PipedInputStream(stdin);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> session().runLines(piped),
        runnable -> new Thread(runnable, "test-script").start());
    stdin.write("echo a\n".getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    out.awaitContains("ok a");
    Await.await(node.stop());
    assertEquals(2, exit.get(20, TimeUnit.SECONDS));
    assertTrue(err.text().contains("chatnode: the node closed the connection before the input ended"), err.text());
    stdin.close();
  }
}
