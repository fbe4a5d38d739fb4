package io.chatnode.node;

import io.chatnode.chat.UserDirectory;
import io.chatnode.config.AuthSettings;
import io.chatnode.config.HistorySettings;
import io.chatnode.config.Limits;
import io.chatnode.config.ReservedNames;
import io.chatnode.ops.NodeMetrics;
import io.vertx.core.Vertx;

/**
 * What a connection on one event loop may use, and nothing more: the limits, the meters, the
 * loop's rooms and end-of-turn flusher, the user directory, the node's hand-offs. One per
 * event loop, made by the {@link ServerVerticle} instance that owns the loop.
 *
 * <p>The entry point for a transport: {@link #open(Transport)}. A listener of any kind (a
 * {@link LoopListener}) accepts a peer on this loop, wraps it in a {@link Transport} and hands it
 * in; the session pipeline does the rest. The listener learns its loop's context in
 * {@link LoopListener#start(LoopContext)}.
 *
 * @param vertx       the node's Vert.x instance
 * @param nodeId      this node's id, as advertised in {@code hello}
 * @param inbox       this loop's event bus address for private messages
 * @param limits      the {@code limits.*} keys
 * @param auth        the {@code auth.*} keys
 * @param lobby       the room every connection joins first; empty for none
 * @param metrics     the node's meters
 * @param rooms       this loop's room memberships and fan-out
 * @param flusher     this loop's end-of-turn writes
 * @param directory   the cluster-wide user directory
 * @param handOffs    which of this node's loops have yet to fan a {@code say} out
 * @param credentials what logins are checked against
 * @param status      the node's numbers for {@code stats}
 * @param connections this loop's open connections
 * @param index       this loop's number among the node's loops
 * @param history     the {@code history.*} keys
 * @param hub         the node's numbered room messages and history (protocol 1.1)
 */
public record LoopContext(Vertx vertx, String nodeId, String inbox, Limits limits, AuthSettings auth, String lobby,
    ReservedNames reservedNames,
    NodeMetrics metrics, LocalRooms rooms, TurnFlusher flusher, UserDirectory directory, LocalHandOffs handOffs,
    Credentials credentials, NodeStatus status, LoopConnections connections, int index, HistorySettings history,
    RoomMessageHub hub) {

  /**
   * Opens a client connection over {@code transport}: greets it, and runs its session pipeline
   * until it closes. When the node is full, says {@code bye server_full} and closes instead.
   * Call on this loop's event-loop thread, the one that accepted the peer.
   */
  public void open(Transport transport) {
    connections.open(this, transport);
  }
}
