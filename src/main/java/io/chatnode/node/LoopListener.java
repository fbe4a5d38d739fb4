package io.chatnode.node;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Something that accepts clients on one event loop and hands each to
 * {@link LoopContext#open(Transport)}: the TCP listeners now, a WebSocket server next. The server
 * verticle creates one per listener kind on each of its event loops, starts it once the loop's
 * context is ready and shuts it down when the node stops.
 */
public interface LoopListener {

  /** Starts accepting on the current event loop, the one {@code loop} belongs to. */
  Future<?> start(LoopContext loop);

  /**
   * Stops accepting, and asks every connection it accepted to close
   * ({@link Transport.Receiver#shutdownRequested()}) within {@code grace}.
   */
  Future<?> shutdown(Duration grace);
}
