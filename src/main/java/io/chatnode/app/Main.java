package io.chatnode.app;

import io.chatnode.auth.PasswdCommand;
import io.chatnode.bench.BenchCommand;
import io.chatnode.cli.ClientCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point: {@code chatnode <subcommand>}. */
@Command(name = "chatnode", mixinStandardHelpOptions = true, version = "chatnode 0.1.0 (protocol 1.1)",
    description = "A reactive TCP chat and messaging node on Eclipse Vert.x.",
    subcommands = {NodeCommand.class, ClientCommand.class, BenchCommand.class, PasswdCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    // Vert.x and Netty log through SLF4J (Logback), like the rest of chatnode.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    keepCommonPoolThreads();
    int exitCode = new CommandLine(new Main()).execute(args);
    System.exit(exitCode);
  }

  /** The common pool's parallelism asked for by {@link #keepCommonPoolThreads()} when none is set. */
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * On a machine with 2 cores the JVM sizes the common fork-join pool at 1, and below 2 both
   * {@code CompletableFuture} and Hazelcast (for the callbacks of its asynchronous calls, every
   * cluster-wide map and history operation) run each callback on a thread started for it alone:
   * thousands of threads a second in a busy cluster, measured. At least 2 makes them use the pool.
   * Set before anything touches the pool; an operator's own setting wins.
   */
  static void keepCommonPoolThreads() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() - 1);
      System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(parallelism));
    }
  }

  /** No subcommand: the help, on stderr, and exit 2 (a usage error, as for an unknown option). */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }
}
