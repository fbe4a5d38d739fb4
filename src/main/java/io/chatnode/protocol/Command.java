package io.chatnode.protocol;

import java.util.List;

/**
 * A request with valid arguments, one type per command ({@link CommandParser} makes them).
 * Room names are in their compared form ({@link Names#key}); nicknames and text are as sent.
 * Code that acts on a command switches over {@link #word()}, with no {@code default}, so that a
 * new command cannot be forgotten.
 */
public sealed interface Command extends Parsed {

  CommandWord word();

  record Help() implements Command {
    public CommandWord word() {
      return CommandWord.HELP;
    }
  }

  /** @param token what follows {@code ping}, echoed after {@code pong}; empty for none */
  record Ping(String token) implements Command {
    public CommandWord word() {
      return CommandWord.PING;
    }
  }

  record GetTime() implements Command {
    public CommandWord word() {
      return CommandWord.GET_TIME;
    }
  }

  /** @param text everything after {@code echo }, kept exactly */
  record Echo(String text) implements Command {
    public CommandWord word() {
      return CommandWord.ECHO;
    }
  }

  /** @param operands the words to add up, not yet checked (their rules depend on the limits) */
  record Sum(List<String> operands) implements Command {
    public CommandWord word() {
      return CommandWord.CALCULATE_SUM;
    }
  }

  record Nick(String name) implements Command {
    public CommandWord word() {
      return CommandWord.NICK;
    }
  }

  record Join(String room) implements Command {
    public CommandWord word() {
      return CommandWord.JOIN;
    }
  }

  record Leave(String room) implements Command {
    public CommandWord word() {
      return CommandWord.LEAVE;
    }
  }

  record Say(String room, String text) implements Command {
    public CommandWord word() {
      return CommandWord.SAY;
    }
  }

  record Msg(String nick, String text) implements Command {
    public CommandWord word() {
      return CommandWord.MSG;
    }
  }

  record Who(String room) implements Command {
    public CommandWord word() {
      return CommandWord.WHO;
    }
  }

  record Rooms() implements Command {
    public CommandWord word() {
      return CommandWord.ROOMS;
    }
  }

  record Stats() implements Command {
    public CommandWord word() {
      return CommandWord.STATS;
    }
  }

  /** The password is the caller's to wipe; it never appears in {@link #toString()}. */
  record Auth(String user, String password) implements Command {
    public CommandWord word() {
      return CommandWord.AUTH;
    }

    @Override
    public String toString() {
      return "Auth[user=" + user + ", password=***]";
    }
  }

  /** @param reason what follows {@code quit}; not used */
  record Quit(String reason) implements Command {
    public CommandWord word() {
      return CommandWord.QUIT;
    }
  }
}
