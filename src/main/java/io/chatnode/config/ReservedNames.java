package io.chatnode.config;

import io.chatnode.protocol.Names;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Nicknames no connection may take with {@code nick}: the node's guest names ({@code guest-...},
 * so nobody passes for another guest) and the names of {@code names.reserved} ({@code admin},
 * {@code root}, {@code server}, ...), compared case-insensitively. A user who logs in with one of
 * those names as user name still gets it (login is who they are).
 */
public record ReservedNames(Set<String> keys) {

  /** What the node names a new connection: {@code guest-} and six letters or digits. */
  public static final String GUEST_PREFIX = "guest-";

  /** A new guest name: six random letters or digits, 2 billion names, so collisions are rare. */
  public static String newGuestName() {
    StringBuilder name = new StringBuilder(GUEST_PREFIX);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 6; i++) {
      name.append(Character.forDigit(random.nextInt(36), 36));
    }
    return name.toString();
  }

  /** {@code names.reserved}: comma-separated names, each valid as a nickname; empty for none. */
  static ReservedNames parse(String list) {
    Set<String> keys = Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .peek(name -> {
          if (!Names.isValid(name)) {
            throw ConfigException.forKey("names.reserved", "must list names of 1 to 32 characters of A-Z a-z 0-9 _ -, "
                + "separated by commas (got \"" + name + "\")");
          }
        })
        .map(Names::key).collect(Collectors.toUnmodifiableSet());
    return new ReservedNames(keys);
  }

  /** True if {@code nick} may not be taken with {@code nick}. */
  public boolean reserves(String nick) {
    return nick.toLowerCase(Locale.ROOT).startsWith(GUEST_PREFIX) || keys.contains(Names.key(nick));
  }
}
