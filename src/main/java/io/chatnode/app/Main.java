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
    int exitCode = new CommandLine(new Main()).execute(args);
    System.exit(exitCode);
  }

  /** No subcommand: the help, on stderr, and exit 2 (a usage error, as for an unknown option). */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }
}
