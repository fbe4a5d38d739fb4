package io.chatnode.testing;

import io.chatnode.protocol.ServerLine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real TCP client for tests, on Vert.x NetClient. Lines from the node are sorted into replies
 * ({@code ok}/{@code err}) and pushes, each awaited as events with a deadline, never by sleeping.
 * Its state is touched only on its own event loop.
 */
public final class LineClient {

  private final Vertx vertx;
  private final NetSocket socket;
  private final LineQueue replies = new LineQueue();
  private final LineQueue pushes = new LineQueue();
  private final Promise<Void> closed = Promise.promise();
  private final io.vertx.core.Context context;
  // Held on purpose: Vert.x closes a NetClient, and its connections, once it is garbage.
  private final NetClient netClient;

  private LineClient(Vertx vertx, NetClient netClient, NetSocket socket, io.vertx.core.Context context) {
    this.vertx = vertx;
    this.netClient = netClient;
    this.socket = socket;
    this.context = context;
    RecordParser parser = RecordParser.newDelimited("\n", line -> {
      String text = line.toString(StandardCharsets.UTF_8);
      (ServerLine.isReplyLine(text) ? replies : pushes).offer(text);
    });
    parser.maxRecordSize(16 * 1024 * 1024);
    socket.handler(parser);
    socket.closeHandler(v -> closed.tryComplete());
  }

  /** Connects and waits for the greeting. */
  public static LineClient connect(Vertx vertx, int port) {
    LineClient client = connectRaw(vertx, port);
    String hello = client.push();
    if (!hello.startsWith("hello ")) {
      throw new AssertionError("first line is not hello: " + hello);
    }
    client.hello = hello;
    return client;
  }

  /** Connects with these options (TLS ones, say) and waits for the greeting. */
  public static LineClient connect(Vertx vertx, int port, NetClientOptions options) {
    LineClient client = connectRaw(vertx, port, options);
    String hello = client.push();
    if (!hello.startsWith("hello ")) {
      throw new AssertionError("first line is not hello: " + hello);
    }
    client.hello = hello;
    return client;
  }

  /** Connects with these options without waiting for anything; fails as the connect fails. */
  public static Future<LineClient> tryConnect(Vertx vertx, int port, NetClientOptions options) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Promise<LineClient> ready = Promise.promise();
    context.runOnContext(v -> {
      NetClient netClient = vertx.createNetClient(new NetClientOptions(options).setTcpNoDelay(true));
      netClient.connect(port, "127.0.0.1")
          .map(socket -> new LineClient(vertx, netClient, socket, context))
          .onComplete(ready);
    });
    return ready.future();
  }

  /** The socket, for TLS details (peer certificates, protocol). */
  public NetSocket socket() {
    return socket;
  }

  /** Completes when the node closes the connection. */
  public Future<Void> closedFuture() {
    return closed.future();
  }

  /** Connects without reading anything. */
  public static LineClient connectRaw(Vertx vertx, int port) {
    return connectRaw(vertx, port, new NetClientOptions());
  }

  /**
   * Connects with small fixed socket buffers, so that a client that stops reading fills up after
   * kilobytes rather than after the tens of megabytes that loopback autotuning allows.
   */
  public static LineClient connectSmallBuffers(Vertx vertx, int port) {
    LineClient client = connectRaw(vertx, port, new NetClientOptions().setReceiveBufferSize(8192).setSendBufferSize(8192));
    client.hello = client.push();
    return client;
  }

  private static LineClient connectRaw(Vertx vertx, int port, NetClientOptions options) {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    Promise<LineClient> ready = Promise.promise();
    context.runOnContext(v -> {
      NetClient netClient = vertx.createNetClient(new NetClientOptions(options).setTcpNoDelay(true));
      netClient.connect(port, "127.0.0.1")
          .map(socket -> new LineClient(vertx, netClient, socket, context))
          .onComplete(ready);
    });
    return Await.await(ready.future());
  }

  private String hello;

  public String hello() {
    return hello;
  }

  /** The guest nickname from the greeting. */
  public String guestNick() {
    return hello.split(" ")[1];
  }

  public LineClient send(String line) {
    return sendRaw(Buffer.buffer(line + "\n", "UTF-8"));
  }

  public LineClient sendRaw(Buffer data) {
    context.runOnContext(v -> socket.write(data));
    return this;
  }

  public LineClient sendRaw(byte[] data) {
    return sendRaw(Buffer.buffer(data));
  }

  /** Sends a request and waits for the next reply. */
  public String call(String line) {
    send(line);
    return reply();
  }

  public String reply() {
    return Await.await(onContext(replies::take));
  }

  public List<String> replies(int count) {
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(reply());
    }
    return lines;
  }

  public String push() {
    return Await.await(onContext(pushes::take));
  }

  /** Skips pushes until one matches. */
  public String pushMatching(Predicate<String> wanted) {
    while (true) {
      String line = push();
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /**
   * The next push that {@code wanted} accepts, as an event, skipping the others: for tests that
   * wait on several clients at once with a {@code VertxTestContext}.
   */
  public Future<String> nextPush(Predicate<String> wanted) {
    return onContext(() -> takePushMatching(wanted));
  }

  private Future<String> takePushMatching(Predicate<String> wanted) {
    return pushes.take().compose(line -> wanted.test(line) ? Future.succeededFuture(line) : takePushMatching(wanted));
  }

  /** Sends a request; completes with its reply. */
  public Future<String> request(String line) {
    Buffer data = Buffer.buffer(line + "\n", "UTF-8");
    return onContext(() -> {
      socket.write(data);
      return replies.take();
    });
  }

  /** Pushes received and not yet taken, without waiting. */
  public List<String> pendingPushes() {
    return Await.await(onContext(() -> Future.succeededFuture(pushes.drainNow())));
  }

  /** Replies received and not yet taken, without waiting. */
  public List<String> pendingReplies() {
    return Await.await(onContext(() -> Future.succeededFuture(replies.drainNow())));
  }

  public void awaitClosed() {
    Await.await(closed.future());
  }

  public boolean isClosed() {
    return closed.future().isComplete();
  }

  public void pauseReading() {
    context.runOnContext(v -> socket.pause());
  }

  public void resumeReading() {
    context.runOnContext(v -> socket.resume());
  }

  public void close() {
    Await.await(onContext(socket::close));
  }

  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(result));
    return result.future();
  }
}
