package io.chatnode.bench;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.function.Supplier;

/**
 * One load-generating connection on a Vert.x event loop. Splits what it reads into lines without
 * allocating (the bytes are copied into one reusable array per connection, CR before LF dropped)
 * and hands each line to {@link #onLine}; after each read, {@link #afterRead} may write one
 * batched buffer. All its state is touched on its own event loop only; other threads go through
 * {@link #onContext}.
 */
abstract class BenchConn {

  private static final int MAX_LINE = 64 * 1024;

  final Proto proto;
  private final byte[] line = new byte[MAX_LINE];
  private int lineLength;
  private boolean lineTooLong;
  private Context context;
  NetSocket socket;
  /** Completes once the connection can be used (its setup command answered). */
  final Promise<Void> ready = Promise.promise();
  final Promise<Void> closed = Promise.promise();
  boolean isClosed;

  BenchConn(Proto proto) {
    this.proto = proto;
  }

  /**
   * Connects on a fresh event loop context, then sends {@link #setup()}. The handlers are set in
   * the connect's own completion, on the event loop, before anything can be read: set in a later
   * task, a refused connection's {@code bye} and close could come first and be lost, and the
   * connection would never become ready nor fail.
   */
  Future<Void> connect(Vertx vertx, NetClient client, Endpoint to) {
    context = vertx.getOrCreateContext();
    Promise<NetSocket> connected = Promise.promise();
    context.runOnContext(v -> client.connect(to.port(), to.host()).onComplete(ar -> {
      if (ar.succeeded()) {
        attach(ar.result());
      }
      connected.handle(ar);
    }));
    return connected.future().compose(s -> ready.future());
  }

  private void attach(NetSocket s) {
    socket = s;
    s.handler(this::onData);
    s.closeHandler(v -> {
      isClosed = true;
      ready.tryFail("closed before it was ready");
      onClose();
      closed.tryComplete();
    });
    s.exceptionHandler(e -> { });
    Buffer setup = setup();
    if (setup != null) {
      s.write(setup);
    }
  }

  /** What to send on connect; its reply (or first line) makes the connection ready. */
  abstract Buffer setup();

  /** One line, without its LF (and CR); valid only during the call. */
  abstract void onLine(byte[] l, int len);

  void afterRead() {}

  void onClose() {}

  private void onData(Buffer data) {
    ByteBuf buf = ((BufferInternal) data).unwrap();
    int i = buf.readerIndex();
    int end = buf.writerIndex();
    while (i < end) {
      int lf = buf.indexOf(i, end, (byte) '\n');
      int segmentEnd = lf < 0 ? end : lf;
      int n = segmentEnd - i;
      if (lineLength + n <= line.length) {
        buf.getBytes(i, line, lineLength, n);
        lineLength += n;
      } else {
        lineTooLong = true;
      }
      if (lf < 0) {
        break;
      }
      int len = lineLength;
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      if (!lineTooLong) {
        onLine(line, len);
      }
      lineLength = 0;
      lineTooLong = false;
      i = lf + 1;
    }
    afterRead();
  }

  /** Runs {@code action} on this connection's event loop. */
  <T> Future<T> onContext(Supplier<T> action) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /**
   * Sends {@code line} every {@code periodMs} on this connection's event loop until it closes:
   * a keep-alive, as a real client sends within the node's idle timeout.
   */
  void every(long periodMs, Buffer line) {
    long timer = context.owner().setPeriodic(periodMs, id -> {
      if (!isClosed) {
        socket.write(line);
      }
    });
    closed.future().onComplete(v -> context.owner().cancelTimer(timer));
  }

  /** Runs {@code action} on this connection's event loop in {@code ms} milliseconds. */
  void later(long ms, Runnable action) {
    context.runOnContext(v -> context.owner().setTimer(ms, id -> action.run()));
  }

  Future<Void> close() {
    if (socket == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> socket.close().onComplete(ar -> done.tryComplete()));
    return done.future();
  }
}
