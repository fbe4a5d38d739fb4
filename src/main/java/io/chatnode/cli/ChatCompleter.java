package io.chatnode.cli;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: slash commands as the first word, then rooms after the commands that take a
 * room, and nicknames seen everywhere else. Runs on the input thread, so it reads thread-safe
 * snapshots only.
 */
public final class ChatCompleter implements Completer {

  private static final Set<String> ROOM_COMMANDS = Set.of("/join", "/leave", "/room", "/who");

  private final Supplier<Collection<String>> nicks;
  private final Supplier<Collection<String>> rooms;

  public ChatCompleter(Supplier<Collection<String>> nicks, Supplier<Collection<String>> rooms) {
    this.nicks = nicks;
    this.rooms = rooms;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    candidates.addAll(candidates(line.words(), line.wordIndex()).stream().map(Candidate::new).toList());
  }

  /** The completions for word {@code wordIndex} of {@code words}; JLine filters them by prefix. */
  List<String> candidates(List<String> words, int wordIndex) {
    String first = words.isEmpty() ? "" : words.get(0);
    if (wordIndex == 0 && first.startsWith("/")) {
      return List.copyOf(InputParser.COMMANDS.keySet());
    }
    if (wordIndex == 1 && ROOM_COMMANDS.contains(first)) {
      return List.copyOf(rooms.get());
    }
    return List.copyOf(nicks.get());
  }
}
