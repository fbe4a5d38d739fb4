package io.chatnode.node;

import io.chatnode.auth.FailureGuard;
import io.chatnode.auth.UserFile;
import io.vertx.core.WorkerExecutor;
import java.util.function.Supplier;

/**
 * What a login checks against, with {@code auth.enabled}: the users file as it is now (it may be
 * reloaded), the per-address failure guard, and the pool that hashes passwords off the event loop.
 *
 * @param users          the current users file; its value is null unless {@code auth.enabled}
 * @param failures       failed logins by address
 * @param passwordChecks where password hashes are checked; null unless {@code auth.enabled}
 */
record Credentials(Supplier<UserFile> users, FailureGuard failures, WorkerExecutor passwordChecks) {}
