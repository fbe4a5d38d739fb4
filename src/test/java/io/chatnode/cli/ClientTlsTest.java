package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.auth.PasswordHash;
import io.chatnode.app.ChatNode;
import io.chatnode.testing.TestCerts;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The bundled client against a TLS-only node, with and without --ca, and with a client certificate. */
@ExtendWith(VertxExtension.class)
class ClientTlsTest {

  @TempDir
  static Path dir;
  static TestCerts.Pair server;
  static TestCerts.Pair alice;
  static Path users;

  private final ScreenCapture out = new ScreenCapture();
  private final ScreenCapture err = new ScreenCapture();

  @BeforeAll
  static void certificates() throws Exception {
    server = TestCerts.selfSigned(dir, "server", "localhost");
    alice = TestCerts.selfSigned(dir, "alice", "alice");
    users = dir.resolve("users");
    Files.write(users, List.of("alice:" + PasswordHash.create("pw pw".toCharArray(), PasswordHash.MIN_ITERATIONS)));
  }

  static TlsOptions options(String... args) {
    return CommandLine.populateCommand(new TlsOptions(), args);
  }

  private ChatNode tlsOnlyNode(Vertx vertx, JsonObject more) {
    return TestNodes.start(vertx, new JsonObject().put("plain.enabled", false).put("tls.enabled", true).put("tls.port", 0)
        .put("tls.cert", server.cert().toString()).put("tls.key", server.key().toString()).mergeIn(more));
  }

  private int run(Vertx vertx, ChatNode node, TlsOptions tls, List<String> setup, String command) {
    assertNull(tls.problem());
    return new ScriptSession(vertx, new HostPort("localhost", node.tlsPort()), tls.clientOptions(), setup, false,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .runCommand(command);
  }

  @Test
  void withCaTheClientVerifiesTheNodeAndChats(Vertx vertx) {
    ChatNode node = tlsOnlyNode(vertx, new JsonObject());
    assertEquals(0, run(vertx, node, options("--ca", server.cert().toString()), List.of(), "echo over tls"));
    assertEquals("over tls\n", out.text());
  }

  @Test
  void withoutCaATestCertificateIsRefused(Vertx vertx) {
    ChatNode node = tlsOnlyNode(vertx, new JsonObject());
    assertEquals(2, run(vertx, node, options("--tls"), List.of(), "echo never"));
    assertTrue(err.text().startsWith("chatnode: cannot connect to localhost:" + node.tlsPort()), err.text());
    assertEquals("", out.text());
  }

  @Test
  void insecureConnectsToATestNodeButWarns(Vertx vertx) {
    ChatNode node = tlsOnlyNode(vertx, new JsonObject());
    TlsOptions insecure = options("--insecure");
    assertTrue(insecure.warning().startsWith("warning: --insecure"));
    assertEquals(0, run(vertx, node, insecure, List.of(), "ping"));
    assertNull(options("--tls").warning());
  }

  @Test
  void aClientCertificateForMutualTlsAndALoginThatNeverShowsThePassword(Vertx vertx) {
    ChatNode node = tlsOnlyNode(vertx, new JsonObject().put("tls.clientCa", alice.cert().toString())
        .put("tls.clientAuth", "required").put("auth.enabled", true).put("auth.usersFile", users.toString())
        .put("auth.failureDelayMs", 0));
    TlsOptions mutual = options("--ca", server.cert().toString(), "--cert", alice.cert().toString(), "--key", alice.key().toString());
    assertEquals(0, run(vertx, node, mutual, List.of("auth alice pw pw"), "echo in"));
    assertEquals("in\n", out.text());
    assertEquals(1, run(vertx, node, mutual, List.of("auth alice wrong secret"), "echo in"));
    assertEquals("chatnode: auth alice ********: auth_failed: wrong user name or password\n", err.text());
    assertFalse(err.text().contains("secret"));
    assertEquals(2, run(vertx, node, options("--ca", server.cert().toString()), List.of(), "echo no cert"),
        "refused at the handshake without a client certificate");
  }

  @Test
  void optionsThatDoNotFitAreRefusedAndTlsMovesTheDefaultPort() {
    assertEquals("--cert and --key go together", options("--cert", alice.cert().toString()).problem());
    assertTrue(options("--insecure", "--ca", server.cert().toString()).problem().startsWith("--insecure and --ca"));
    assertEquals("cannot read /nonexistent.pem", options("--ca", "/nonexistent.pem").problem());
    assertEquals(6255, options("--tls").defaultPort());
    assertEquals(6255, options("--ca", server.cert().toString()).defaultPort(), "--ca implies --tls");
    assertEquals(6254, options().defaultPort());
    assertEquals(new HostPort("localhost", 6255), HostPort.parse(null, 6255));
    assertEquals(new HostPort("h", 7000), HostPort.parse("h:7000", 6255));
  }
}
