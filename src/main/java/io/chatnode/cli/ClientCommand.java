package io.chatnode.cli;

import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chatnode client}: the interactive chat client on a terminal, or the scriptable one with
 * {@code -c}, {@code --json} or when stdin/stdout are not a terminal. Only wiring lives here; the
 * sessions take their streams, terminal and clock as arguments and return their exit code.
 */
@Command(name = "client", mixinStandardHelpOptions = true, version = "chatnode client 0.1.0 (protocol 1.1)",
    description = {"Connects to a chatnode node (default localhost:6254).",
        "Interactive on a terminal (type /help); scriptable with -c, --json or with stdin from a pipe or file.",
        "Exit codes when scripted: 0 every reply ok, 1 an err reply, 2 cannot connect or connection lost.",
        "See docs/CLIENT.md."})
public final class ClientCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "HOST[:PORT]", description = "The node (default localhost:6254).")
  String address;

  @Option(names = "--nick", paramLabel = "NAME", description = "Take this nickname on connecting.")
  String nick;

  @Option(names = "--room", paramLabel = "ROOM", description = "Join this room on connecting and talk there.")
  String room;

  @Option(names = {"-c", "--command"}, paramLabel = "LINE",
      description = "Send one protocol line, print the reply's result, exit 0 (ok), 1 (err) or 2 (no connection).")
  String command;

  @Option(names = "--json", description = "Scriptable output: each server line as one JSON object.")
  boolean json;

  @Option(names = "--history", paramLabel = "N", defaultValue = "" + CatchUp.DEFAULT_JOIN_HISTORY,
      description = "Messages of a room shown on joining it (protocol 1.1 nodes; default ${DEFAULT-VALUE}, 0 for none).")
  int joinHistory;

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Option(names = "--user", paramLabel = "USER",
      description = "Log in as USER (auth) first; the password is read from CHATNODE_PASSWORD or asked for.")
  String user;

  /** The auth line for --user, or null; never shown or logged. */
  private String loginRequest() {
    if (user == null) {
      return null;
    }
    String password = System.getenv("CHATNODE_PASSWORD");
    if (password == null && System.console() != null) {
      char[] typed = System.console().readPassword("Password for %s: ", user);
      password = typed == null ? null : new String(typed);
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("--user needs a password: set CHATNODE_PASSWORD or run on a terminal");
    }
    return "auth " + user + " " + password;
  }

  /** What is wrong with {@code -c LINE}, or null: an empty line gets no reply, so it would wait forever. */
  static String commandProblem(String command) {
    return command != null && command.isBlank()
        ? "-c needs a protocol line, e.g. -c ping or -c 'echo hi' (chatnode client --help)" : null;
  }

  @Override
  public Integer call() {
    quietLogging();
    String usage = commandProblem(command);
    if (usage != null) {
      System.err.println("chatnode client: " + usage);
      return 2;
    }
    HostPort where;
    try {
      where = HostPort.parse(address, tls.defaultPort());
    } catch (IllegalArgumentException e) {
      System.err.println("chatnode: " + e.getMessage());
      return 2;
    }
    if (joinHistory < 0) {
      System.err.println("chatnode client: --history must be 0 or more, not " + joinHistory);
      return 2;
    }
    String tlsProblem = tls.problem();
    if (tlsProblem != null) {
      System.err.println("chatnode: " + tlsProblem);
      return 2;
    }
    if (tls.warning() != null) {
      System.err.println("chatnode: " + tls.warning());
    }
    String login;
    try {
      login = loginRequest();
    } catch (IllegalArgumentException e) {
      System.err.println("chatnode: " + e.getMessage());
      return 2;
    }
    // One event loop is plenty for one connection; small pools keep start-up quick.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    try {
      boolean scripted = command != null || json || System.console() == null;
      if (scripted) {
        List<String> setup = setupRequests();
        if (login != null) {
          setup.add(0, login);
        }
        ScriptSession session = new ScriptSession(vertx, where, tls.clientOptions(), setup, json,
            System.out, System.err);
        return command != null ? session.runCommand(command) : session.runLines(System.in);
      }
      return interactive(vertx, where, login);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null)
          .join();
    }
  }

  private int interactive(Vertx vertx, HostPort where, String login) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).name("chatnode").build()) {
      Path history = Path.of(System.getProperty("user.home"), ".chatnode_history");
      try {
        PrivateHistory.prepare(history);
      } catch (IOException e) {
        System.err.println("chatnode: cannot make " + history + " private (" + e.getMessage() + "); no history kept");
        history = null;
      }
      InteractiveSession session = new InteractiveSession(vertx, where, tls.clientOptions(), terminal,
          Clock.systemDefaultZone(), System.getenv(), new ChatState(nick, room).withLogin(login), new Backoff(250, 5000), history)
          .joinHistory(joinHistory);
      return session.run();
    } catch (IOException e) {
      System.err.println("chatnode: no usable terminal: " + e.getMessage());
      return 2;
    }
  }

  /** The requests that {@code --nick} and {@code --room} stand for in scripted use. */
  List<String> setupRequests() {
    List<String> requests = new ArrayList<>();
    if (nick != null) {
      requests.add("nick " + nick);
    }
    if (room != null) {
      requests.add("join " + room);
    }
    return requests;
  }

  /**
   * The client's output is its stdout; log lines (on stdout too, by the shared logback.xml) would
   * corrupt scripted output and garble the prompt. The client reports its own problems.
   */
  private static void quietLogging() {
    org.slf4j.Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.OFF);
    }
  }
}
