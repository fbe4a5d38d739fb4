package io.chatnode.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every command of the protocol, and where its work is done. */
public enum CommandWord {
  HELP(Lane.CONNECTION),
  PING(Lane.CONNECTION),
  GET_TIME(Lane.WORKER),
  ECHO(Lane.WORKER),
  CALCULATE_SUM(Lane.WORKER),
  NICK(Lane.CHAT),
  JOIN(Lane.CHAT),
  LEAVE(Lane.CHAT),
  SAY(Lane.CHAT),
  MSG(Lane.CHAT),
  WHO(Lane.CHAT),
  ROOMS(Lane.CHAT),
  STATS(Lane.CHAT),
  AUTH(Lane.CHAT),
  QUIT(Lane.CONNECTION);

  /**
   * Where a command runs. Worker commands are independent of connection state and are batched to
   * worker verticles; chat commands read or change the connection's identity and rooms, so they
   * run one after another per connection; connection commands are answered on the spot.
   */
  public enum Lane { CONNECTION, WORKER, CHAT }

  private static final Map<String, CommandWord> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(CommandWord::wireName, Function.identity()));

  private final Lane lane;
  private final String wireName;

  CommandWord(Lane lane) {
    this.lane = lane;
    this.wireName = name().toLowerCase(java.util.Locale.ROOT);
  }

  public Lane lane() {
    return lane;
  }

  public String wireName() {
    return wireName;
  }

  /** The command for a lower-case command word, or null. */
  public static CommandWord byWireName(String word) {
    return BY_WIRE_NAME.get(word);
  }

  /** The {@code help} listing, in protocol order. */
  public static String listing() {
    return Arrays.stream(values()).map(CommandWord::wireName).collect(Collectors.joining(" "));
  }
}
