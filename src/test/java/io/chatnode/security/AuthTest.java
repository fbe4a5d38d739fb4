package io.chatnode.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.auth.PasswordHash;
import io.chatnode.auth.UserFile;
import io.chatnode.config.ConfigException;
import io.chatnode.app.ChatNode;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestCerts;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Password login against a real node with a users file of PBKDF2 hashes. */
@ExtendWith(VertxExtension.class)
class AuthTest {

  @TempDir
  static Path dir;
  static Path usersFile;

  @BeforeAll
  static void users() throws Exception {
    usersFile = dir.resolve("users");
    // Few iterations keep the tests fast; the node reads whatever count each line says.
    Files.write(usersFile, List.of("# test users",
        "alice:" + PasswordHash.create("open sesame".toCharArray(), PasswordHash.MIN_ITERATIONS),
        "bob:" + PasswordHash.create("hunter2".toCharArray(), PasswordHash.MIN_ITERATIONS)));
  }

  static JsonObject auth() {
    return new JsonObject().put("auth.enabled", true).put("auth.usersFile", usersFile.toString())
        .put("auth.failureDelayMs", 0);
  }

  @Test
  void onlyHelpPingAndQuitWorkBeforeLogin(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth());
    LineClient c = LineClient.connect(vertx, node.port());
    assertTrue(c.hello().endsWith(" auth=required"), c.hello());
    assertEquals("ok pong", c.call("ping"));
    assertTrue(c.call("help").startsWith("ok help "));
    String required = "err auth_required log in first: auth <user> <password>";
    for (String request : List.of("echo hi", "get_time", "nick alice", "join r", "say lobby hi", "msg bob hi",
        "who lobby", "rooms", "stats", "calculate_sum 1 2")) {
      assertEquals(required, c.call(request), request);
    }
    LineClient bob = LineClient.connect(vertx, node.port());
    assertEquals("ok bob", bob.call("auth bob hunter2"));
    assertEquals("ok bob", bob.call("who lobby"), "a connection that has not logged in is not in the lobby");
    assertEquals("ok bye", c.call("quit"));
  }

  @Test
  void theRightPasswordLogsInWithTheUserNameAsNickAndPipelinedRequestsFollowIt(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth());
    LineClient bob = LineClient.connect(vertx, node.port());
    bob.call("auth bob hunter2");
    LineClient c = LineClient.connect(vertx, node.port());
    c.send("auth ALICE open sesame").send("echo after login").send("say lobby hi");
    assertEquals(List.of("ok alice", "ok after login", "ok"), c.replies(3),
        "the name as in the users file; a password may contain spaces");
    assertEquals("msg lobby alice hi", bob.pushMatching(p -> p.startsWith("msg ")));
    assertEquals("err bad_args already logged in as alice", c.call("auth bob hunter2"));
  }

  @Test
  void aWrongPasswordOrUnknownUserIsRefusedAlike(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth().put("auth.maxFailures", 10));
    LineClient c = LineClient.connect(vertx, node.port());
    assertEquals("err auth_failed wrong user name or password", c.call("auth alice open-sesame"));
    assertEquals("err auth_failed wrong user name or password", c.call("auth mallory open sesame"));
    assertEquals("err auth_failed wrong user name or password", c.call("auth alice\u00e9 x"));
    assertEquals("err bad_args usage: auth <user> <password>", c.call("auth alice"));
    assertEquals("err auth_required log in first: auth <user> <password>", c.call("echo still out"));
    assertEquals("ok alice", c.call("auth alice open sesame"));
  }

  @Test
  void aFailureIsAnsweredAfterTheDelayAndHoldsUpTheNextRequest(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth().put("auth.failureDelayMs", 400));
    LineClient c = LineClient.connect(vertx, node.port());
    long t0 = System.nanoTime();
    c.send("auth alice wrong").send("ping");
    assertEquals("err auth_failed wrong user name or password", c.reply());
    assertEquals("ok pong", c.reply());
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(elapsedMs >= 400, "answered after " + elapsedMs + " ms");
  }

  @Test
  void theLastAllowedFailureClosesTheConnection(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth().put("auth.maxFailures", 2));
    LineClient c = LineClient.connect(vertx, node.port());
    assertEquals("err auth_failed wrong user name or password", c.call("auth bob x"));
    assertEquals("ok pong", c.call("ping"), "one failure below the limit: still open");
    assertEquals("err auth_failed wrong user name or password; closing", c.call("auth bob y"));
    assertEquals("bye auth_failed", c.push());
    c.awaitClosed();
  }

  @Test
  void anAddressThatFailedTooOftenIsRefusedEvenWithTheRightPassword(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth().put("auth.addressMaxFailures", 2).put("auth.maxFailures", 10));
    LineClient first = LineClient.connect(vertx, node.port());
    first.call("auth bob nope");
    LineClient second = LineClient.connect(vertx, node.port());
    assertEquals("ok bob", second.call("auth bob hunter2"), "one failure below the address limit");
    first.call("auth bob nope again");
    LineClient third = LineClient.connect(vertx, node.port());
    assertEquals("err auth_failed too many failed logins from your address; try again later",
        third.call("auth alice open sesame"));
  }

  @Test
  void aUsersNameIsReservedForIt(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, auth());
    LineClient bob = LineClient.connect(vertx, node.port());
    bob.call("auth bob hunter2");
    assertEquals("err nick_taken nickname Alice is reserved for a registered user", bob.call("nick Alice"));
    assertEquals("ok bobby", bob.call("nick bobby"));
    assertEquals("ok Bob", bob.call("nick Bob"), "its own name it may take back");
    LineClient bob2 = LineClient.connect(vertx, node.port());
    assertEquals("ok " + bob2.guestNick(), bob2.call("auth bob hunter2"),
        "a second login of the same user keeps its guest name");
  }

  @Test
  void aChangedUsersFileIsUsedForTheNextLoginsAndABrokenOneIsIgnored(Vertx vertx) throws Exception {
    Path file = dir.resolve("reloading-users");
    Files.copy(usersFile, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ChatNode node = TestNodes.start(vertx, auth().put("auth.usersFile", file.toString()).put("auth.reloadSeconds", 1)
        .put("auth.maxFailures", 10));
    LineClient bob = LineClient.connect(vertx, node.port());
    assertEquals("ok bob", bob.call("auth bob hunter2"));
    Files.write(file, List.of("carol:" + PasswordHash.create("new".toCharArray(), PasswordHash.MIN_ITERATIONS)));
    io.chatnode.testing.Await.until(vertx, () -> node.runtime().usersReloads() == 1);
    LineClient c = LineClient.connect(vertx, node.port());
    assertEquals("ok carol", c.call("auth carol new"));
    assertEquals("err auth_failed wrong user name or password", LineClient.connect(vertx, node.port()).call("auth bob hunter2"),
        "bob was removed");
    assertEquals("ok bob", bob.call("echo bob"), "a logged-in connection stays");
    Files.writeString(file, "carol:not a hash\n");
    node.runtime().reloadUsers(true);
    assertEquals(1, node.runtime().usersReloads(), "a broken file is not taken up");
    LineClient again = LineClient.connect(vertx, node.port());
    assertEquals("ok " + again.guestNick(), again.call("auth carol new"),
        "carol still logs in (keeping a guest name: her first connection holds hers)");
  }

  @Test
  void usersReloadSecondsHasItsBounds() {
    TestNodes.config(auth().put("auth.reloadSeconds", 0));
    TestNodes.config(auth().put("auth.reloadSeconds", 86_400));
    assertThrows(ConfigException.class, () -> TestNodes.config(auth().put("auth.reloadSeconds", -1)));
    assertThrows(ConfigException.class, () -> TestNodes.config(auth().put("auth.reloadSeconds", 86_401)));
  }

  @Test
  void authOnANodeWithoutAuthenticationIsABadRequest(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    LineClient c = LineClient.connect(vertx, node.port());
    assertFalse(c.hello().contains("auth="));
    assertEquals("err bad_args authentication is not enabled on this node", c.call("auth bob hunter2"));
  }

  @Test
  void aClientCertificateCanStandInForThePassword(Vertx vertx) {
    TestCerts.Pair server = TestCerts.selfSigned(dir, "server", "localhost");
    TestCerts.Pair alice = TestCerts.selfSigned(dir, "alice", "alice");
    TestCerts.Pair carol = TestCerts.selfSigned(dir, "carol", "carol");
    Path clientCa = dir.resolve("client-ca.pem");
    try {
      Files.writeString(clientCa, Files.readString(alice.cert()) + Files.readString(carol.cert()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    ChatNode node = TestNodes.start(vertx, auth().put("tls.enabled", true).put("tls.port", 0)
        .put("tls.cert", server.cert().toString()).put("tls.key", server.key().toString())
        .put("tls.clientCa", clientCa.toString()).put("tls.clientAuth", "request").put("auth.certificateLogin", true));
    NetClientOptions base = new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(server.cert().toString()));
    LineClient a = LineClient.connect(vertx, node.tlsPort(), new NetClientOptions(base)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(alice.cert().toString()).setKeyPath(alice.key().toString())));
    assertTrue(a.hello().startsWith("hello alice "), a.hello());
    assertFalse(a.hello().contains("auth="));
    assertEquals("ok hi", a.call("echo hi"));
    LineClient c = LineClient.connect(vertx, node.tlsPort(), new NetClientOptions(base)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(carol.cert().toString()).setKeyPath(carol.key().toString())));
    assertTrue(c.hello().endsWith(" auth=required"), "carol is trusted but no user: " + c.hello());
    LineClient none = LineClient.connect(vertx, node.tlsPort(), base);
    assertEquals("ok bob", none.call("auth bob hunter2"), "without a certificate, a password still works");
  }

  @Test
  void mistakenAuthSettingsStopStartUp() {
    assertEquals("invalid configuration: auth.enabled needs auth.usersFile (see docs/SECURITY.md)",
        assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject().put("auth.enabled", true))).getMessage());
    assertEquals("invalid configuration: auth.maxFailures must be between 1 and 1000 (got 0)",
        assertThrows(ConfigException.class, () -> TestNodes.config(auth().put("auth.maxFailures", 0))).getMessage());
    TestNodes.config(auth().put("auth.maxFailures", 1).put("auth.failureDelayMs", 60_000).put("auth.addressMaxFailures", 1));
    assertThrows(ConfigException.class, () -> TestNodes.config(auth().put("auth.failureDelayMs", 60_001)));
    assertThrows(ConfigException.class, () -> TestNodes.config(auth().put("auth.addressWindowSeconds", 0)));
    assertTrue(assertThrows(ConfigException.class, () -> TestNodes.config(auth().put("auth.certificateLogin", true)))
        .getMessage().contains("auth.certificateLogin needs"));
  }

  @Test
  void aBrokenUsersFileNamesTheLineButNeverQuotesTheHash() {
    String secretish = "pbkdf2-sha256:1000:c2FsdHNhbHQ:aGFzaGhhc2hoYXNoaGFzaA";
    ConfigException e = assertThrows(ConfigException.class, () -> UserFile.parse(List.of("", "bob:" + secretish), "users"));
    assertEquals("invalid configuration: users line 2: the hash of bob is invalid: iterations must be between 10000 and 10000000",
        e.getMessage());
    assertThrows(ConfigException.class, () -> UserFile.parse(List.of("bob:" + PasswordHash.create("x".toCharArray(), 10_000),
        "BOB:" + PasswordHash.create("y".toCharArray(), 10_000)), "users"), "a user twice");
    assertThrows(ConfigException.class, () -> UserFile.parse(List.of("bad name:x"), "users"));
  }

  @Test
  void hashesAreSaltedAndVerifyOnlyTheirPassword() {
    PasswordHash one = PasswordHash.create("pw".toCharArray(), 10_000);
    PasswordHash two = PasswordHash.create("pw".toCharArray(), 10_000);
    assertFalse(one.toString().equals(two.toString()), "a fresh salt each time");
    PasswordHash parsed = PasswordHash.parse(one.toString());
    assertTrue(parsed.verify("pw".toCharArray()));
    assertFalse(parsed.verify("pW".toCharArray()));
    assertFalse(parsed.verify(new char[0]));
    long t0 = System.nanoTime();
    PasswordHash.create("measure".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
    System.out.printf("PBKDF2-SHA256 %d iterations: %.0f ms%n", PasswordHash.DEFAULT_ITERATIONS, (System.nanoTime() - t0) / 1e6);
  }
}
