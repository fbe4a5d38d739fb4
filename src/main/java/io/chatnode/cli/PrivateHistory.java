package io.chatnode.cli;

import io.chatnode.protocol.RequestParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The interactive client's input history ({@code ~/.chatnode_history}): readable by its owner
 * only (600), and never holding a password: {@code auth} lines, typed through {@code /raw}, are
 * not kept. Chat is private too, which is why the file is the owner's alone.
 */
final class PrivateHistory extends DefaultHistory {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /** A stored history line (JLine may prefix a timestamp, {@code 1733000000000:}) that logs in. */
  private static final Pattern STORED_SECRET = Pattern.compile("^(\\d+:)?\\s*(/raw\\s+)?auth(\\s.*)?$", Pattern.CASE_INSENSITIVE);

  @Override
  public void add(Instant time, String line) {
    if (!isSecret(line)) {
      super.add(time, line);
    }
  }

  /** A typed line that carries a password: {@code /raw auth USER PASSWORD} (or {@code auth ...}). */
  static boolean isSecret(String typed) {
    String line = typed.strip();
    if (line.startsWith("/raw ")) {
      line = line.substring(5).strip();
    }
    return RequestParser.parse(line).command().equals("auth");
  }

  /**
   * Makes the file its owner's alone, creating it so if it is missing, and removes login lines an
   * earlier version may have kept. Where the file system has no POSIX permissions, only the latter.
   */
  static void prepare(Path file) throws IOException {
    boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
    if (Files.notExists(file)) {
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      return;
    }
    if (posix && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> kept = lines.stream().filter(l -> !STORED_SECRET.matcher(l).matches()).toList();
    if (kept.size() != lines.size()) {
      Files.write(file, kept, StandardCharsets.UTF_8);
    }
  }
}
