package io.chatnode.node;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connection and node lifecycle: full node, idle clients, shutdown. */
@ExtendWith(VertxExtension.class)
class LifecycleTest {

  @Test
  void stoppingTheNodeSaysByeShutdownToEveryClient(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient a = LineClient.connect(vertx, node.port());
    LineClient b = LineClient.connect(vertx, node.port());
    await(node.stop());
    assertEquals("bye shutdown", a.pushMatching(p -> p.startsWith("bye ")));
    assertEquals("bye shutdown", b.pushMatching(p -> p.startsWith("bye ")));
    a.awaitClosed();
    b.awaitClosed();
  }

  @Test
  void maxConnectionsIsEnforcedAtTheBoundary(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.maxConnections", 3));
    LineClient first = LineClient.connect(vertx, node.port());
    LineClient.connect(vertx, node.port());
    LineClient.connect(vertx, node.port());
    LineClient refused = LineClient.connectRaw(vertx, node.port());
    assertEquals("bye server_full", refused.push());
    refused.awaitClosed();
    first.close();
    // The freed place can be taken again once the node has seen the close.
    LineClient again = null;
    while (again == null) {
      LineClient attempt = LineClient.connectRaw(vertx, node.port());
      String greeting = attempt.push();
      if (greeting.startsWith("hello ")) {
        again = attempt;
      } else {
        assertEquals("bye server_full", greeting);
        attempt.awaitClosed();
      }
    }
    assertEquals("ok pong", again.call("ping"));
  }

  /**
   * Issue 14: a graceful close ends once what is queued has been written; the grace period only
   * bounds the wait for a client that does not read. With a one-minute grace, the close that
   * follows {@code ok bye} must come within the await's deadline, which is far shorter.
   */
  @Test
  void quitClosesAsSoonAsByeIsWrittenNotAfterTheGrace(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.closeGraceMs", 60_000));
    LineClient client = LineClient.connect(vertx, node.port());
    assertEquals("ok bye", client.call("quit"));
    client.awaitClosed();
  }

  @Test
  void idleConnectionsAreClosedWithByeIdleTimeout(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.idleTimeoutSeconds", 1));
    LineClient idle = LineClient.connect(vertx, node.port());
    assertEquals("bye idle_timeout", idle.pushMatching(p -> p.startsWith("bye ")));
    idle.awaitClosed();
  }
}
