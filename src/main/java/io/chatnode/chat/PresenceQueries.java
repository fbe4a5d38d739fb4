package io.chatnode.chat;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code who} and {@code rooms} computed from the user records. Pure. */
public final class PresenceQueries {

  private PresenceQueries() {}

  /** Nicknames of a room's members, sorted case-insensitively, space-separated. */
  public static String who(Collection<UserRecord> users, String room) {
    return users.stream()
        .filter(u -> u.rooms().contains(room))
        .map(UserRecord::nick)
        .sorted(String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder()))
        .collect(Collectors.joining(" "));
  }

  /** {@code room:members} for every room with members, sorted by room name. */
  public static String rooms(Collection<UserRecord> users) {
    Map<String, Integer> counts = new TreeMap<>();
    for (UserRecord user : users) {
      for (String room : user.rooms()) {
        counts.merge(room, 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(" "));
  }
}
