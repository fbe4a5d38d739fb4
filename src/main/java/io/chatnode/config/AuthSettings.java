package io.chatnode.config;

/**
 * Password authentication.
 *
 * @param usersFile lines {@code user:pbkdf2-sha256:iterations:salt:hash} (see docs/SECURITY.md)
 * @param certificateLogin a verified client certificate whose subject CN is a user logs that user in
 * @param maxFailures failed {@code auth} attempts a connection may make before it is closed
 * @param failureDelayMs how long a failed attempt is held before its reply (and the connection's next request)
 * @param addressMaxFailures failed attempts from one remote address per window before all its attempts are refused
 * @param addressWindowSeconds the window of {@code addressMaxFailures}
 * @param reloadSeconds how often the users file is checked for change; 0: only on SIGHUP
 */
public record AuthSettings(
    boolean enabled,
    String usersFile,
    boolean certificateLogin,
    int maxFailures,
    int failureDelayMs,
    int addressMaxFailures,
    int addressWindowSeconds,
    int reloadSeconds) {}
