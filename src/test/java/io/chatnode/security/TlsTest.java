package io.chatnode.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.ConfigException;
import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestCerts;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener with real handshakes and certificates made by keytool at run time. */
@ExtendWith(VertxExtension.class)
class TlsTest {

  @TempDir
  static Path dir;
  static TestCerts.Pair server;
  static TestCerts.Pair rotated;
  static TestCerts.Pair alice;
  static TestCerts.Pair stranger;

  @BeforeAll
  static void certificates() {
    server = TestCerts.selfSigned(dir, "server", "localhost");
    rotated = TestCerts.selfSigned(dir, "rotated", "localhost");
    alice = TestCerts.selfSigned(dir, "alice", "alice");
    stranger = TestCerts.selfSigned(dir, "stranger", "mallory");
  }

  static JsonObject tls(Path cert, Path key) {
    return new JsonObject().put("tls.enabled", true).put("tls.port", 0)
        .put("tls.cert", cert.toString()).put("tls.key", key.toString());
  }

  /** A client that trusts {@code ca} and checks the host name, as the bundled client does. */
  static NetClientOptions trusting(Path ca) {
    return new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()));
  }

  static X509Certificate peer(LineClient c) {
    try {
      return (X509Certificate) c.socket().peerCertificates().get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRealHandshakeGivesTheSameChatSessionHelloFirst(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, tls(server.cert(), server.key()));
    assertTrue(node.port() > 0, "plain stays on unless switched off");
    long t0 = System.nanoTime();
    LineClient c = LineClient.connect(vertx, node.tlsPort(), trusting(server.cert()));
    System.out.printf("TLS connect+handshake+hello: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
    assertTrue(c.hello().startsWith("hello guest-"), c.hello());
    assertTrue(c.socket().isSsl());
    assertEquals("CN=localhost", peer(c).getSubjectX500Principal().getName());
    assertEquals("ok pong", c.call("ping"));
    LineClient plain = LineClient.connect(vertx, node.port());
    plain.call("nick bob");
    assertEquals("ok", c.call("say lobby over tls"));
    assertEquals("msg lobby " + c.guestNick() + " over tls", plain.pushMatching(p -> p.startsWith("msg ")),
        "TLS and plain clients share the rooms");
  }

  @Test
  void tlsOnlyModeServesNoPlainPortAndPlainBytesGetNoGreeting(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, tls(server.cert(), server.key()).put("plain.enabled", false));
    assertEquals(-1, node.port(), "no plain listener");
    assertTrue(node.runtime().ready(), "a TLS-only node is ready: its one listener is up");
    LineClient c = LineClient.connect(vertx, node.tlsPort(), trusting(server.cert()));
    assertEquals("ok pong", c.call("ping"));
    LineClient raw = Await.await(LineClient.tryConnect(vertx, node.tlsPort(), new NetClientOptions()));
    raw.send("ping");
    raw.awaitClosed();
    assertEquals(0, raw.pendingPushes().size(), "a plain-text client gets nothing in clear");
  }

  @Test
  void onlyTls12And13AreOffered(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, tls(server.cert(), server.key()));
    LineClient c = LineClient.connect(vertx, node.tlsPort(), trusting(server.cert()));
    assertEquals("TLSv1.3", ((io.vertx.core.net.NetSocket) c.socket()).sslSession().getProtocol());
    LineClient v12 = LineClient.connect(vertx, node.tlsPort(),
        trusting(server.cert()).setEnabledSecureTransportProtocols(Set.of("TLSv1.2")));
    assertEquals("TLSv1.2", v12.socket().sslSession().getProtocol());
    assertTrue(v12.socket().sslSession().getCipherSuite().startsWith("TLS_ECDHE_"), v12.socket().sslSession().getCipherSuite());
    Future<LineClient> old = LineClient.tryConnect(vertx, node.tlsPort(),
        trusting(server.cert()).setEnabledSecureTransportProtocols(Set.of("TLSv1.1")));
    assertTrue(refused(old), "TLS 1.1 is refused");
  }

  /** The handshake failed, or the node closed the connection without greeting. */
  static boolean refused(Future<LineClient> attempt) {
    Await.await(attempt.transform(ar -> Future.succeededFuture()));
    if (attempt.failed()) {
      return true;
    }
    LineClient c = attempt.result();
    c.awaitClosed();
    return c.pendingPushes().isEmpty();
  }

  @Test
  void mutualTlsAcceptsAKnownClientCertificateAndRefusesOthersAtTheHandshake(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, tls(server.cert(), server.key())
        .put("tls.clientCa", alice.cert().toString()).put("tls.clientAuth", "required"));
    NetClientOptions withAlice = trusting(server.cert())
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(alice.cert().toString()).setKeyPath(alice.key().toString()));
    LineClient c = LineClient.connect(vertx, node.tlsPort(), withAlice);
    assertEquals("ok pong", c.call("ping"));
    assertTrue(refused(LineClient.tryConnect(vertx, node.tlsPort(), trusting(server.cert()))), "no certificate");
    NetClientOptions withStranger = trusting(server.cert())
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(stranger.cert().toString()).setKeyPath(stranger.key().toString()));
    assertTrue(refused(LineClient.tryConnect(vertx, node.tlsPort(), withStranger)), "a certificate the CA did not sign");
  }

  @Test
  void aJavaKeystoreIsAcceptedToo(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("tls.enabled", true).put("tls.port", 0)
        .put("tls.cert", server.keystore().toString()).put("tls.keystorePassword", server.password()));
    LineClient c = LineClient.connect(vertx, node.tlsPort(), trusting(server.cert()));
    assertEquals("ok pong", c.call("ping"));
  }

  @Test
  void aRotatedCertificateIsServedWithoutDroppingConnections(Vertx vertx) throws Exception {
    Path cert = dir.resolve("live.crt");
    Path key = dir.resolve("live.key");
    Files.copy(server.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(server.key(), key, StandardCopyOption.REPLACE_EXISTING);
    ChatNode node = TestNodes.start(vertx, tls(cert, key).put("tls.reloadSeconds", 1));
    LineClient before = LineClient.connect(vertx, node.tlsPort(), trusting(server.cert()));
    X509Certificate first = peer(before);
    // As cert-manager does: new files moved into place, not rewritten in place.
    Files.copy(rotated.cert(), dir.resolve("next.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(rotated.key(), dir.resolve("next.key"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(dir.resolve("next.key"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.move(dir.resolve("next.crt"), cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    AtomicBoolean served = new AtomicBoolean();
    Await.poll(vertx, () -> {
      Future<LineClient> attempt = LineClient.tryConnect(vertx, node.tlsPort(), trusting(rotated.cert()));
      Await.await(attempt.transform(ar -> Future.succeededFuture()));
      if (attempt.succeeded()) {
        served.set(true);
        attempt.result().close();
      }
      return served.get();
    }, 20);
    assertTrue(node.runtime().tlsReloads() >= 1);
    assertEquals("ok pong", before.call("ping"), "the connection made before the rotation still works");
    assertEquals(first, peer(before));
    LineClient after = LineClient.connect(vertx, node.tlsPort(), trusting(rotated.cert()));
    assertEquals(rotated.cert().toString().isEmpty(), false);
    assertTrue(!first.equals(peer(after)), "new connections get the new certificate");
  }

  @Test
  void aReloadRequestRereadsTheFilesEvenIfUnchanged(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, tls(server.cert(), server.key()).put("tls.reloadSeconds", 0)
        .put("server.instances", 1));
    node.runtime().requestTlsReload();
    Await.until(vertx, () -> node.runtime().tlsReloads() == 1);
    assertEquals("ok pong", LineClient.connect(vertx, node.tlsPort(), trusting(server.cert())).call("ping"));
  }

  @Test
  void mistakenTlsSettingsStopStartUpWithAClearMessage() {
    assertEquals("invalid configuration: tls.enabled needs tls.cert (a PEM certificate or a keystore)",
        assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject().put("tls.enabled", true))).getMessage());
    assertEquals("invalid configuration: plain.enabled is false and tls.enabled is false: the node would accept no connection",
        assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject().put("plain.enabled", false))).getMessage());
    assertEquals("invalid configuration: tls.clientAuth must be none, request or required (got \"yes\")",
        assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject().put("tls.clientAuth", "yes"))).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> TestNodes.config(tls(server.cert(), server.key())
        .put("tls.clientAuth", "required"))).getMessage().contains("needs tls.clientCa"));
  }

  @Test
  void anUnreadableCertificateFailsStartUpNamingTheKey(Vertx vertx) {
    Throwable e = Await.await(ChatNode.start(vertx, TestNodes.config(tls(dir.resolve("missing.crt"), server.key())))
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertTrue(e.getMessage().startsWith("cannot read tls.cert "), e.getMessage());
  }
}
