package io.chatnode.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * A connection's chat work, one task after another: each may depend on the identity and rooms
 * the previous one left behind ({@code nick bob} then {@code say lobby hi} says it as bob, even
 * though the rename waits for the cluster-wide map). On the connection's event loop.
 */
final class ChatLane {

  /** The connection whose replies the tasks fill. */
  interface Owner {
    /** A task's outcome into its reply slot (none for internal work). */
    void finish(ReplyQueue.Slot slot, Future<String> result);

    /** A task finished outside a read and its reply may go out at the end of the turn. */
    void answeredLater();

    /** A task that held the lane finished outside a read: write what is ready now. */
    void flush();
  }

  /**
   * A chat command waiting its turn, and the slot its reply goes to (none for internal work).
   * A task that holds the lane keeps the next one waiting until its reply is there; one that does
   * not lets it start as soon as its action has returned (see {@link ChatSession#holdsLane}).
   */
  private record Task(ReplyQueue.Slot slot, Supplier<Future<String>> action, boolean holdsLane) {}

  private final Owner owner;
  /** Room for one task at first (an idle connection holds many of these); grows when pipelined. */
  private final ArrayDeque<Task> queue = new ArrayDeque<>(1);
  private boolean busy;

  ChatLane(Owner owner) {
    this.owner = owner;
  }

  /** Queues a task that the next one waits for. */
  void add(ReplyQueue.Slot slot, Supplier<Future<String>> action) {
    add(slot, action, true);
  }

  void add(ReplyQueue.Slot slot, Supplier<Future<String>> action, boolean holdsLane) {
    queue.addLast(new Task(slot, action, holdsLane));
  }

  /** Queues internal work (no reply slot) behind what is in the lane, and runs the lane. */
  void runInternal(Supplier<Future<Void>> work) {
    add(null, () -> work.get().map(ignored -> null));
    run();
  }

  /** Queues the lane's last task, {@code last}, then completes {@code done}, and runs the lane. */
  void finish(Supplier<Future<Void>> last, Promise<Void> done) {
    add(null, () -> last.get().map(ignored -> null));
    add(null, () -> {
      done.tryComplete();
      return Future.succeededFuture();
    });
    run();
  }

  /**
   * Runs queued tasks in order. Tasks that complete at once run in this loop, so a long pipeline
   * of chat commands never nests callbacks; an asynchronous one resumes the loop when done.
   */
  void run() {
    while (!busy && !queue.isEmpty()) {
      Task task = queue.pollFirst();
      Future<String> result;
      try {
        result = task.action().get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      if (result.isComplete()) {
        owner.finish(task.slot(), result);
        continue;
      }
      if (!task.holdsLane()) {
        // The reply queue keeps the replies in request order all the same.
        Future<String> later = result;
        later.onComplete(ignored -> {
          owner.finish(task.slot(), later);
          owner.answeredLater();
        });
        continue;
      }
      busy = true;
      Future<String> pending = result;
      pending.onComplete(ignored -> {
        busy = false;
        owner.finish(task.slot(), pending);
        run();
        owner.flush();
      });
    }
  }
}
