package io.chatnode.config;

/**
 * Room history and message numbering (protocol 1.1); the keys under {@code history.} in
 * conf/config.json.
 *
 * @param enabled keep and serve room history ({@code history} command, {@code caps=...,history});
 *     when false, messages are still numbered and ordered but none is kept
 * @param roomLength messages kept per room, newest first out of the ring's end; at least 10 so
 *     tests can reach the end of a ring
 * @param ttlSeconds how long a message is kept; at least a day, so that the protocol's promise
 *     (24 h) holds and a room let go after the TTL never numbers below its old messages
 * @param maxPerRequest most messages one {@code history} request returns ({@code history_max=} in
 *     {@code hello}); at least 100, as the protocol promises
 * @param gapWaitMs how long a node holds a room's later messages back while an earlier one is
 *     missing (its sender's node died between numbering and sending it) before it reads the
 *     missing ones from the store
 */
public record HistorySettings(boolean enabled, int roomLength, int ttlSeconds, int maxPerRequest, int gapWaitMs) {

  public static final int MIN_ROOM_LENGTH = 10;
  public static final int MIN_TTL_SECONDS = 86_400;
  public static final int MIN_PER_REQUEST = 100;

  /** Messages kept per room: {@link #roomLength}, or none when history is off. */
  public int keptPerRoom() {
    return enabled ? roomLength : 0;
  }
}
