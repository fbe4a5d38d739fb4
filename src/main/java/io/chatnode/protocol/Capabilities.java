package io.chatnode.protocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Version 1.1's capabilities: what {@code hello} advertises and what {@code cap <name> ...} turns
 * on for one connection. Pure.
 */
public final class Capabilities {

  /** The protocol version a node that offers capabilities advertises. */
  public static final String VERSION = "1.1";

  private Capabilities() {}

  /** A capability, in the order {@code hello} and {@code cap} list them. */
  public enum Cap {
    TAGS, HISTORY;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
      return wireName;
    }
  }

  /** The capabilities a {@code cap} request asks for, or the {@code err} line that answers it. */
  public sealed interface Parsed permits Requested, Invalid {}

  public record Requested(Set<Cap> caps) implements Parsed {
    public Requested {
      caps = caps.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(caps));
    }
  }

  public record Invalid(String errorLine) implements Parsed {}

  /**
   * Parses the argument words of {@code cap}: one or more names of capabilities that {@code offered}
   * holds, case-insensitively, repeats harmless. No name, or any name not offered, is
   * {@code err bad_args} and turns nothing on.
   */
  public static Parsed parse(List<String> words, Set<Cap> offered) {
    if (words.isEmpty()) {
      return new Invalid(Replies.err(ErrorCode.BAD_ARGS, "usage: cap <name> [<name> ...]; offered: " + list(offered, ",")));
    }
    EnumSet<Cap> asked = EnumSet.noneOf(Cap.class);
    for (String word : words) {
      Cap cap = byWireName(word.toLowerCase(Locale.ROOT));
      if (cap == null || !offered.contains(cap)) {
        return new Invalid(Replies.err(ErrorCode.BAD_ARGS, Replies.quote(word)
            + " is not a capability of this node; offered: " + list(offered, ",")));
      }
      asked.add(cap);
    }
    return new Requested(asked);
  }

  /** {@code ok <every capability now on>}, space-separated, in the canonical order. */
  public static String reply(Set<Cap> on) {
    return Replies.ok(list(on, " "));
  }

  /** {@code tags,history}: the value of {@code caps=} in {@code hello}. */
  public static String helloValue(Set<Cap> offered) {
    return list(offered, ",");
  }

  /**
   * The pairs version 1.1 adds to {@code hello}, in order: {@code caps}, {@code history_max}
   * (when history is offered) and {@code epoch} (the id of the room numbering that {@code tags}
   * and history show). {@code version} is the caller's to set to {@link #VERSION}, in its usual
   * place.
   */
  public static Map<String, Object> helloPairs(Set<Cap> offered, int historyMax, String epoch) {
    Map<String, Object> pairs = new LinkedHashMap<>();
    pairs.put("caps", helloValue(offered));
    if (offered.contains(Cap.HISTORY)) {
      pairs.put("history_max", historyMax);
    }
    pairs.put("epoch", epoch);
    return pairs;
  }

  private static Cap byWireName(String word) {
    for (Cap cap : Cap.values()) {
      if (cap.wireName().equals(word)) {
        return cap;
      }
    }
    return null;
  }

  private static String list(Set<Cap> caps, String separator) {
    List<Cap> ordered = new ArrayList<>(caps.isEmpty() ? EnumSet.noneOf(Cap.class) : EnumSet.copyOf(caps));
    return ordered.stream().map(Cap::wireName).collect(Collectors.joining(separator));
  }
}
