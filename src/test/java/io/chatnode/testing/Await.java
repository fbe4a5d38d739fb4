package io.chatnode.testing;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread (never an event loop) until a future completes, with a deadline. */
public final class Await {

  public static final long DEFAULT_SECONDS = 20;

  private Await() {}

  /** What the Vert.x threads were doing when a wait timed out: the first thing to look at. */
  private static void dumpEventLoops() {
    StringBuilder dump = new StringBuilder("Vert.x threads at the timeout:\n");
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("vert.x-")) {
        dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
        for (int i = 0; i < Math.min(stack.length, 12); i++) {
          dump.append("    at ").append(stack[i]).append('\n');
        }
      }
    });
    System.err.print(dump);
  }

  /** Waits until {@code condition} holds, checking it on a short Vert.x timer, never sleeping. */
  public static void until(io.vertx.core.Vertx vertx, java.util.function.BooleanSupplier condition) {
    io.vertx.core.Promise<Void> met = io.vertx.core.Promise.promise();
    vertx.setPeriodic(0, 10, id -> {
      if (condition.getAsBoolean()) {
        // Completed first: cancelling a periodic timer from its first run can throw (Vert.x 5).
        met.tryComplete();
        vertx.cancelTimer(id);
      }
    });
    await(met.future());
  }

  /**
   * Checks a condition that may block (a request to a node, a connect) from this test thread
   * every 100 ms until it holds, failing after {@code seconds}. For conditions of other processes,
   * which send no event this JVM could wait for.
   */
  public static void poll(io.vertx.core.Vertx vertx, java.util.function.BooleanSupplier check, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      io.vertx.core.Promise<Void> tick = io.vertx.core.Promise.promise();
      vertx.setTimer(100, id -> tick.complete());
      await(tick.future());
    }
  }

  public static <T> T await(Future<T> future) {
    return await(future, DEFAULT_SECONDS);
  }

  public static <T> T await(Future<T> future, long seconds) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      dumpEventLoops();
      throw new AssertionError("nothing happened within " + seconds + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The cause a future fails with; an AssertionError if it succeeds or does nothing in time. */
  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(DEFAULT_SECONDS, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      dumpEventLoops();
      throw new AssertionError("nothing happened within " + DEFAULT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
