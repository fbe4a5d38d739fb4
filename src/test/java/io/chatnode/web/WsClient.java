package io.chatnode.web;

import io.chatnode.protocol.Replies;
import io.chatnode.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client of the node's {@code /ws} for tests, on Vert.x's WebSocket client: each text
 * message is one line, sorted into replies and pushes, each awaited with a deadline.
 */
public final class WsClient {

  private final WebSocket socket;
  private final Context context;
  private final Lines replies = new Lines();
  private final Lines pushes = new Lines();
  private final List<Boolean> binaryMessages = new ArrayList<>();
  private final Promise<Short> closed = Promise.promise();
  // Held on purpose: the client owns the connection.
  @SuppressWarnings("unused")
  private final WebSocketClient client;

  private WsClient(WebSocketClient client, WebSocket socket, Context context) {
    this.client = client;
    this.socket = socket;
    this.context = context;
    socket.frameHandler(frame -> {
      if (frame.isText() || frame.isBinary()) {
        binaryMessages.add(frame.isBinary());
        String line = frame.isText() ? frame.textData() : frame.binaryData().toString();
        (Replies.isReply(line) ? replies : pushes).offer(line);
      }
    });
    socket.closeHandler(v -> closed.tryComplete(socket.closeStatusCode()));
  }

  /** Opens {@code /ws} with this {@code Origin} (null: none), without waiting for anything. */
  static Future<WsClient> open(Vertx vertx, int port, String origin) {
    Context context = vertx.getOrCreateContext();
    Promise<WsClient> ready = Promise.promise();
    context.runOnContext(v -> {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions());
      WebSocketConnectOptions options = new WebSocketConnectOptions()
          .setHost("127.0.0.1").setPort(port).setURI("/ws");
      if (origin != null) {
        options.addHeader("Origin", origin);
      }
      client.connect(options).map(socket -> new WsClient(client, socket, context)).onComplete(ready);
    });
    return ready.future();
  }

  /** Opens {@code /ws} without Origin (a program, not a page) and waits for {@code hello}. */
  public static WsClient connect(Vertx vertx, int port) {
    WsClient client = Await.await(open(vertx, port, null));
    String hello = client.push();
    if (!hello.startsWith("hello ")) {
      throw new AssertionError("first message is not hello: " + hello);
    }
    return client;
  }

  WsClient send(String line) {
    context.runOnContext(v -> socket.writeTextMessage(line));
    return this;
  }

  WsClient sendBinary(byte[] bytes) {
    context.runOnContext(v -> socket.writeBinaryMessage(Buffer.buffer(bytes)));
    return this;
  }

  /** One frame, not split by the client: for the node's frame limit. */
  WsClient sendFrame(WebSocketFrame frame) {
    context.runOnContext(v -> socket.writeFrame(frame));
    return this;
  }

  public String call(String line) {
    send(line);
    return reply();
  }

  String reply() {
    return Await.await(onContext(replies::take));
  }

  public String push() {
    return Await.await(onContext(pushes::take));
  }

  /** Skips pushes until one matches. */
  public String pushMatching(java.util.function.Predicate<String> wanted) {
    while (true) {
      String line = push();
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Whether any message from the node so far was binary (they must all be text). */
  boolean anyBinary() {
    return Await.await(onContext(() -> Future.succeededFuture(binaryMessages.contains(true))));
  }

  /** Waits for the close; the status code the node sent. */
  short awaitClosed() {
    return Await.await(closed.future());
  }

  boolean isClosed() {
    return closed.future().isComplete();
  }

  void close() {
    Await.await(onContext(socket::close));
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }

  /** Lines and the waiters for lines not yet arrived; on the client's context only. */
  private static final class Lines {
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final ArrayDeque<Promise<String>> waiters = new ArrayDeque<>();

    void offer(String line) {
      Promise<String> waiter = waiters.poll();
      if (waiter != null) {
        waiter.complete(line);
      } else {
        lines.add(line);
      }
    }

    Future<String> take() {
      String line = lines.poll();
      if (line != null) {
        return Future.succeededFuture(line);
      }
      Promise<String> waiter = Promise.promise();
      waiters.add(waiter);
      return waiter.future();
    }
  }
}
