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
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every limit and kind of bad input, at its boundary, against a real node. */
@ExtendWith(VertxExtension.class)
class LimitsTest {

  private static LineClient client(Vertx vertx, ChatNode node) {
    return LineClient.connect(vertx, node.port());
  }

  @Test
  void lineLengthLimitIsExactAndTheConnectionStaysUsable(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient c = client(vertx, node);
    String atLimit = "echo " + "x".repeat(4096 - 5);
    assertEquals("ok " + "x".repeat(4091), c.call(atLimit));
    assertEquals("ok " + "x".repeat(4091), c.call(atLimit + "\r"), "a CR before the LF does not count");
    assertEquals("err line_too_long line longer than 4096 bytes; discarded", c.call(atLimit + "y"));
    assertEquals("ok pong", c.call("ping"));
  }

  @Test
  void aHugeLineIsAnsweredOnceAndSkippedChunkByChunk(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.maxLineBytes", 64));
    LineClient c = client(vertx, node);
    c.sendRaw(Buffer.buffer("echo "));
    for (int i = 0; i < 256; i++) {
      c.sendRaw(Buffer.buffer("z".repeat(4096)));
    }
    c.send("tail of the long line");
    assertEquals("err line_too_long line longer than 64 bytes; discarded", c.reply());
    assertEquals("ok pong", c.call("ping"), "exactly one error, then the connection works");
  }

  @Test
  void invalidUtf8IsRefusedAndTheConnectionStaysUsable(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient c = client(vertx, node);
    c.sendRaw(new byte[] {'e', 'c', 'h', 'o', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
    assertEquals("err bad_encoding line is not valid UTF-8", c.reply());
    c.sendRaw(new byte[] {'e', 'c', 'h', 'o', ' ', (byte) 0xC0, (byte) 0xAF, '\n'}); // overlong '/'
    assertEquals("err bad_encoding line is not valid UTF-8", c.reply());
    assertEquals("ok é", c.call("echo é"));
  }

  @Test
  void controlCharactersNeverReachOtherUsers(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient alice = client(vertx, node);
    LineClient bob = client(vertx, node);
    bob.call("nick bob");
    String refused = "err bad_text text must not contain control characters";
    assertEquals(refused, alice.call("say lobby clear\u001b[2J"));
    assertEquals(refused, alice.call("say lobby bell\u0007"));
    assertEquals(refused, alice.call("say lobby del\u007f"));
    assertEquals(refused, alice.call("say lobby c1\u0085"));
    assertEquals(refused, alice.call("msg bob cr\rinjected"));
    assertEquals("ok", alice.call("say lobby tab\tis fine"));
    assertEquals("msg lobby " + alice.guestNick() + " tab\tis fine", bob.pushMatching(p -> p.startsWith("msg ")));
  }

  @Test
  void chatFloodControlAllowsTheBurstThenSaysWhenToRetry(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 2).put("limits.chatBurst", 5));
    LineClient c = client(vertx, node);
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      burst.append("say lobby line ").append(i).append('\n');
    }
    c.sendRaw(Buffer.buffer(burst.toString()));
    List<String> replies = c.replies(6);
    assertEquals(List.of("ok", "ok", "ok", "ok", "ok"), replies.subList(0, 5));
    Matcher m = Pattern.compile("err rate_limited retry_after_ms=(\\d+) at most 2 chat lines per second, 5 at once")
        .matcher(replies.get(5));
    assertTrue(m.matches(), replies.get(5));
    long retryAfter = Long.parseLong(m.group(1));
    assertTrue(retryAfter > 0 && retryAfter <= 500, "one token takes at most 500 ms at 2/s: " + retryAfter);
    assertEquals("ok pong", c.call("ping"), "other commands are not rate limited");
  }

  @Test
  void flooControlOffWithRateZero(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0).put("limits.chatBurst", 1));
    LineClient c = client(vertx, node);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      lines.append("say lobby ").append(i).append('\n');
    }
    c.sendRaw(Buffer.buffer(lines.toString()));
    assertTrue(c.replies(500).stream().allMatch("ok"::equals));
  }

  @Test
  void calculateSumLimitsAtTheirBoundaries(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx,
        new JsonObject().put("limits.sumMaxOperands", 3).put("limits.sumMaxDigits", 5));
    LineClient c = client(vertx, node);
    assertEquals("ok 6", c.call("calculate_sum 1 2 3"));
    assertEquals("err too_large calculate_sum takes at most 3 operands, got 4", c.call("calculate_sum 1 2 3 4"));
    assertEquals("ok 123.45", c.call("calculate_sum 123.45"));
    assertEquals("err too_large operand 1 has more than 5 digits", c.call("calculate_sum 123.456"));
  }

  @Test
  void roomsPerConnectionAreLimited(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.maxRoomsPerConnection", 2));
    LineClient c = client(vertx, node);
    assertEquals("ok a", c.call("join a"), "lobby and a: two rooms");
    assertEquals("err too_many_rooms a connection may be in at most 2 rooms", c.call("join b"));
    assertEquals("ok lobby", c.call("leave lobby"));
    assertEquals("ok b", c.call("join b"));
  }

  /**
   * A member that stops reading is dropped as a slow consumer once its outbound queue fills,
   * while the sender and new clients keep being served. The slow member is a plain blocking
   * socket that never reads, with a small receive buffer so that it fills after kilobytes.
   */
  @Test
  void aSlowConsumerIsDroppedAndTheRoomGoesOn(Vertx vertx) throws Exception {
    ChatNode node = TestNodes.start(vertx, new JsonObject()
        .put("limits.chatRate", 0).put("limits.maxOutboundBytes", 64 * 1024));
    LineClient sender = client(vertx, node);
    sender.call("join flood");
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(8192);
      slow.setSoTimeout(20_000);
      slow.connect(new InetSocketAddress("127.0.0.1", node.port()));
      slow.getOutputStream().write("nick slow\njoin flood\n".getBytes(StandardCharsets.US_ASCII));
      sender.pushMatching("joined flood slow"::equals);

      String text = "y".repeat(1000);
      Buffer burst = Buffer.buffer(("say flood " + text + "\n").repeat(200), "UTF-8");
      boolean dropped = false;
      // Each burst is ~200 KB of pushes for the slow member; 1,000 bursts (200 MB) bound the test.
      for (int round = 0; round < 1000 && !dropped; round++) {
        sender.sendRaw(burst);
        assertTrue(sender.replies(200).stream().allMatch("ok"::equals));
        dropped = sender.pendingPushes().contains("left flood slow");
      }
      assertTrue(dropped, "the slow member was dropped while the room went on");
      assertEquals("ok pong", sender.call("ping"));
      assertEquals("ok pong", client(vertx, node).call("ping"), "the node still accepts and serves");
      assertEquals("ok " + sender.guestNick(), sender.call("who flood"));
      // What the slow member finds when it finally reads: the start of the flood, then the end.
      InputStream in = slow.getInputStream();
      byte[] buffer = new byte[65536];
      while (in.read(buffer) >= 0) {
        // drain until the node's close arrives
      }
    }
  }

  /** A client that pipelines without reading is paused, not dropped, and loses nothing. */
  @Test
  void aPipeliningClientIsThrottledNotKilled(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject()
        .put("limits.maxPendingReplies", 8).put("limits.maxOutboundBytes", 16 * 1024));
    LineClient c = LineClient.connectSmallBuffers(vertx, node.port());
    c.pauseReading();
    // 20 MB of replies: more than loopback's socket buffers can hide, so the outbound queue fills.
    int count = 20_000;
    String padding = "p".repeat(1000);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append("echo ").append(i).append(' ').append(padding).append('\n');
    }
    c.sendRaw(Buffer.buffer(lines.toString(), "UTF-8"));
    // The replies back up: the node stops reading this client instead of buffering without bound.
    Await.until(vertx, () -> node.runtime().readPauses() > 0);
    assertFalse(c.isClosed());
    c.resumeReading();
    for (int i = 0; i < count; i++) {
      assertEquals("ok " + i + " " + padding, c.reply());
    }
    assertEquals("ok pong", c.call("ping"));
  }

  @Test
  void utf8TextIsCountedInBytes(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.maxLineBytes", 16));
    LineClient c = client(vertx, node);
    String fits = "echo " + "é".repeat(5) + "x"; // 5 + 10 + 1 = 16 bytes
    assertEquals(16, fits.getBytes(StandardCharsets.UTF_8).length);
    assertEquals("ok " + "é".repeat(5) + "x", c.call(fits));
    assertEquals("err line_too_long line longer than 16 bytes; discarded", c.call("echo " + "é".repeat(6)));
  }
}
