package io.chatnode.auth;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Failed logins per remote address in a fixed window, shared by a node's event loops. Bounded:
 * expired windows are dropped, and past {@link #MAX_ADDRESSES} addresses the oldest windows go
 * first, so a flood of addresses cannot grow it without bound.
 */
public final class FailureGuard {

  static final int MAX_ADDRESSES = 100_000;

  private final int maxFailures;
  private final long windowNanos;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(long startNanos, int failures) {}

  public FailureGuard(int maxFailures, int windowSeconds) {
    this.maxFailures = maxFailures;
    this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
  }

  /** True if this address has used up its failures for the current window. */
  public boolean blocked(String address, long now) {
    Window w = windows.get(address);
    return w != null && now - w.startNanos() < windowNanos && w.failures() >= maxFailures;
  }

  /** Counts a failure of this address. */
  public void failed(String address, long now) {
    if (windows.size() >= MAX_ADDRESSES) {
      prune(now);
    }
    windows.compute(address, (a, w) -> w == null || now - w.startNanos() >= windowNanos
        ? new Window(now, 1) : new Window(w.startNanos(), w.failures() + 1));
  }

  private void prune(long now) {
    windows.values().removeIf(w -> now - w.startNanos() >= windowNanos);
    Iterator<String> it = windows.keySet().iterator();
    while (windows.size() >= MAX_ADDRESSES && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
