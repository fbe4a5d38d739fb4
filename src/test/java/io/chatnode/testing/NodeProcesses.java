package io.chatnode.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Node processes started from the packaged jar, for the cross-process tests (*IT, run by failsafe
 * after the jar is built). Output goes to target/it-logs; {@link #destroyAll()} kills what is left.
 */
public final class NodeProcesses {

  public static final Path JAR = Path.of("target", "chatnode.jar");
  public static final Path LOGS = Path.of("target", "it-logs");

  private final List<Process> processes = new ArrayList<>();

  public NodeProcesses() {
    assertTrue(Files.exists(JAR), "run through mvn verify: the jar is built first");
    try {
      Files.createDirectories(LOGS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code java <jvmOptions> -jar chatnode.jar <args>} with {@code env} in place of any
   * inherited {@code CHATNODE_*} variables; stdout to {@code name.log}, stderr to {@code name.err}.
   */
  public Process start(String name, List<String> jvmOptions, List<String> args, Map<String, String> env)
      throws IOException {
    return start(name, List.of(), jvmOptions, args, env);
  }

  /**
   * The same, run through {@code prefix} (e.g. {@code ip netns exec <namespace>}, which executes
   * java in place, so the process is the node's JVM).
   */
  public Process start(String name, List<String> prefix, List<String> jvmOptions, List<String> args,
      Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(LOGS.resolve(name + ".log").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(LOGS.resolve(name + ".err").toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("CHATNODE_"));
    builder.environment().putAll(env);
    builder.environment().putIfAbsent("CHATNODE_WEB_PORT", "0"); // several nodes on one machine
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** The processes started so far, in order. */
  public List<Process> all() {
    return processes;
  }

  public void destroyAll() {
    processes.forEach(Process::destroyForcibly);
  }

  /** A port free right now on loopback (another process could take it; good enough for tests). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port} now. */
  public static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Waits, with deadlines, until the node on {@code port} accepts connections and its
   * {@code stats} counts {@code members} nodes; fails at once if one of these processes exited
   * other than by the SIGKILL or SIGTERM a test sends on purpose.
   */
  public void awaitMembers(Vertx vertx, int port, int members) {
    Await.poll(vertx, () -> {
      processes.stream().filter(p -> !p.isAlive() && p.exitValue() != 137 && p.exitValue() != 143).findAny()
          .ifPresent(p -> {
            throw new AssertionError("a node process exited with " + p.exitValue() + "; see " + LOGS);
          });
      return accepts(port);
    }, 120);
    LineClient probe = LineClient.connect(vertx, port);
    Await.poll(vertx, () -> probe.call("stats").contains(" nodes=" + members + " "), 120);
    probe.close();
  }
}
