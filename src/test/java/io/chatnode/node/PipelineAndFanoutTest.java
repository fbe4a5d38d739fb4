package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.protocol.Replies;
import io.chatnode.testing.Await;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Ordering under pipelining, and exactly-once, ordered fan-out to a full room. */
@ExtendWith(VertxExtension.class)
class PipelineAndFanoutTest {

  // A field on purpose: the test returns before the clients are done, and Vert.x closes a
  // NetClient, and its connections, once it is garbage.
  private NetClient netClient;

  /** One request of the mix and a check of its reply. */
  private record Expectation(String request, Predicate<String> reply, String description) {}

  @Test
  void twoThousandMixedRequestsInOneWriteAreAnsweredInOrder(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0));
    LineClient c = LineClient.connect(vertx, node.port());
    LineClient listener = LineClient.connect(vertx, node.port());
    List<Expectation> mix = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String n = Integer.toString(i);
      mix.add(switch (i % 10) {
        case 0 -> exact("echo line " + n, "ok line " + n);
        case 1 -> exact("calculate_sum " + n + " 0.5 -1", "ok " + new java.math.BigDecimal(n).add(new java.math.BigDecimal("-0.5")).toPlainString());
        case 2 -> exact("ping " + n, "ok pong " + n);
        case 3 -> new Expectation("get_time", r -> r.matches("ok \\d{4}-.*Z"), "a time");
        case 4 -> exact("nick user" + n, "ok user" + n);
        case 5 -> exact("join room" + n, "ok room" + n);
        case 6 -> exact("say room" + (i - 1) + " hello " + n, "ok");
        case 7 -> exact("leave room" + (i - 2), "ok room" + (i - 2));
        case 8 -> exact("who room" + (i - 3), "ok");
        default -> exact("nosuchcommand", "err unknown_command unknown command 'nosuchcommand'; try help");
      });
    }
    StringBuilder all = new StringBuilder();
    mix.forEach(e -> all.append(e.request()).append('\n'));
    c.sendRaw(Buffer.buffer(all.toString(), "UTF-8"));
    List<String> replies = c.replies(mix.size());
    for (int i = 0; i < mix.size(); i++) {
      Expectation e = mix.get(i);
      assertTrue(e.reply().test(replies.get(i)),
          "reply " + i + " to '" + e.request() + "' should be " + e.description() + " but was " + replies.get(i));
    }
    assertEquals("ok pong", c.call("ping"));
    assertTrue(listener.pendingPushes().stream().noneMatch(p -> p.startsWith("msg ")), "nobody else was in those rooms");
  }

  /**
   * A {@code say} is answered only once every event loop of the node has queued the message to its
   * members, and the replies behind it wait in order. A loop that never hands off is simulated by
   * registering one more loop with the node's hand-off tracker.
   */
  @Test
  void sayIsAnsweredOnlyOnceEveryLoopOfTheNodeHasHandedItOff(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0));
    LineClient sender = LineClient.connect(vertx, node.port());
    LineClient member = LineClient.connect(vertx, node.port());
    assertEquals("ok dev", sender.call("join dev"));
    assertEquals("ok dev", member.call("join dev"));
    int stalledLoop = LocalHandOffs.MAX_TRACKED_LOOPS - 1;
    node.runtime().handOffs().loopStarted(stalledLoop);

    sender.send("say dev held back").send("ping after");
    assertEquals("msg dev " + sender.guestNick() + " held back", member.pushMatching(p -> p.startsWith("msg ")));
    assertEquals("ok pong", member.call("ping"), "a round trip through the node after the fan-out");
    assertEquals(List.of(), sender.pendingReplies(), "no ok while a loop of the node has not handed the message off");
    assertEquals(1, node.runtime().handOffs().waiting());

    node.runtime().handOffs().loopStopped(stalledLoop);
    assertEquals(List.of("ok", "ok pong after"), sender.replies(2));
    assertEquals(0, node.runtime().handOffs().waiting());
  }

  private static Expectation exact(String request, String reply) {
    return new Expectation(request, reply::equals, reply);
  }

  /**
   * 100 clients in one room each say 20 lines: every other member receives every line exactly
   * once, and each sender's lines in the order sent.
   */
  @Test
  @io.vertx.junit5.Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void aHundredMembersEachGetEveryLineOnceInSenderOrder(Vertx vertx, VertxTestContext ctx) {
    int members = 100;
    int lines = 20;
    ChatNode node = TestNodes.start(vertx, new JsonObject().put("lobby", ""));
    AtomicInteger joined = new AtomicInteger();
    Promise<Void> everyoneJoined = Promise.promise();
    Checkpoint everyoneHeardAll = ctx.checkpoint(members);
    netClient = vertx.createNetClient();
    List<NetSocket> sockets = new ArrayList<>();
    List<String> nicks = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      nicks.add("m" + m);
    }
    for (int m = 0; m < members; m++) {
      String self = nicks.get(m);
      int[] nextFromSender = new int[members];
      int[] received = {0};

      int[] replies = {0};
      NetSocket socket = Await.await(netClient.connect(node.port(), "127.0.0.1"));
      sockets.add(socket);
      socket.handler(RecordParser.newDelimited("\n", buffer -> {
        String line = buffer.toString();
        if (Replies.isReply(line)) {
          ctx.verify(() -> assertTrue(line.equals("ok " + self) || line.equals("ok big") || line.equals("ok"), line));
          if (++replies[0] == 2 && joined.incrementAndGet() == members) {
            everyoneJoined.complete();
          }
          return;
        }
        if (!line.startsWith("msg ")) {
          return;
        }
        String[] parts = line.split(" ", 5); // msg big <from> line <n>
        int sender = Integer.parseInt(parts[2].substring(1));
        int n = Integer.parseInt(parts[4]);
        ctx.verify(() -> {
          assertTrue(sender != nicks.indexOf(self), "no echo to the sender");
          assertEquals(nextFromSender[sender], n, "line " + n + " from " + parts[2] + " out of order or repeated");
        });
        nextFromSender[sender]++;
        if (++received[0] == (members - 1) * lines) {
          everyoneHeardAll.flag();
        }
      }));
      socket.write("nick " + self + "\njoin big\n");
    }
    // Wait until all have joined (replies to nick and join), then everyone floods at once.
    Await.await(everyoneJoined.future());
    for (NetSocket socket : sockets) {
      StringBuilder say = new StringBuilder();
      for (int n = 0; n < lines; n++) {
        say.append("say big line ").append(n).append('\n');
      }
      socket.write(say.toString());
    }
    // The extension waits for the checkpoints (or the first failed verify) after this returns.
  }
}
