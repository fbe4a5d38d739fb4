package io.chatnode.protocol;

import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@code history <room> [latest | before <seq> | after <seq>] [<limit>]}, checked.
 * {@code before}/{@code after} are exclusive; the limit defaults to {@link #DEFAULT_LIMIT} and is
 * cut to the node's maximum. Pure: the typed command parser calls {@link #parse}.
 *
 * @param room the room, in the form names are compared in (lower case)
 * @param seq the exclusive bound of {@code before}/{@code after}; 0 for {@code latest}
 */
public record HistoryRequest(String room, Direction direction, long seq, int limit) {

  /** The limit when the request names none. */
  public static final int DEFAULT_LIMIT = 50;

  static final String USAGE = "usage: history <room> [latest | before <seq> | after <seq>] [<limit>]";

  /** Which messages of the room: the newest, those before a seq, or those after it. */
  public enum Direction { LATEST, BEFORE, AFTER }

  /** A checked request, or the {@code err} line that answers it. */
  public sealed interface Parsed permits Valid, Invalid {}

  public record Valid(HistoryRequest request) implements Parsed {}

  public record Invalid(String errorLine) implements Parsed {}

  /**
   * Parses the argument words ({@link Request#arguments()}) of a {@code history} request. A limit
   * above {@code maxLimit} (including one too long for a number) is cut to it; a limit of 0, a
   * negative or signed number, a seq that is not a whole number of at most 18 digits, a missing
   * seq or an extra word is {@code err bad_args}; a room that is not a valid name is
   * {@code err bad_name}.
   */
  public static Parsed parse(List<String> words, int maxLimit) {
    if (words.isEmpty() || words.size() > 4) {
      return bad(USAGE);
    }
    String room = words.get(0);
    if (!Names.isValid(room)) {
      return new Invalid(Replies.err(ErrorCode.BAD_NAME, Replies.quote(room)
          + " is not a valid room name: 1 to 32 characters of A-Z a-z 0-9 _ -"));
    }
    Direction direction = Direction.LATEST;
    long seq = 0;
    int next = 1;
    if (next < words.size() && !isDigits(words.get(next))) {
      String word = words.get(next).toLowerCase(Locale.ROOT);
      switch (word) {
        case "latest" -> next++;
        case "before", "after" -> {
          if (next + 1 >= words.size()) {
            return bad(word + " needs a seq: " + USAGE);
          }
          String seqWord = words.get(next + 1);
          if (!isDigits(seqWord) || seqWord.length() > 18) {
            return bad(Replies.quote(seqWord) + " is not a seq (a whole number, 0 or more)");
          }
          direction = word.equals("before") ? Direction.BEFORE : Direction.AFTER;
          seq = Long.parseLong(seqWord);
          next += 2;
        }
        default -> {
          return bad(Replies.quote(words.get(next)) + " is not latest, before or after: " + USAGE);
        }
      }
    }
    int limit = DEFAULT_LIMIT;
    if (next < words.size()) {
      String limitWord = words.get(next);
      if (!isDigits(limitWord)) {
        return bad(Replies.quote(limitWord) + " is not a limit (a whole number, 1 or more)");
      }
      limit = limitWord.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(limitWord);
      if (limit == 0) {
        return bad("the limit must be 1 or more");
      }
      next++;
    }
    if (next < words.size()) {
      return bad("unexpected " + Replies.quote(words.get(next)) + ": " + USAGE);
    }
    return new Valid(new HistoryRequest(Names.key(room), direction, seq, Math.min(limit, maxLimit)));
  }

  /** This request with its limit cut to {@code max} (a node's {@code history.maxPerRequest}). */
  public HistoryRequest limitedTo(int max) {
    return limit <= max ? this : new HistoryRequest(room, direction, seq, max);
  }

  private static Invalid bad(String message) {
    return new Invalid(Replies.err(ErrorCode.BAD_ARGS, message));
  }

  private static boolean isDigits(String word) {
    if (word.isEmpty()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
