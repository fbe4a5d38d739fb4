package io.chatnode.protocol;

import java.util.List;

/**
 * A request with valid arguments, one type per command ({@link CommandParser} makes them).
 * Room names are in their compared form ({@link Names#key}); nicknames and text are as sent.
 * Code that acts on a command switches over {@link #word()}, with no {@code default}, so that a
 * new command cannot be forgotten (Java 17 has no switch over sealed types).
 */
public sealed interface Command extends Parsed {

  /** The command word of this type ({@link CommandWord#type()} names the type of each word). */
  default CommandWord word() {
    return CommandWord.of(getClass());
  }

  record Help() implements Command {}

  /** @param token what follows {@code ping}, echoed after {@code pong}; empty for none */
  record Ping(String token) implements Command {}

  record GetTime() implements Command {}

  /** @param text everything after {@code echo }, kept exactly */
  record Echo(String text) implements Command {}

  /** @param operands the words to add up, not yet checked (their rules depend on the limits) */
  record Sum(List<String> operands) implements Command {}

  record Nick(String name) implements Command {}

  record Join(String room) implements Command {}

  record Leave(String room) implements Command {}

  record Say(String room, String text) implements Command {}

  record Msg(String nick, String text) implements Command {}

  record Who(String room) implements Command {}

  record Rooms() implements Command {}

  record Stats() implements Command {}

  /** The password is the caller's to wipe; it never appears in {@link #toString()}. */
  record Auth(String user, String password) implements Command {

    @Override
    public String toString() {
      return "Auth[user=" + user + ", password=***]";
    }
  }

  /** @param caps the capabilities asked for (protocol 1.1), all known ones; the node checks what it offers */
  record Cap(java.util.Set<Capabilities.Cap> caps) implements Command {
    public Cap {
      caps = java.util.Set.copyOf(caps);
    }

    public CommandWord word() {
      return CommandWord.CAP;
    }
  }

  /** @param request the room and range asked for (protocol 1.1); its limit is not yet cut to the node's maximum */
  record History(HistoryRequest request) implements Command {
    public CommandWord word() {
      return CommandWord.HISTORY;
    }
  }

  /** @param reason what follows {@code quit}; not used */
  record Quit(String reason) implements Command {}
}
