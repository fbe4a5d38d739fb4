package io.chatnode.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order in which one room's messages are released to a node's members: by number, each once.
 * Messages come from their senders' nodes over separate connections, so they can arrive out of
 * order; each one names the number before it ({@link Appended#prev()}), and is released once that
 * one has been. A message at or below the last released number is a late copy and is dropped, so
 * nothing is ever released twice or after a later one.
 *
 * <p>A message that never arrives (its sender's node died after numbering it) holds the later ones
 * back until the caller, after {@code history.gapWaitMs}, reads what follows {@link #released()}
 * from the store and hands it to {@link #fill}. Pure and single-threaded: one per room per event
 * loop.
 *
 * @param <E> what is released (a room event)
 */
public final class RoomOrder<E> {

  /** A message waiting for its predecessor. */
  private record Held<E>(long prev, E event) {}

  private long released;
  private final TreeMap<Long, Held<E>> held = new TreeMap<>();

  /** An order that releases the messages after {@code startAfter} (what {@link HistoryStore#watch} said). */
  public RoomOrder(long startAfter) {
    this.released = startAfter;
  }

  /** The number of the last message released. */
  public long released() {
    return released;
  }

  /** True while a message waits for one that has not arrived. */
  public boolean waiting() {
    return !held.isEmpty();
  }

  /**
   * A message as it arrives: what may be released now, in order (it and any it unblocks), or
   * nothing (a late copy, or one that waits for its predecessor).
   */
  public List<E> offer(long seq, long prev, E event) {
    if (seq <= released) {
      return List.of();
    }
    if (prev > released) {
      held.putIfAbsent(seq, new Held<>(prev, event));
      return List.of();
    }
    List<E> out = new ArrayList<>();
    out.add(event);
    released = seq;
    drain(out);
    return out;
  }

  /**
   * After a gap: the messages that follow {@link #released()} as the store has them (oldest
   * first, each with its number). They are released (a held copy from the sender in place of the
   * store's), then whatever they unblock. When
   * {@code complete} (the store had no more than these), the gap cannot be filled: the held
   * messages are released anyway, from the oldest, and the numbers in between are lost for this
   * node.
   */
  public List<E> fill(List<E> fetched, java.util.function.ToLongFunction<E> seqOf, boolean complete) {
    return fill(fetched, seqOf, complete, Long.MAX_VALUE);
  }

  /**
   * {@link #fill(List, java.util.function.ToLongFunction, boolean)}, where the store's read also
   * said the newest number the room had then ({@code storeLatest}): a held message whose
   * predecessor is newer than that was numbered after the read, and its predecessor is on its way
   * (or in the store for the next read), not lost, so it keeps waiting. Skipping it there would
   * lose that predecessor for every member of the node, without a trace (seen with the bench's
   * resume workload on a loaded machine, where copies came later than {@code gapWaitMs}).
   */
  public List<E> fill(List<E> fetched, java.util.function.ToLongFunction<E> seqOf, boolean complete, long storeLatest) {
    List<E> out = new ArrayList<>();
    for (E event : fetched) {
      long seq = seqOf.applyAsLong(event);
      if (seq > released) {
        // The copy that came from its sender, if it is here, carries what the store's does not.
        Held<E> original = held.remove(seq);
        out.add(original != null ? original.event() : event);
        released = seq;
      }
    }
    drain(out);
    if (complete && !held.isEmpty() && held.firstEntry().getValue().prev() <= storeLatest) {
      Map.Entry<Long, Held<E>> oldest = held.firstEntry();
      released = Math.max(released, oldest.getValue().prev());
      drain(out);
    }
    return out;
  }

  /** Releases held messages whose predecessor is released; drops copies at or below it. */
  private void drain(List<E> out) {
    while (!held.isEmpty()) {
      Map.Entry<Long, Held<E>> first = held.firstEntry();
      if (first.getKey() <= released) {
        held.pollFirstEntry();
      } else if (first.getValue().prev() <= released) {
        held.pollFirstEntry();
        out.add(first.getValue().event());
        released = first.getKey();
      } else {
        return;
      }
    }
  }
}
