package io.chatnode.web;

import io.chatnode.testing.NodeProcesses;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The bundled terminal client ({@code chatnode client --json}) in a process of its own, as a
 * script drives it: protocol lines written to its stdin, every server line read from its stdout as
 * one JSON object. Its stdin stays open, so it keeps printing what the node pushes.
 */
final class TerminalClient implements AutoCloseable {

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();

  private TerminalClient(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, "terminal-client-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** {@code java -jar chatnode.jar client --json <options> 127.0.0.1:<port>}; stderr to target/it-logs. */
  static TerminalClient start(int port, String name, List<String> options) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-jar", NodeProcesses.JAR.toString(), "client", "--json"));
    command.addAll(options);
    command.add("127.0.0.1:" + port);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(NodeProcesses.LOGS.resolve(name + ".err").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("CHATNODE_"));
    return new TerminalClient(builder.start());
  }

  private void readStdout() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(new JsonObject(line));
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** Sends one protocol line, as a line of a script. */
  void send(String line) {
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the terminal client is gone", e);
    }
  }

  /** The next printed line that matches, skipping others; fails after {@code seconds}. */
  JsonObject next(Predicate<JsonObject> wanted, long seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    try {
      while (true) {
        JsonObject line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("the terminal client printed nothing wanted within " + seconds + " s"
              + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
        }
        if (wanted.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Ends its input, as a script's end does; it then exits once every reply has come. */
  int finish() throws InterruptedException {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the terminal client did not exit after its input ended");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
