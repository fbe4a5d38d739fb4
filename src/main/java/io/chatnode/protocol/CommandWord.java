package io.chatnode.protocol;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every command word of the protocol, the type it parses to, and where its work is done. */
public enum CommandWord {
  HELP(Lane.CONNECTION, Command.Help.class),
  PING(Lane.CONNECTION, Command.Ping.class),
  GET_TIME(Lane.WORKER, Command.GetTime.class),
  ECHO(Lane.WORKER, Command.Echo.class),
  CALCULATE_SUM(Lane.WORKER, Command.Sum.class),
  NICK(Lane.CHAT, Command.Nick.class),
  JOIN(Lane.CHAT, Command.Join.class),
  LEAVE(Lane.CHAT, Command.Leave.class),
  SAY(Lane.CHAT, Command.Say.class),
  MSG(Lane.CHAT, Command.Msg.class),
  WHO(Lane.CHAT, Command.Who.class),
  ROOMS(Lane.CHAT, Command.Rooms.class),
  STATS(Lane.CHAT, Command.Stats.class),
  AUTH(Lane.CHAT, Command.Auth.class),
  CAP(Lane.CONNECTION, Command.Cap.class),
  HISTORY(Lane.CHAT, Command.History.class),
  QUIT(Lane.CONNECTION, Command.Quit.class);

  /**
   * Where a command runs. Worker commands are independent of connection state and are batched to
   * worker verticles; chat commands read or change the connection's identity and rooms, so they
   * run one after another per connection; connection commands are answered on the spot.
   */
  public enum Lane { CONNECTION, WORKER, CHAT }

  private static final Map<String, CommandWord> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(CommandWord::wireName, Function.identity()));

  private static final Map<Class<? extends Command>, CommandWord> BY_TYPE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(CommandWord::type, Function.identity()));

  private final Lane lane;
  private final Class<? extends Command> type;
  private final String wireName;

  CommandWord(Lane lane, Class<? extends Command> type) {
    this.lane = lane;
    this.type = type;
    this.wireName = name().toLowerCase(Locale.ROOT);
  }

  /** The type that a request with this word parses to. */
  public Class<? extends Command> type() {
    return type;
  }

  /** The word of a command type. */
  static CommandWord of(Class<? extends Command> type) {
    return BY_TYPE.get(type);
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
