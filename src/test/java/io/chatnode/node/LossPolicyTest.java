package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.ops.NodeMetrics;
import io.chatnode.testing.Await;
import io.chatnode.testing.TestNodes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The slow-consumer policy of a tags connection at its boundaries: notices, the hard cap, the grace period. */
@ExtendWith(VertxExtension.class)
class LossPolicyTest {

  /** A connection as the policy sees it: what it was sent, and whether it was cut. */
  private static final class FakeConnection implements LossPolicy.Target {
    final List<String> pushed = new ArrayList<>();
    final Promise<Void> cut = Promise.promise();

    @Override
    public boolean push(Buffer line) {
      pushed.add(line.toString().trim());
      return true;
    }

    @Override
    public void slowConsumer() {
      cut.tryComplete();
    }
  }

  private final NodeMetrics metrics = new NodeMetrics(new SimpleMeterRegistry());

  private LossPolicy policy(Vertx vertx, FakeConnection connection, int graceMs, int softBytes, int hardBytes) {
    return new LossPolicy(vertx, TestNodes.config(new JsonObject().put("limits.slowConsumerGraceMs", graceMs)
        .put("limits.maxOutboundBytes", softBytes).put("limits.maxOutboundHardBytes", hardBytes)).limits(),
        metrics, connection);
  }

  @Test
  void dropsAreToldOncePerRoomWhenTheQueueDrains(Vertx vertx) {
    FakeConnection connection = new FakeConnection();
    LossPolicy policy = policy(vertx, connection, 600_000, 1024, 4096);
    policy.dropped("dev", 5);
    policy.dropped("ops", 9);
    policy.dropped("dev", 7);
    assertEquals(List.of(), connection.pushed, "nothing while the queue is full");
    policy.drained();
    assertEquals(List.of("lost dev 5-7", "lost ops 9-9"), connection.pushed);
    policy.drained();
    assertEquals(2, connection.pushed.size(), "told once");
    assertEquals(3.0, metrics.registry().get("chatnode.slow.dropped").counter().count());
    assertEquals(2.0, metrics.registry().get("chatnode.loss.notices").counter().count());
    assertFalse(connection.cut.future().isComplete());
    policy.closed();
  }

  @Test
  void whatIsKeptWhileOverTheLimitIsCutAtTheHardCap(Vertx vertx) {
    FakeConnection connection = new FakeConnection();
    LossPolicy policy = policy(vertx, connection, 600_000, 1024, 2048);
    assertFalse(policy.keptWhileOver(1023), "1,023 bytes over a 1,024-byte queue: under the 2,048 cap");
    assertFalse(connection.cut.future().isComplete());
    assertTrue(policy.keptWhileOver(1), "the cap reached");
    assertTrue(connection.cut.future().isComplete());
    policy.closed();
  }

  @Test
  void aHardCapEqualToTheLimitKeepsNothingOver(Vertx vertx) {
    FakeConnection connection = new FakeConnection();
    LossPolicy policy = policy(vertx, connection, 600_000, 1024, 1024);
    assertTrue(policy.keptWhileOver(1));
    policy.closed();
  }

  @Test
  void aConnectionStillOverTheLimitAfterTheGraceIsCut(Vertx vertx) {
    FakeConnection connection = new FakeConnection();
    LossPolicy policy = policy(vertx, connection, 0, 1024, 4096);
    vertx.runOnContext(v -> policy.dropped("dev", 1));
    Await.await(connection.cut.future());
  }
}
