package io.chatnode.protocol;

/**
 * What {@link CommandParser} makes of one request line: a {@link Command} with valid arguments,
 * a refusal with its {@code err} reply, or nothing (a line of spaces).
 */
public sealed interface Parsed permits Command, Parsed.Refused, Parsed.Blank {

  /**
   * A line that names no command, or a command with arguments that break its rules.
   *
   * @param word  the command named, or null when the line names none
   * @param reply the {@code err} reply line
   */
  record Refused(CommandWord word, String reply) implements Parsed {}

  /** A line of nothing but spaces: no request, no reply. */
  record Blank() implements Parsed {}
}
