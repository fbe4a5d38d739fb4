package io.chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.config.ConfigException;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestCerts;
import io.chatnode.testing.TestClusters;
import io.chatnode.testing.TestClusters.Member;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The event bus between nodes over mutual TLS: members with the cluster's CA talk, others cannot. */
@ExtendWith(VertxExtension.class)
class EventBusTlsTest {

  @TempDir
  static Path dir;
  static TestCerts.Pair member;
  static TestCerts.Pair outsider;
  private final List<Member> members = new ArrayList<>();

  @BeforeAll
  static void certificates() {
    member = TestCerts.selfSigned(dir, "member", "node");
    outsider = TestCerts.selfSigned(dir, "outsider", "node");
  }

  @AfterEach
  void stop() {
    members.forEach(Member::stop);
  }

  static JsonObject eventBusTls(TestCerts.Pair pair) {
    return new JsonObject().put("cluster.eventBusTls", true).put("cluster.eventBusCa", pair.cert().toString())
        .put("tls.cert", pair.cert().toString()).put("tls.key", pair.key().toString())
        .put("limits.requestTimeoutMs", 2000);
  }

  private Member start(String cluster, int port, JsonObject overrides) {
    Member m = TestClusters.start(cluster, port, overrides);
    members.add(m);
    return m;
  }

  @Test
  void membersWithTheClustersCertificateChatAcrossNodes(Vertx vertx) {
    String cluster = TestClusters.newClusterName();
    int port = TestClusters.newClusterPort();
    Member a = start(cluster, port, eventBusTls(member));
    Member b = start(cluster, port, eventBusTls(member));
    LineClient alice = LineClient.connect(vertx, a.port());
    LineClient bob = LineClient.connect(vertx, b.port());
    alice.call("nick alice");
    bob.call("nick bob");
    assertEquals("ok", alice.call("msg bob over mutual tls"));
    assertEquals("dm alice over mutual tls", bob.pushMatching(p -> p.startsWith("dm ")));
  }

  @Test
  void aNodeWhoseCertificateTheClusterDoesNotTrustCannotDeliver(Vertx vertx) {
    String cluster = TestClusters.newClusterName();
    int port = TestClusters.newClusterPort();
    Member a = start(cluster, port, eventBusTls(member));
    Member b = start(cluster, port, eventBusTls(outsider));
    LineClient alice = LineClient.connect(vertx, a.port());
    LineClient bob = LineClient.connect(vertx, b.port());
    alice.call("nick alice");
    bob.call("nick bob");
    assertEquals("err internal the message could not be delivered; try again", bob.call("msg alice let me in"));
    assertTrue(alice.pendingPushes().stream().noneMatch(p -> p.startsWith("dm ")));
  }

  @Test
  void eventBusTlsNeedsACertificateAndACa() {
    assertTrue(assertThrows(ConfigException.class, () -> TestNodes.config(new JsonObject().put("cluster.eventBusTls", true)))
        .getMessage().startsWith("invalid configuration: cluster.eventBusTls needs tls.cert and tls.key"));
  }
}
