package io.chatnode.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * A connection that sends one request ({@code ping} for the {@code conns} workload, {@code stats}
 * for a probe), keeps its reply, and then holds still. The reply comes after the greeting, so a
 * ready connection is one that the node has fully opened.
 */
final class IdleConn extends BenchConn {

  private final String command;
  String reply;
  String bye;

  IdleConn(String command) {
    super(Proto.CHATNODE);
    this.command = command == null ? "ping" : command;
  }

  @Override
  Buffer setup() {
    return Buffer.buffer(command + "\n");
  }

  @Override
  void onLine(byte[] l, int len) {
    if (Proto.startsWith(l, len, Proto.BYE)) {
      bye = new String(l, 0, len, StandardCharsets.UTF_8);
      ready.tryFail(bye);
    } else if (Proto.isChatReply(l, len)) {
      reply = new String(l, 0, len, StandardCharsets.UTF_8);
      ready.tryComplete();
    }
  }
}
