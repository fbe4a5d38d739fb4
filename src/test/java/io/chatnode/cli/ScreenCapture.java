package io.chatnode.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Everything written to it, as text that a test can wait on: a terminal's screen or a script's
 * stdout. Waits are on the event itself (new output arriving) with a deadline, never by sleeping.
 */
final class ScreenCapture extends OutputStream {

  static final long DEADLINE_S = 20;

  private final java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();

  @Override
  public synchronized void write(int b) {
    raw.write(b);
    notifyAll();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    raw.write(b, off, len);
    notifyAll();
  }

  /** All output so far, decoded as UTF-8. */
  synchronized String text() {
    return raw.toString(StandardCharsets.UTF_8);
  }

  /** Waits until the output contains {@code wanted}; returns all output. */
  String awaitContains(String wanted) {
    return await(text -> text.contains(wanted), "output containing '" + wanted + "'");
  }

  /** Waits until {@code wanted} occurs at least {@code times} times. */
  String awaitCount(String wanted, int times) {
    return await(text -> count(text, wanted) >= times, times + " x '" + wanted + "'");
  }

  static int count(String text, String wanted) {
    int n = 0;
    for (int i = text.indexOf(wanted); i >= 0; i = text.indexOf(wanted, i + wanted.length())) {
      n++;
    }
    return n;
  }

  synchronized String await(Predicate<String> done, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
    while (true) {
      String text = text();
      if (done.test(text)) {
        return text;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " within " + DEADLINE_S + " s; output so far:\n" + text);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
