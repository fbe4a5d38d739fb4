package io.chatnode.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Before any load: each node is reachable and greets, and a chat workload is not run against a
 * node whose flood control would turn it into a measurement of {@code rate_limited} refusals.
 */
final class Preflight {

  private Preflight() {}

  /** The node's greeting ({@code hello ...}); fails if nothing listens or the first line is no greeting. */
  static Future<String> hello(NetClient client, Endpoint node) {
    return client.connect(node.port(), node.host()).compose(socket -> {
      Promise<String> greeting = Promise.promise();
      RecordParser lines = RecordParser.newDelimited("\n", line -> greeting.tryComplete(line.toString(StandardCharsets.UTF_8)));
      lines.maxRecordSize(64 * 1024);
      lines.exceptionHandler(greeting::tryFail);
      socket.handler(lines);
      socket.closeHandler(v -> greeting.tryFail(node + " closed the connection without a greeting"));
      return greeting.future().andThen(ignored -> socket.close());
    }).compose(line -> line.startsWith("hello ") ? Future.succeededFuture(line)
        : Future.failedFuture(node + " is not a chatnode node (its first line: " + line.strip() + ")"));
  }

  /** The {@code rate=N} of a greeting (chat lines per second per connection; 0: no flood control), or -1. */
  static long chatRate(String hello) {
    for (String pair : hello.split(" ")) {
      if (pair.startsWith("rate=")) {
        try {
          return Long.parseLong(pair.substring(5));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** Why a chat workload cannot run against {@code node}, or null. */
  static String floodControlProblem(Endpoint node, String hello) {
    long rate = chatRate(hello);
    return rate <= 0 ? null : node + " has flood control on (rate=" + rate + " chat lines/s per connection, "
        + "limits.chatRate): the publishers would be refused with rate_limited and nearly every delivery lost. "
        + "Run the node with CHATNODE_LIMITS_CHATRATE=0 (bench/run.sh does)";
  }

  /** The workloads whose load is chat ({@code say}), which flood control limits. */
  static boolean isChat(String workload) {
    return List.of("fanout", "cluster", "soak", "resume").contains(workload);
  }

  /** One line for a failure to reach a node, with the likely fix. */
  static String unreachable(Endpoint node, Throwable cause) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return "cannot reach " + node + ": " + message
        + (message.contains("refused") ? " (is a node running there? ./chatnode node starts one)" : "");
  }
}
