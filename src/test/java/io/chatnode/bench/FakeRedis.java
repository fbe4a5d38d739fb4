package io.chatnode.bench;

import io.chatnode.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A RESP server that does what the bench asks of Redis (PING, ECHO, SUBSCRIBE, PUBLISH), so the
 * bench's Redis client is tested without a redis-server. One event loop serves every connection.
 */
final class FakeRedis {

  private final Map<String, Set<NetSocket>> channels = new HashMap<>();
  private NetServer server;

  static FakeRedis start(Vertx vertx) {
    FakeRedis fake = new FakeRedis();
    fake.server = Await.await(vertx.createNetServer().connectHandler(fake::onConnect).listen(0, "127.0.0.1"));
    return fake;
  }

  int port() {
    return server.actualPort();
  }

  private void onConnect(NetSocket socket) {
    List<String> words = new ArrayList<>();
    int[] expected = {0};
    RecordParser parser = RecordParser.newDelimited("\r\n", line -> {
      String text = line.toString();
      if (expected[0] == 0 && text.startsWith("*")) {
        expected[0] = Integer.parseInt(text.substring(1));
        words.clear();
      } else if (!text.startsWith("$")) {
        words.add(text);
        if (words.size() == expected[0]) {
          expected[0] = 0;
          execute(socket, new ArrayList<>(words));
        }
      }
    });
    socket.handler(parser);
    socket.closeHandler(v -> channels.values().forEach(members -> members.remove(socket)));
  }

  private void execute(NetSocket socket, List<String> words) {
    switch (words.get(0).toUpperCase()) {
      case "PING" -> socket.write("+PONG\r\n");
      case "ECHO" -> socket.write(bulk(words.get(1)));
      case "SUBSCRIBE" -> {
        channels.computeIfAbsent(words.get(1), k -> new LinkedHashSet<>()).add(socket);
        socket.write(Buffer.buffer("*3\r\n").appendBuffer(bulk("subscribe")).appendBuffer(bulk(words.get(1)))
            .appendString(":1\r\n"));
      }
      case "PUBLISH" -> {
        Set<NetSocket> members = channels.getOrDefault(words.get(1), Set.of());
        Buffer push = Buffer.buffer("*3\r\n").appendBuffer(bulk("message")).appendBuffer(bulk(words.get(1)))
            .appendBuffer(bulk(words.get(2)));
        members.forEach(m -> m.write(push));
        socket.write(":" + members.size() + "\r\n");
      }
      default -> socket.write("-ERR unknown command\r\n");
    }
  }

  private static Buffer bulk(String s) {
    return Buffer.buffer("$" + s.length() + "\r\n" + s + "\r\n");
  }
}
