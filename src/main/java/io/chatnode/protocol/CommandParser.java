package io.chatnode.protocol;

import java.util.List;
import java.util.function.Function;

/**
 * Turns a decoded request line into a {@link Command}, or the {@code err} reply that refuses it.
 * Every argument rule of the protocol is here, once (what depends on state or limits, such as
 * membership or {@code calculate_sum}'s bounds, is the command's own). Pure.
 */
public final class CommandParser {

  private CommandParser() {}

  public static Parsed parse(String line) {
    Request request = RequestParser.parse(line);
    if (request.command().isEmpty()) {
      return new Parsed.Blank();
    }
    CommandWord word = CommandWord.byWireName(request.command());
    if (word == null) {
      return unknown(request.command());
    }
    return switch (word) {
      case HELP -> new Command.Help();
      case PING -> new Command.Ping(request.rest());
      case GET_TIME -> noArguments(word, request, new Command.GetTime());
      case ECHO -> new Command.Echo(request.rest());
      case CALCULATE_SUM -> new Command.Sum(request.arguments());
      case NICK -> oneName(word, request, "nick <name>", Command.Nick::new);
      case JOIN -> oneName(word, request, "join <room>", room -> new Command.Join(Names.key(room)));
      case LEAVE -> oneName(word, request, "leave <room>", room -> new Command.Leave(Names.key(room)));
      case SAY -> relay(word, request, "say <room> <text>", "room name",
          parts -> new Command.Say(Names.key(parts.word()), parts.text()));
      case MSG -> relay(word, request, "msg <nick> <text>", "nickname",
          parts -> new Command.Msg(parts.word(), parts.text()));
      case WHO -> who(request);
      case ROOMS -> noArguments(word, request, new Command.Rooms());
      case STATS -> new Command.Stats();
      case AUTH -> auth(request);
      case CAP -> cap(request);
      case HISTORY -> history(request);
      case QUIT -> new Command.Quit(request.rest());
    };
  }

  /** The reply to a line whose first word names no command. */
  public static Parsed.Refused unknown(String commandWord) {
    return new Parsed.Refused(null, Replies.err(ErrorCode.UNKNOWN_COMMAND,
        "unknown command " + Replies.quote(commandWord) + "; try help"));
  }

  private static Parsed refused(CommandWord word, ErrorCode code, String message) {
    return new Parsed.Refused(word, Replies.err(code, message));
  }

  private static Parsed noArguments(CommandWord word, Request request, Command command) {
    return request.arguments().isEmpty() ? command
        : refused(word, ErrorCode.BAD_ARGS, word.wireName() + " takes no arguments");
  }

  private static Parsed oneName(CommandWord word, Request request, String usage, Function<String, Command> make) {
    List<String> args = request.arguments();
    if (args.size() != 1) {
      return refused(word, ErrorCode.BAD_ARGS, "usage: " + usage);
    }
    if (!Names.isValid(args.get(0))) {
      return refused(word, ErrorCode.BAD_NAME, Replies.quote(args.get(0)) + " is not a valid name: " + Names.RULE);
    }
    return make.apply(args.get(0));
  }

  /** {@code <command> <name> <text>}, where the text is relayed to others. */
  private static Parsed relay(CommandWord word, Request request, String usage, String nameKind,
      Function<Request.WordAndText, Command> make) {
    Request.WordAndText parts = request.wordAndText();
    if (parts.word().isEmpty() || parts.text() == null || parts.text().isEmpty()) {
      return refused(word, ErrorCode.BAD_ARGS, "usage: " + usage);
    }
    if (!Names.isValid(parts.word())) {
      return refused(word, ErrorCode.BAD_NAME,
          Replies.quote(parts.word()) + " is not a valid " + nameKind + ": " + Names.RULE);
    }
    if (TextRules.hasControlCharacters(parts.text())) {
      return refused(word, ErrorCode.BAD_TEXT, "text must not contain control characters");
    }
    return make.apply(parts);
  }

  private static Parsed who(Request request) {
    List<String> args = request.arguments();
    if (args.size() != 1) {
      return refused(CommandWord.WHO, ErrorCode.BAD_ARGS, "usage: who <room>");
    }
    if (!Names.isValid(args.get(0))) {
      return refused(CommandWord.WHO, ErrorCode.BAD_NAME, "room names are " + Names.RULE);
    }
    return new Command.Who(Names.key(args.get(0)));
  }

  private static Parsed auth(Request request) {
    Request.WordAndText parts = request.wordAndText();
    if (parts.word().isEmpty() || parts.text() == null || parts.text().isEmpty()) {
      return refused(CommandWord.AUTH, ErrorCode.BAD_ARGS, "usage: auth <user> <password>");
    }
    return new Command.Auth(parts.word(), parts.text());
  }

  /** {@code cap <name> ...}: every known capability; which of them this node offers is the node's check. */
  private static Parsed cap(Request request) {
    Capabilities.Parsed parsed = Capabilities.parse(request.arguments(), java.util.EnumSet.allOf(Capabilities.Cap.class));
    return parsed instanceof Capabilities.Requested requested ? new Command.Cap(requested.caps())
        : new Parsed.Refused(CommandWord.CAP, ((Capabilities.Invalid) parsed).errorLine());
  }

  /** {@code history <room> [latest | before <seq> | after <seq>] [<limit>]}; the limit is cut by the node. */
  private static Parsed history(Request request) {
    HistoryRequest.Parsed parsed = HistoryRequest.parse(request.arguments(), Integer.MAX_VALUE);
    return parsed instanceof HistoryRequest.Valid valid ? new Command.History(valid.request())
        : new Parsed.Refused(CommandWord.HISTORY, ((HistoryRequest.Invalid) parsed).errorLine());
  }
}
