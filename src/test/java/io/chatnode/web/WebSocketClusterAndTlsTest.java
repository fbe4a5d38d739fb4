package io.chatnode.web;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestCerts;
import io.chatnode.testing.TestClusters;
import io.chatnode.testing.TestClusters.Member;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A WebSocket user on one node of a cluster talks with a TCP user on another; wss:// with web.tls. */
@ExtendWith(VertxExtension.class)
class WebSocketClusterAndTlsTest {

  @Test
  void aWebUserOnNodeAAndATerminalUserOnNodeBShareARoom(Vertx clients) {
    String cluster = TestClusters.newClusterName();
    int clusterPort = TestClusters.newClusterPort();
    Member a = TestClusters.start(cluster, clusterPort, new JsonObject());
    Member b = TestClusters.start(cluster, clusterPort, new JsonObject());
    try {
      Await.poll(clients, () -> a.nodeVertx().clusterSize().getAsInt() == 2 && b.nodeVertx().clusterSize().getAsInt() == 2, 120);
      WsClient web = WsClient.connect(clients, a.node().webPort());
      LineClient tcp = LineClient.connect(clients, b.port());
      assertEquals("ok webster", web.call("nick webster"));
      assertEquals("ok tabby", tcp.call("nick tabby"));
      assertEquals("ok den", web.call("join den"));
      assertEquals("ok den", tcp.call("join den"));
      assertEquals("joined den tabby", web.pushMatching(l -> l.startsWith("joined den ")));
      assertEquals("ok", web.call("say den from node A's web page"));
      assertEquals("msg den webster from node A's web page", tcp.pushMatching(l -> l.startsWith("msg ")));
      assertEquals("ok", tcp.call("say den from node B's terminal"));
      assertEquals("msg den tabby from node B's terminal", web.pushMatching(l -> l.startsWith("msg ")));
      assertEquals("ok tabby webster", web.call("who den"));
    } finally {
      a.stop();
      b.stop();
    }
  }

  @Test
  void webTlsServesWssWithTheNodesCertificate(Vertx vertx, @TempDir Path dir) {
    TestCerts.Pair cert = TestCerts.selfSigned(dir, "node", "localhost");
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("web.tls", true)
        .put("tls.cert", cert.cert().toString()).put("tls.key", cert.key().toString()));
    WebSocketClientOptions trusting = new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(cert.cert().toString()));
    io.vertx.core.Promise<String> hello = io.vertx.core.Promise.promise();
    // Held until the end: Vert.x closes a client, and its connections, once it is garbage.
    WebSocketClient client = vertx.createWebSocketClient(trusting);
    WebSocket socket = await(client.connect(new WebSocketConnectOptions()
            .setHost("localhost").setPort(node.webPort()).setURI("/ws").setSsl(true)
            .addHeader("Origin", "https://localhost:" + node.webPort()))
        .map(connected -> connected.textMessageHandler(hello::tryComplete))); // before any message
    assertTrue(await(hello.future()).startsWith("hello "), "the same protocol inside TLS");
    assertTrue(socket.isSsl());
    await(client.close());
  }

  /** As cert-manager renews: new files moved into place; new sockets get them, open ones stay. */
  @Test
  void aRenewedCertificateIsServedOnTheWebPortWithoutARestart(Vertx vertx, @TempDir Path dir) throws Exception {
    TestCerts.Pair first = TestCerts.selfSigned(dir, "first", "localhost");
    TestCerts.Pair renewed = TestCerts.selfSigned(dir, "renewed", "localhost");
    Path cert = dir.resolve("live.crt");
    Path key = dir.resolve("live.key");
    java.nio.file.Files.copy(first.cert(), cert);
    java.nio.file.Files.copy(first.key(), key);
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("web.tls", true).put("tls.reloadSeconds", 1)
        .put("tls.cert", cert.toString()).put("tls.key", key.toString()));
    assertTrue(wssHelloWorks(vertx, node.webPort(), first.cert()));
    java.nio.file.Files.copy(renewed.key(), dir.resolve("next.key"));
    java.nio.file.Files.copy(renewed.cert(), dir.resolve("next.crt"));
    java.nio.file.Files.move(dir.resolve("next.key"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    java.nio.file.Files.move(dir.resolve("next.crt"), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Await.poll(vertx, () -> wssHelloWorks(vertx, node.webPort(), renewed.cert()), 20);
  }

  /** Whether a wss:// connection trusting only {@code ca} gets its hello (TLS refuses another certificate). */
  private static boolean wssHelloWorks(Vertx vertx, int port, Path ca) {
    io.vertx.core.Promise<String> hello = io.vertx.core.Promise.promise();
    WebSocketClientOptions trusting = new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
    WebSocketClient client = vertx.createWebSocketClient(trusting); // held: a client that is garbage closes
    client.connect(new WebSocketConnectOptions()
            .setHost("localhost").setPort(port).setURI("/ws").setSsl(true))
        .onSuccess(socket -> socket.textMessageHandler(line -> {
          hello.tryComplete(line);
          socket.close();
        }))
        .onFailure(hello::tryFail);
    boolean greeted = await(hello.future().transform(ar -> io.vertx.core.Future.succeededFuture(ar.succeeded())));
    await(client.close());
    return greeted;
  }
}
