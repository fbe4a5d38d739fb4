package io.chatnode.auth;

import io.chatnode.config.ConfigException;
import io.chatnode.protocol.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users allowed to log in: one {@code user:pbkdf2-sha256:iterations:salt:hash} a line,
 * {@code #} comments and blank lines ignored (what {@code chatnode passwd USER} prints). User names
 * follow the nickname rule, since an authenticated user's nickname is its user name. Immutable.
 */
public final class UserFile {

  private final Map<String, Entry> users;
  private final PasswordHash dummy;

  /** A user name as written in the file, and its hash. */
  public record Entry(String name, PasswordHash hash) {}

  private UserFile(Map<String, Entry> users) {
    this.users = users;
    int iterations = users.values().stream().mapToInt(e -> e.hash().iterations()).max()
        .orElse(PasswordHash.DEFAULT_ITERATIONS);
    // Unknown users are checked against this, so that they cost as much time as known ones.
    this.dummy = PasswordHash.create("not a password".toCharArray(), iterations);
  }

  public static UserFile load(Path file) {
    return parse(read(file), file.toString());
  }

  /** The file's bytes; a ConfigException naming the key if it cannot be read. */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("invalid configuration: cannot read auth.usersFile " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  public static UserFile parse(byte[] content, String source) {
    return parse(new String(content, StandardCharsets.UTF_8).lines().toList(), source);
  }

  public static UserFile parse(List<String> lines, String source) {
    Map<String, Entry> users = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String where = "invalid configuration: " + source + " line " + (i + 1) + ": ";
      if (colon <= 0) {
        throw new ConfigException(where + "expected user:" + PasswordHash.SCHEME + ":... (chatnode passwd USER prints one)");
      }
      String name = line.substring(0, colon);
      if (!Names.isValid(name)) {
        throw new ConfigException(where + "user name " + name + " breaks the nickname rule (" + Names.RULE + ")");
      }
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(line.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        // the message never quotes the hash
        throw new ConfigException(where + "the hash of " + name + " is invalid: " + e.getMessage());
      }
      if (users.putIfAbsent(Names.key(name), new Entry(name, hash)) != null) {
        throw new ConfigException(where + "user " + name + " appears twice");
      }
    }
    return new UserFile(Map.copyOf(users));
  }

  /** The user of that name (case-insensitively), or null. */
  public Entry find(String name) {
    return users.get(Names.key(name));
  }

  public boolean isUser(String name) {
    return users.containsKey(Names.key(name));
  }

  public int size() {
    return users.size();
  }

  /**
   * The user if {@code password} is right, else null. Blocking and slow (PBKDF2); costs the same
   * for an unknown user as for a known one.
   */
  public Entry verify(String name, char[] password) {
    Entry entry = Names.isValid(name) ? users.get(Names.key(name)) : null;
    boolean ok = (entry != null ? entry.hash() : dummy).verify(password);
    return ok && entry != null ? entry : null;
  }
}
