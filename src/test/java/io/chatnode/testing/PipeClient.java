package io.chatnode.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A line client for a node this JVM cannot reach itself (one inside a network namespace): a
 * process such as {@code ip netns exec ns nc host port} carries the lines. Replies and pushes are
 * told apart as {@link LineClient} does; every wait has a deadline.
 */
public final class PipeClient implements AutoCloseable {

  private static final long REPLY_SECONDS = 30;

  private final Process process;
  private final OutputStream in;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> pushes = new LinkedBlockingQueue<>();

  private PipeClient(Process process) {
    this.process = process;
    this.in = process.getOutputStream();
    Thread reader = new Thread(this::read, "pipe-client-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Connects through {@code command} (its stdin and stdout are the connection). */
  public static PipeClient start(List<String> command) {
    try {
      return new PipeClient(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        boolean reply = line.equals("ok") || line.startsWith("ok ") || line.startsWith("err ");
        (reply ? replies : pushes).add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** Sends a request and returns its reply. */
  public String call(String line) {
    try {
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return take(replies, REPLY_SECONDS, "a reply to " + line);
  }

  /** Skips pushes until one matches, within {@code seconds}. */
  public String pushMatching(Predicate<String> wanted, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> skipped = new ArrayList<>();
    while (true) {
      long left = deadline - System.nanoTime();
      String push = left <= 0 ? null : poll(pushes, left);
      if (push == null) {
        throw new AssertionError("no matching push within " + seconds + " s; skipped " + skipped);
      }
      if (wanted.test(push)) {
        return push;
      }
      skipped.add(push);
    }
  }

  private static String take(BlockingQueue<String> queue, long seconds, String what) {
    String line = poll(queue, TimeUnit.SECONDS.toNanos(seconds));
    if (line == null) {
      throw new AssertionError("no " + what + " within " + seconds + " s");
    }
    return line;
  }

  private static String poll(BlockingQueue<String> queue, long nanos) {
    try {
      return queue.poll(nanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
