package io.chatnode.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a test client has received and the waiters for lines not yet arrived, shared by the
 * TCP ({@link LineClient}) and WebSocket test clients. Used on the client's context only.
 */
public final class LineQueue {

  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final ArrayDeque<Promise<String>> waiters = new ArrayDeque<>();

  public void offer(String line) {
    Promise<String> waiter = waiters.poll();
    if (waiter != null) {
      waiter.complete(line);
    } else {
      lines.add(line);
    }
  }

  /** The next line, now or when it arrives. */
  public Future<String> take() {
    String line = lines.poll();
    if (line != null) {
      return Future.succeededFuture(line);
    }
    Promise<String> waiter = Promise.promise();
    waiters.add(waiter);
    return waiter.future();
  }

  /** Every line received and not yet taken, in order; the queue is then empty. */
  public List<String> drainNow() {
    List<String> all = new ArrayList<>(lines);
    lines.clear();
    return all;
  }
}
