package io.chatnode.history;

import io.chatnode.protocol.HistoryRequest.Direction;
import io.vertx.core.Future;
import java.util.Set;

/**
 * The sequencer and history of every room: numbers each room message once, keeps the last ones
 * (bounded by {@code history.roomLength} and {@code history.ttlSeconds}), knows which nodes have
 * members in each room, and answers history queries. One per node: in memory on a single node
 * ({@link InMemoryHistoryStore}), cluster-wide on Hazelcast ({@link HazelcastHistoryStore}).
 *
 * <p>Every method returns at once and completes later, on the caller's Vert.x context when it has
 * one: nothing here blocks an event loop. Rooms are given in the form names are compared in.
 */
public interface HistoryStore {

  /** The numbering in force; it changes exactly when numbering restarts. */
  Epoch epoch();

  /**
   * Numbers and keeps a message, and says which nodes must receive it. {@code id} is unique in the
   * cluster (the sender's node id and a counter): an append retried with the same id is not stored
   * twice.
   */
  default Future<Appended> append(String room, String id, String from, String text) {
    return append(room, id, from, text, null);
  }

  /** As {@link #append(String, String, String, String)}; {@code conn} is the sender's connection (kept, never shown). */
  Future<Appended> append(String room, String id, String from, String text, String conn);

  /**
   * {@code node} has members in the room from now on: every message numbered after this completes
   * lists it among its watchers. Completes with the number of the last message it will not
   * receive (0 if none): the node releases the room's messages from the one after it.
   */
  Future<Long> watch(String room, String node);

  /** {@code node} has no members in the room any more. */
  Future<Void> unwatch(String room, String node);

  /** The messages a {@code history} request asks for (see {@link RoomLog#query}). */
  Future<HistoryPage> query(String room, Direction direction, long seq, int limit);

  /**
   * Forgets nodes that are not in {@code aliveNodes} as watchers and lets go of rooms nobody
   * watches whose last message is older than the time to live. Covers the rooms this node holds
   * (all of them in memory; those whose partition it owns on Hazelcast); completes with what they
   * hold now.
   */
  Future<Size> sweep(Set<String> aliveNodes);

  /** Rooms and messages held. */
  record Size(int rooms, long messages) {}
}
