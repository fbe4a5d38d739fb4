package io.chatnode.web;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.config.ConfigException;
import io.chatnode.config.ConfigLoader;
import io.chatnode.config.ConfigPaths;
import io.chatnode.config.NodeConfig;
import io.chatnode.node.NodeRuntime;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web port for operators: idle HTTP keep-alive connections are closed after
 * {@code web.idleTimeoutSeconds} while quiet WebSockets stay, and {@code /health/ready} names the
 * web port among the listeners the node needs to be ready.
 */
@ExtendWith(VertxExtension.class)
class WebIdleAndHealthTest {

  private static NodeConfig with(String key, Object value) {
    JsonObject json = ConfigLoader.defaults();
    ConfigPaths.put(json, key, value);
    return NodeConfig.from(json);
  }

  @Test
  void theIdleTimeoutIsBetweenNeverAndADay() {
    assertEquals(60, NodeConfig.from(ConfigLoader.defaults()).web().idleTimeoutSeconds());
    assertEquals(0, with("web.idleTimeoutSeconds", 0).web().idleTimeoutSeconds(), "0: never");
    assertEquals(86_400, with("web.idleTimeoutSeconds", 86_400).web().idleTimeoutSeconds());
    assertEquals("invalid configuration: web.idleTimeoutSeconds must be between 0 and 86400 (got 86401)",
        assertThrows(ConfigException.class, () -> with("web.idleTimeoutSeconds", 86_401)).getMessage());
    assertEquals("invalid configuration: web.idleTimeoutSeconds must be between 0 and 86400 (got -1)",
        assertThrows(ConfigException.class, () -> with("web.idleTimeoutSeconds", -1)).getMessage());
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAQuietWebSocketIsNot(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("web.idleTimeoutSeconds", 1));
    WsClient quiet = WsClient.connect(vertx, node.webPort());
    assertEquals("ok pong", quiet.call("ping"));

    NetSocket http = await(vertx.createNetClient().connect(node.webPort(), "127.0.0.1"));
    Promise<Void> answered = Promise.promise();
    Promise<Void> closed = Promise.promise();
    StringBuilder received = new StringBuilder();
    http.handler(data -> {
      received.append(data.toString());
      if (received.toString().contains("</svg>")) {
        answered.tryComplete();
      }
    });
    http.closeHandler(v -> closed.complete());
    http.write(Buffer.buffer("GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    await(answered.future());
    assertTrue(received.toString().startsWith("HTTP/1.1 200"), received.toString());
    assertFalse(received.toString().toLowerCase().contains("connection: close"), "kept alive after the answer");
    await(closed.future(), 10); // by the node: the test never closes it

    assertEquals("ok pong", quiet.call("ping"), "the WebSocket, quiet just as long, is still open");
  }

  @Test
  void readinessNamesTheWebPortWhichMustListen(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    HttpClient client = vertx.createHttpClient();
    JsonObject ready = await(client.request(new RequestOptions().setHost("127.0.0.1").setPort(node.httpPort())
            .setURI("/health/ready"))
        .compose(request -> request.send()).compose(response -> response.body()).map(Buffer::toJsonObject)
        .eventually(client::close));
    assertEquals(new JsonObject().put("plain", true).put("web", true), ready.getJsonObject("listeners"));
    assertEquals("up", ready.getString("status"));

    // A web endpoint whose loops have not bound its port yet: the node is not ready for it.
    NodeConfig config = TestNodes.config(new JsonObject());
    NodeRuntime runtime = new NodeRuntime(config, "n1", () -> 1);
    WebEndpoint web = new WebEndpoint(config);
    web.listeners().apply(runtime);
    assertEquals(false, runtime.listeners().get("web"));
    assertFalse(runtime.listening());
    web.listeningOn(6280);
    assertEquals(true, runtime.listeners().get("web"));
  }
}
