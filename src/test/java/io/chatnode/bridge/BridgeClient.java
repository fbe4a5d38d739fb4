package io.chatnode.bridge;

import io.chatnode.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.eventbus.bridge.tcp.impl.protocol.FrameHelper;
import io.vertx.ext.eventbus.bridge.tcp.impl.protocol.FrameParser;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A bridge client for tests that frames with Vert.x's own bridge codec (FrameHelper, FrameParser of
 * vertx-tcp-eventbus-bridge), so the node is checked against the stock wire format.
 */
final class BridgeClient {

  private final NetSocket socket;
  private final Context context;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final AtomicLong received = new AtomicLong();
  /** Frames received but not yet asked for (read on the test's thread only). */
  private final java.util.ArrayList<JsonObject> held = new java.util.ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  @SuppressWarnings("unused") // held: Vert.x closes a NetClient's connections once it is garbage
  private final NetClient netClient;

  private BridgeClient(NetClient netClient, NetSocket socket, Context context) {
    this.netClient = netClient;
    this.socket = socket;
    this.context = context;
    socket.handler(new FrameParser(ar -> {
      if (ar.succeeded()) {
        received.incrementAndGet();
        frames.add(ar.result());
      }
    }));
    socket.closeHandler(v -> closed.tryComplete());
  }

  static BridgeClient connect(Vertx vertx, int port) {
    return connect(vertx, port, new NetClientOptions());
  }

  static BridgeClient connect(Vertx vertx, int port, NetClientOptions options) {
    Context context = vertx.getOrCreateContext();
    Promise<BridgeClient> ready = Promise.promise();
    context.runOnContext(v -> {
      NetClient client = vertx.createNetClient(options);
      client.connect(port, "127.0.0.1").map(s -> new BridgeClient(client, s, context)).onComplete(ready);
    });
    return Await.await(ready.future());
  }

  BridgeClient frame(String type, String address, String replyAddress, Object body) {
    context.runOnContext(v -> FrameHelper.sendFrame(type, address, replyAddress, null, null, body, socket));
    return this;
  }

  BridgeClient raw(Buffer bytes) {
    context.runOnContext(v -> socket.write(bytes));
    return this;
  }

  /** Logs in and returns the answer: a message to the reply address, or an err frame. */
  JsonObject login(String user, String password) {
    frame("send", BridgeAddresses.LOGIN, "login", new JsonObject().put("user", user).put("password", password));
    return next();
  }

  JsonObject request(String address, Object body, String replyAddress) {
    frame("send", address, replyAddress, body);
    return next(f -> replyAddress.equals(f.getString("address")) || f.getString("address") == null
        && "err".equals(f.getString("type")));
  }

  JsonObject next() {
    return next(f -> true);
  }

  /** The first frame matching {@code wanted}; others stay for later calls, in order. */
  JsonObject next(Predicate<JsonObject> wanted) {
    for (java.util.Iterator<JsonObject> it = held.iterator(); it.hasNext(); ) {
      JsonObject frame = it.next();
      if (wanted.test(frame)) {
        it.remove();
        return frame;
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.DEFAULT_SECONDS);
    try {
      while (System.nanoTime() < deadline) {
        JsonObject frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (frame != null && wanted.test(frame)) {
          return frame;
        }
        if (frame != null) {
          held.add(frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no such frame within " + Await.DEFAULT_SECONDS + " s; held: " + held);
  }

  long received() {
    return received.get();
  }

  void pauseReading() {
    context.runOnContext(v -> socket.pause());
  }

  NetSocket socket() {
    return socket;
  }

  Future<Void> closedFuture() {
    return closed.future();
  }

  void close() {
    context.runOnContext(v -> socket.close());
  }
}
