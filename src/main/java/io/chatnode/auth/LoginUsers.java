package io.chatnode.auth;

import io.chatnode.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users file of {@code auth.usersFile} as the node uses it: read once at start (a broken file
 * stops start-up), then re-read on change or SIGHUP, so that a rotated Kubernetes Secret needs no
 * restart. A broken or unreadable file on reload keeps the users in force. Thread-safe; reading
 * blocks, so callers run it off the event loop.
 */
public final class LoginUsers {

  private static final Logger log = LoggerFactory.getLogger(LoginUsers.class);

  private final Path file;
  private final AtomicLong reloads = new AtomicLong();
  private volatile UserFile current;
  private byte[] lastContent;

  private LoginUsers(Path file, byte[] content, UserFile users) {
    this.file = file;
    this.lastContent = content;
    this.current = users;
  }

  /** Reads and parses the file; a ConfigException naming the key or line if it is unusable. */
  public static LoginUsers load(Path file) {
    byte[] content = UserFile.read(file);
    UserFile users = UserFile.parse(content, file.toString());
    warnIfEmpty(file, users);
    return new LoginUsers(file, content, users);
  }

  /**
   * Login on and no users: nobody can log in. Not refused, since users added to the file are taken
   * up without a restart (a Kubernetes Secret filled in later), but said loudly, with the fix.
   */
  private static void warnIfEmpty(Path file, UserFile users) {
    if (users.size() == 0) {
      log.warn("auth.enabled is true but auth.usersFile {} holds no users: NOBODY CAN LOG IN. Add one with "
          + "./chatnode passwd USER >> {} (taken up without a restart)", file, file);
    }
  }

  /** The users in force now. */
  public UserFile current() {
    return current;
  }

  /**
   * Re-reads the file and, if its content changed (or {@code force}), uses it for the next logins;
   * logged-in connections stay as they are.
   *
   * @return true if new users were taken up
   */
  public synchronized boolean reload(boolean force) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      log.warn("cannot read auth.usersFile {}; keeping the current users", file);
      return false;
    }
    if (!force && Arrays.equals(content, lastContent)) {
      return false;
    }
    lastContent = content; // a broken file is reported once, not at every check
    try {
      current = UserFile.parse(content, file.toString());
    } catch (ConfigException e) {
      log.warn("{}; keeping the current users", e.getMessage());
      return false;
    }
    reloads.incrementAndGet();
    log.info("auth.usersFile reloaded: {}", UserFile.count(current.size()));
    warnIfEmpty(file, current);
    return true;
  }

  /** Times the file was taken up again after start-up. */
  public long reloads() {
    return reloads.get();
  }
}
