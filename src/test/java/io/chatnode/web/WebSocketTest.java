package io.chatnode.web;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WebSocket transport without a browser: {@code /ws} is a full chatnode connection, one line
 * per message, with the same greeting, replies, limits and chat as TCP.
 */
@ExtendWith(VertxExtension.class)
class WebSocketTest {

  @Test
  void helloFirstThenOneReplyPerRequestInOrderWhenPipelined(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    WsClient ws = await(WsClient.open(vertx, node.webPort(), null));
    String hello = ws.push();
    assertTrue(hello.matches("hello guest-[a-z0-9]{6} version=1\\.1 node=\\S+ max_line=4096 .*"), hello);
    for (int i = 0; i < 50; i++) {
      ws.send("echo " + i).send("ping p" + i).send("calculate_sum " + i + " 0.5");
    }
    for (int i = 0; i < 50; i++) {
      assertEquals(List.of("ok " + i, "ok pong p" + i, "ok " + i + ".5"), List.of(ws.reply(), ws.reply(), ws.reply()));
    }
    assertEquals("ok  two  spaces ", ws.call("echo  two  spaces "), "text kept exactly, no LF added or taken");
    assertFalse(ws.anyBinary(), "every line from the node is a text message");
  }

  @Test
  void aWebSocketUserAndATcpUserChatBothWays(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    WsClient web = WsClient.connect(vertx, node.webPort());
    LineClient tcp = LineClient.connect(vertx, node.port());
    assertEquals("ok webby", web.call("nick webby"));
    assertEquals("ok tipsy", tcp.call("nick tipsy"));
    assertEquals("renamed " + tcp.guestNick() + " tipsy", web.pushMatching(l -> l.startsWith("renamed ")),
        "a TCP user's rename, seen by the WebSocket user");
    assertEquals("ok", web.call("say lobby hello from the browser"));
    assertEquals("msg lobby webby hello from the browser", tcp.pushMatching(l -> l.startsWith("msg ")));
    assertEquals("ok", tcp.call("say lobby hello from the terminal"));
    assertEquals("msg lobby tipsy hello from the terminal", web.pushMatching(l -> l.startsWith("msg ")));
    assertEquals("ok", tcp.call("msg webby psst"));
    assertEquals("dm tipsy psst", web.pushMatching(l -> l.startsWith("dm ")));
  }

  @Test
  void lineLimitAndEncodingAreTheSameAsOnTcpAndTheSocketStaysOpen(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    WsClient ws = WsClient.connect(vertx, node.webPort());
    String atLimit = "echo " + "x".repeat(4096 - 5);
    assertEquals("ok " + "x".repeat(4091), ws.call(atLimit));
    assertEquals("err line_too_long line longer than 4096 bytes; discarded", ws.call(atLimit + "y"));
    assertEquals("err line_too_long line longer than 4096 bytes; discarded", ws.call("echo " + "z".repeat(500_000)),
        "a message far over the line limit, sent in many frames, is skipped as it comes");
    ws.sendBinary(new byte[] {'e', 'c', 'h', 'o', ' ', (byte) 0xC3, (byte) 0x28});
    assertEquals("err bad_encoding line is not valid UTF-8", ws.reply());
    ws.sendBinary("echo binary is one line".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("ok binary is one line", ws.reply());
    assertEquals("ok pong", ws.call("ping"));
    assertFalse(ws.isClosed());
  }

  @Test
  void aFrameBeyondTheFrameLimitIsRefusedByTheWebSocketLayer(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.maxLineBytes", 64));
    WsClient ws = WsClient.connect(vertx, node.webPort());
    int limit = WebListener.maxFrameBytes(64);
    ws.sendFrame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[limit]), true));
    assertEquals("err line_too_long line longer than 64 bytes; discarded", ws.reply(), "at the frame limit: a long line");
    ws.sendFrame(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[limit + 1]), true));
    ws.awaitClosed(); // over it: closed by the WebSocket layer before it is buffered
  }

  @Test
  void flowControlIsTheSameAsOnTcp(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 1).put("limits.chatBurst", 2));
    WsClient ws = WsClient.connect(vertx, node.webPort());
    assertEquals("ok", ws.call("say lobby one"));
    assertEquals("ok", ws.call("say lobby two"));
    assertTrue(ws.call("say lobby three").startsWith("err rate_limited retry_after_ms="));
  }

  @Test
  void aPageOfAnotherOriginIsRefusedUnlessAllowed(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("web.allowedOrigins", "https://chat.example.com"));
    int port = node.webPort();
    Future<WsClient> foreign = WsClient.open(vertx, port, "https://evil.example");
    Throwable refused = await(foreign.transform(ar -> Future.<Throwable>succeededFuture(ar.cause())));
    UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, refused);
    assertEquals(403, rejected.getStatus());
    assertTrue(await(WsClient.open(vertx, port, "http://127.0.0.1:" + port)).push().startsWith("hello "),
        "the page's own origin");
    assertTrue(await(WsClient.open(vertx, port, "https://chat.example.com")).push().startsWith("hello "),
        "an allowed origin");
    assertTrue(await(WsClient.open(vertx, port, null)).push().startsWith("hello "), "no Origin: not a browser");
    Future<WsClient> lookalike = WsClient.open(vertx, port, "http://127.0.0.1:" + (port + 1));
    boolean failed = await(lookalike.transform(ar -> Future.succeededFuture(ar.failed())));
    assertTrue(failed, "another port is another origin");
  }

  @Test
  void quitClosesTheSocketAfterItsReply(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    WsClient ws = WsClient.connect(vertx, node.webPort());
    assertEquals("ok bye", ws.call("quit"));
    assertEquals(1000, ws.awaitClosed());
  }

  @Test
  void aStoppingNodeSaysByeOverTheWebSocket(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    WsClient ws = WsClient.connect(vertx, node.webPort());
    await(node.stop());
    assertEquals("bye shutdown", ws.push());
    ws.awaitClosed();
  }
}
