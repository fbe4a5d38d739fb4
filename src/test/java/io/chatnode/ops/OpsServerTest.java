package io.chatnode.ops;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.cluster.NodeVertx;
import io.chatnode.config.NodeConfig;
import io.chatnode.app.ChatNode;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operators' HTTP port on a node started the way {@code chatnode node} starts it (its own
 * Vert.x with Micrometer metrics): health endpoints and Prometheus metrics that move with traffic.
 */
class OpsServerTest {

  private NodeVertx nodeVertx;
  private Vertx clientVertx;
  private HttpClient http; // kept referenced: a collected client closes its connections

  record Response(int status, String contentType, String body) {}

  private ChatNode start(JsonObject overrides) {
    NodeConfig config = TestNodes.config(overrides);
    nodeVertx = await(NodeVertx.create(config));
    clientVertx = Vertx.vertx();
    http = clientVertx.createHttpClient();
    return await(ChatNode.start(nodeVertx, config));
  }

  @AfterEach
  void close() {
    if (nodeVertx != null) {
      await(nodeVertx.vertx().close());
    }
    if (clientVertx != null) {
      await(clientVertx.close());
    }
  }

  private Response get(ChatNode node, String path) {
    return await(http.request(HttpMethod.GET, node.httpPort(), "127.0.0.1", path)
        .compose(req -> req.send())
        .compose((HttpClientResponse res) -> res.body()
            .map((Buffer body) -> new Response(res.statusCode(), res.getHeader("content-type"), body.toString()))));
  }

  /** The value of one sample line of the exposition, e.g. {@code chatnode_lines_in_total}. */
  private static double sample(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
    assertTrue(m.find(), () -> series + " is not in /metrics:\n" + metrics);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void healthEndpointsAnswerOnTheActualPortAndUnknownPathsAre404() {
    ChatNode node = start(new JsonObject());
    assertTrue(node.httpPort() > 0);
    Response live = get(node, "/health/live");
    assertEquals(200, live.status());
    Response ready = get(node, "/health/ready");
    assertEquals(200, ready.status());
    JsonObject body = new JsonObject(ready.body());
    assertEquals("up", body.getString("status"));
    assertEquals(true, body.getBoolean("listening"));
    assertEquals(404, get(node, "/nope").status());
  }

  @Test
  void readinessTurnsFalseFirstWhenTheNodeStops() {
    ChatNode node = start(new JsonObject());
    LineClient client = LineClient.connect(clientVertx, node.port());
    node.runtime().beginShutdown();
    Response ready = get(node, "/health/ready");
    assertEquals(503, ready.status());
    assertEquals(true, new JsonObject(ready.body()).getBoolean("shuttingDown"));
    // Still alive, and still serving the clients it has until the stop proper.
    assertEquals(200, get(node, "/health/live").status());
    assertEquals("ok pong", client.call("ping"));
    await(node.stop());
    assertEquals("bye shutdown", client.pushMatching(p -> p.startsWith("bye ")));
  }

  @Test
  void metricsArePrometheusTextAndMoveUnderTraffic() {
    ChatNode node = start(new JsonObject().put("limits.maxConnections", 2));
    Response before = get(node, "/metrics");
    assertEquals(200, before.status());
    assertTrue(before.contentType().startsWith("text/plain; version=0.0.4"), before.contentType());
    assertEquals(0, sample(before.body(), "chatnode_connections_open"));

    LineClient alice = LineClient.connect(clientVertx, node.port());
    LineClient bob = LineClient.connect(clientVertx, node.port());
    LineClient refused = LineClient.connectRaw(clientVertx, node.port());
    assertEquals("bye server_full", refused.push());
    assertEquals("ok alice", alice.call("nick alice"));
    assertEquals("ok dev", alice.call("join dev"));
    assertEquals("ok dev", bob.call("join dev"));
    assertEquals("ok", alice.call("say dev hi"));
    assertEquals("msg dev alice hi", bob.pushMatching(p -> p.startsWith("msg ")));
    String sumError = alice.call("calculate_sum 1 x");
    assertTrue(sumError.startsWith("err "), sumError);
    String sumCode = sumError.split(" ")[1];
    assertTrue(alice.call("frobnicate").startsWith("err unknown_command"));
    bob.send("quit");
    bob.awaitClosed();

    // The node counts bob's close and takes him out of his rooms once it has seen the close.
    String[] scraped = new String[1];
    Await.poll(clientVertx, () -> {
      scraped[0] = get(node, "/metrics").body();
      return scraped[0].contains("chatnode_connections_closed_total{reason=\"quit\"} 1.0")
          && scraped[0].contains("chatnode_room_members 2.0");
    }, 20);
    String m = scraped[0];
    assertEquals(1, sample(m, "chatnode_connections_open"));
    assertEquals(2, sample(m, "chatnode_connections_accepted_total"));
    assertEquals(1, sample(m, "chatnode_connections_closed_total{reason=\"server_full\"}"));
    assertEquals(7, sample(m, "chatnode_lines_in_total")); // alice 5, bob 2
    assertTrue(sample(m, "chatnode_pushes_out_total") >= 2); // at least "joined dev bob" and "msg"
    assertEquals(1, sample(m, "chatnode_command_duration_seconds_count{command=\"say\",outcome=\"ok\"}"));
    assertEquals(1, sample(m, "chatnode_command_duration_seconds_count{command=\"calculate_sum\",outcome=\"" + sumCode + "\"}"));
    assertEquals(1, sample(m, "chatnode_command_duration_seconds_count{command=\"unknown\",outcome=\"unknown_command\"}"));
    assertTrue(m.contains("chatnode_command_duration_seconds_bucket{command=\"say\",outcome=\"ok\",le="), "a histogram");
    assertEquals(1, sample(m, "chatnode_cluster_nodes"));
    assertTrue(m.contains("vertx_eventbus_"), "Vert.x's event bus meters");
    assertTrue(m.contains("jvm_memory_used_bytes"), "JVM meters");
    // bob's quit took him out of lobby and dev: alice is in both, alone
    assertEquals(2, sample(m, "chatnode_rooms"));
  }
}
