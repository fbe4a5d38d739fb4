package io.chatnode.cli;

/** What a line typed in the interactive client asks for, once parsed by {@link InputParser}. */
public sealed interface UserInput {

  /** Send one protocol line; {@code raw} when typed as {@code /raw}, so its reply is shown as is. */
  record Send(String line, boolean raw) implements UserInput {}

  /** Make another joined room the current one (no network). */
  record SwitchRoom(String room) implements UserInput {}

  /** Show the list of slash commands. */
  record Help() implements UserInput {}

  /** Nothing can be sent: a usage message for the user. */
  record Problem(String message) implements UserInput {}

  /** An empty line. */
  record Nothing() implements UserInput {}
}
