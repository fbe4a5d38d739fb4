package io.chatnode.config;

/**
 * Every limit the node enforces; each is a key under {@code limits.} in conf/config.json.
 *
 * @param maxLineBytes longest accepted request line, in bytes, LF (and a CR before it) excluded
 * @param chatRate say/msg lines per second per connection; 0 turns flood control off
 * @param chatBurst say/msg lines a connection may send at once before the rate applies
 * @param maxConnections open connections per node; one more is sent {@code bye server_full}
 * @param idleTimeoutSeconds a connection that sends nothing this long is closed; 0: never
 * @param maxOutboundBytes bytes queued towards one client before it counts as a slow consumer
 * @param maxPendingReplies unanswered requests per connection before its reads are paused
 * @param maxRoomsPerConnection rooms one connection may be in
 * @param sumMaxOperands operands one calculate_sum accepts
 * @param sumMaxDigits digits one calculate_sum operand may have
 * @param requestTimeoutMs how long a request may wait for a worker or another node
 * @param shutdownGraceSeconds how long a stopping node waits for connections to close
 * @param closeGraceMs how long a closing connection may take to send what is queued for it
 * @param slowConsumerGraceMs how long a {@code tags} connection may stay over
 *     {@code maxOutboundBytes} (its room messages dropped, {@code lost} notices owed) before it is
 *     closed as a slow consumer
 * @param maxOutboundHardBytes bytes queued towards a {@code tags} connection (replies and
 *     {@code dm}s, which are never dropped) at which it is closed at once
 */
public record Limits(
    int maxLineBytes,
    int chatRate,
    int chatBurst,
    int maxConnections,
    int idleTimeoutSeconds,
    int maxOutboundBytes,
    int maxPendingReplies,
    int maxRoomsPerConnection,
    int sumMaxOperands,
    int sumMaxDigits,
    int requestTimeoutMs,
    int shutdownGraceSeconds,
    int closeGraceMs,
    int slowConsumerGraceMs,
    int maxOutboundHardBytes) {}
