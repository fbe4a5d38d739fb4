package io.chatnode.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private network for partition tests: a namespace holding a bridge, and one namespace per
 * node, each joined to the bridge by a veth pair and given a 10.x address. Nothing is added to the
 * machine's own namespace but the namespaces' names; {@link #remove()} (also run by a shutdown
 * hook) deletes them all, and with them every link and address. Needs root and iproute2.
 */
public final class NetNamespaces {

  private final String prefix = "cn" + UUID.randomUUID().toString().substring(0, 6);
  private final String subnet;
  private final List<String> created = new ArrayList<>();
  private final Thread cleanupHook = new Thread(this::remove, "netns-cleanup");

  /** @param subnet the first three octets of the private /24, e.g. {@code 10.231.7} */
  public NetNamespaces(String subnet) {
    this.subnet = subnet;
    Runtime.getRuntime().addShutdownHook(cleanupHook);
  }

  /**
   * Why namespaces cannot be made here, or null if they can: tried by making (and removing) one.
   */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not running as root (user " + System.getProperty("user.name") + ")";
    }
    String probe = "cnprobe" + UUID.randomUUID().toString().substring(0, 6);
    try {
      installMissingTools();
      Result add = run("ip", "netns", "add", probe);
      if (add.exit() != 0) {
        return "ip netns add failed: " + add.output().trim();
      }
      run("ip", "netns", "del", probe);
      Result nc = run("sh", "-c", "command -v nc && command -v curl");
      if (nc.exit() != 0) {
        return "nc and curl are needed to reach the nodes inside the namespaces";
      }
      return null;
    } catch (IOException e) {
      return "cannot run ip: " + e.getMessage();
    }
  }

  /**
   * nc and curl (the clients inside the namespaces) and ip, from Debian's packages when missing: CI
   * runs as root on a fresh machine, and nothing installed by hand survives to it.
   */
  private static void installMissingTools() throws IOException {
    if (run("sh", "-c", "command -v nc && command -v curl && command -v ip").exit() == 0) {
      return;
    }
    System.err.println("NetNamespaces: installing netcat-openbsd, curl and iproute2 with apt-get");
    run(600, "apt-get", "update");
    Result install = run(600, "apt-get", "install", "-y", "netcat-openbsd", "curl", "iproute2");
    if (install.exit() != 0) {
      System.err.println("NetNamespaces: apt-get install failed: " + install.output());
    }
  }

  public record Result(int exit, String output) {}

  /** Runs a command to completion (at most 30 s); its exit code and its output and errors together. */
  public static Result run(String... command) throws IOException {
    return run(30, command);
  }

  /** Output goes to a file, not a pipe, so that a talkative command cannot block on a full pipe. */
  private static Result run(long seconds, String... command) throws IOException {
    Path output = Files.createTempFile("netns-cmd", ".out");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + ": timed out");
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static void must(String... command) throws IOException {
    Result result = run(command);
    if (result.exit() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + result.output().trim());
    }
  }

  private String bridgeNamespace() {
    return prefix + "-br";
  }

  /** The namespace of node {@code index} (1, 2, ...). */
  public String namespace(int index) {
    return prefix + "-n" + index;
  }

  /** The address of node {@code index} inside its namespace. */
  public String address(int index) {
    return subnet + "." + index;
  }

  /** The bridge namespace, with the bridge up. */
  public void createBridge() throws IOException {
    must("ip", "netns", "add", bridgeNamespace());
    created.add(bridgeNamespace());
    must("ip", "-n", bridgeNamespace(), "link", "add", "br0", "type", "bridge");
    must("ip", "-n", bridgeNamespace(), "link", "set", "br0", "up");
  }

  /** Node {@code index}'s namespace: loopback up, eth0 with its address, the other end on the bridge. */
  public void createNode(int index) throws IOException {
    String ns = namespace(index);
    must("ip", "netns", "add", ns);
    created.add(ns);
    String peer = "v" + index;
    must("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", peer, "netns", bridgeNamespace());
    must("ip", "-n", bridgeNamespace(), "link", "set", peer, "master", "br0");
    must("ip", "-n", bridgeNamespace(), "link", "set", peer, "up");
    must("ip", "-n", ns, "addr", "add", address(index) + "/24", "dev", "eth0");
    must("ip", "-n", ns, "link", "set", "lo", "up");
    must("ip", "-n", ns, "link", "set", "eth0", "up");
  }

  /** Cuts node {@code index} off (its end of the link on the bridge goes down), or restores it. */
  public void link(int index, boolean up) throws IOException {
    must("ip", "-n", bridgeNamespace(), "link", "set", "v" + index, up ? "up" : "down");
  }

  /** The command prefix that runs a program inside node {@code index}'s namespace. */
  public List<String> exec(int index) {
    return List.of("ip", "netns", "exec", namespace(index));
  }

  /** Deletes every namespace made (and so their links); safe to call more than once. */
  public synchronized void remove() {
    for (String ns : created) {
      try {
        run("ip", "netns", "del", ns);
      } catch (IOException e) {
        System.err.println("could not remove network namespace " + ns + ": " + e.getMessage());
      }
    }
    created.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // already shutting down: this is the hook
    }
  }
}
