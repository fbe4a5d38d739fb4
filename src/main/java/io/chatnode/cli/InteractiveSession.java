package io.chatnode.cli;

import io.chatnode.protocol.Request;
import io.chatnode.protocol.RequestParser;
import io.chatnode.protocol.ServerLine;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.InfoCmp.Capability;

/**
 * The interactive client: a JLine line editor on a terminal, chat lines printed above the prompt.
 *
 * <p>Threads: the calling thread only reads lines from the terminal. Everything else (the chat
 * state, the queue of requests awaiting replies, the connection, printing) is confined to one
 * "ui" thread; the Vert.x event loop merely hands received lines to it, so it never blocks on the
 * terminal. Replies come in request order, so a FIFO of sent requests tells which request each
 * reply answers.
 *
 * <p>When the connection is lost the user is told, and the session reconnects with backoff; the
 * new connection's greeting triggers requests that restore the nickname and rooms, and, against a
 * protocol 1.1 node, {@link CatchUp} fills in what the user missed meanwhile. While
 * connected, a silent keepalive keeps a user who only reads from being dropped as idle.
 */
public final class InteractiveSession {

  /** Exit code when the node cannot be reached at start. */
  public static final int NO_CONNECTION = 2;

  private static final long QUIT_GRACE_MS = 3000;

  /**
   * Why a request was sent, which decides how its reply is shown and followed up: CAP and CATCHUP
   * are protocol 1.1 requests of {@link CatchUp}, whose replies (and {@code hist} lines) go back to it.
   */
  private enum Kind { TYPED, RAW, RESTORE, KEEPALIVE, CAP, CATCHUP }

  /** A sent request awaiting its reply. */
  private record Pending(String line, Kind kind) {}

  /** How often, and how patiently, a nickname still held by our previous connection is asked for again. */
  private static final int NICK_RETRIES = 6;

  private final Vertx vertx;
  private final HostPort where;
  private final NetClientOptions options;
  private final Terminal terminal;
  private final ChatFormatter formatter;
  private final ChatState state;
  private CatchUp catchUp = new CatchUp(CatchUp.DEFAULT_JOIN_HISTORY);
  private final Backoff backoff;
  private final boolean colour;
  private final LineReader reader;
  private final ExecutorService ui;

  // Confined to the ui thread.
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private NodeLink link;
  private long keepaliveTimer = -1;
  private int nickRetriesLeft;
  private final Backoff nickBackoff = new Backoff(500, 5000);
  private boolean quitting;
  private boolean everConnected;
  /** This connection's greeting came after an earlier connection's: a reconnection. */
  private boolean reconnected;
  /** Completes with null at the first greeting, or with the problem if the first connection closes before it. */
  private final CompletableFuture<String> firstGreeting = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  // Snapshots for the input thread (prompt and completion).
  private volatile String prompt = "> ";
  private volatile List<String> roomSnapshot = List.of();

  /**
   * @param env         the environment, for {@code NO_COLOR}
   * @param historyFile where to keep input history, or null for none
   */
  public InteractiveSession(Vertx vertx, HostPort where, NetClientOptions options, Terminal terminal, Clock clock,
      Map<String, String> env, ChatState state, Backoff backoff, Path historyFile) {
    this.vertx = vertx;
    this.where = where;
    this.options = options;
    this.terminal = terminal;
    this.formatter = new ChatFormatter(clock);
    this.state = state;
    this.backoff = backoff;
    this.colour = wantsColour(terminal, env);
    LineReaderBuilder builder = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("chatnode")
        .completer(new ChatCompleter(state::nicksSeen, () -> roomSnapshot))
        // "!" and "^" are ordinary chat text, not history expansion.
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        // The typed line is replaced by its formatted echo once the node confirms it.
        .option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
    if (historyFile != null) {
      builder.variable(LineReader.HISTORY_FILE, historyFile).history(new PrivateHistory());
    }
    this.reader = builder.build();
    this.ui = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "chatnode-client-ui");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * How many messages a room shows when it is joined (protocol 1.1; at most the node's
   * {@code history_max}; 0 for none). Before {@link #run} only.
   */
  public InteractiveSession joinHistory(int messages) {
    this.catchUp = new CatchUp(messages);
    return this;
  }

  /** Colour only on a terminal that has it, and never with {@code NO_COLOR} set (no-color.org). */
  static boolean wantsColour(Terminal terminal, Map<String, String> env) {
    String noColour = env.get("NO_COLOR");
    if (noColour != null && !noColour.isEmpty()) {
      return false;
    }
    Integer colours = terminal.getNumericCapability(Capability.max_colors);
    return colours != null && colours >= 8 && !Terminal.TYPE_DUMB.equals(terminal.getType())
        && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
  }

  /** Runs until the user leaves; returns the exit code. */
  public int run() {
    CompletableFuture<Throwable> first = new CompletableFuture<>();
    ui.execute(() -> connect(first));
    Throwable failure = first.join();
    String problem = failure != null ? ConnectProblems.describe(where, options.isSsl(), failure) : firstGreeting.join();
    if (problem != null) {
      terminal.writer().println("chatnode: " + problem);
      terminal.writer().flush();
      shutdown();
      return NO_CONNECTION;
    }
    try {
      readLoop();
    } finally {
      shutdown();
    }
    return 0;
  }

  private void readLoop() {
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException | EndOfFileException e) {
        // Ctrl-C or Ctrl-D: leave cleanly, as /quit does.
        onUi(() -> handle(new UserInput.Send("quit", false)));
        break;
      }
      if (!onUi(() -> handle(InputParser.parse(line, state.currentRoom())))) {
        break;
      }
    }
    try {
      ended.get(QUIT_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the node did not close in time: we close it below
    }
  }

  /** Runs {@code action} on the ui thread and waits for its answer (whether to keep reading). */
  private boolean onUi(java.util.function.BooleanSupplier action) {
    try {
      return CompletableFuture.supplyAsync(action::getAsBoolean, ui).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  // ---- ui thread -------------------------------------------------------------------------------

  /** Acts on one typed line; false when the user is leaving. */
  private boolean handle(UserInput input) {
    if (input instanceof UserInput.Help) {
      InputParser.COMMANDS.values().forEach(usage -> show(new AttributedString("  " + usage)));
      show(new AttributedString("  plain text is said to the current room; //text says /text"));
    } else if (input instanceof UserInput.Problem problem) {
      show(formatter.problem(problem.message()));
    } else if (input instanceof UserInput.SwitchRoom switchRoom) {
      if (state.switchTo(switchRoom.room())) {
        show(formatter.notice("now talking in " + state.currentRoom()));
      } else {
        show(formatter.problem("you have not joined " + switchRoom.room() + "; /join it first"));
      }
      refreshSnapshots();
    } else if (input instanceof UserInput.Send send) {
      boolean quit = InputParser.isQuit(send.line());
      quitting |= quit;
      if (link == null) {
        if (quit) {
          ended.complete(null);
          return false;
        }
        show(formatter.problem("not connected (reconnecting); not sent: " + send.line()));
        return true;
      }
      send(send.line(), send.raw() ? Kind.RAW : Kind.TYPED);
      return !quit;
    }
    return true;
  }

  private void send(String line, Kind kind) {
    pending.add(new Pending(line, kind));
    link.send(line);
  }

  private void connect(CompletableFuture<Throwable> outcome) {
    // Which connection a line came from: lines of a connection already replaced are dropped.
    // The holder is set on the ui thread before the link is started, so before any of its lines.
    NodeLink[] holder = new NodeLink[1];
    NodeLink.connect(vertx, where, options, line -> ui.execute(() -> {
      if (holder[0] != null && holder[0] == link) {
        onLine(line);
      }
    })).onComplete(ar -> ui.execute(() -> {
      if (ar.succeeded()) {
        holder[0] = ar.result();
        backoff.reset();
        adopt(ar.result());
        outcome.complete(null);
      } else {
        outcome.complete(ar.cause());
      }
    }));
  }

  private void adopt(NodeLink newLink) {
    link = newLink;
    pending.clear();
    newLink.closed().onComplete(v -> ui.execute(() -> onClosed(newLink)));
    newLink.start();
  }

  private void onLine(String text) {
    ServerLine line = ServerLine.parse(text);
    if (line.isReply()) {
      Pending request = pending.poll();
      if (request == null) {
        show(formatter.notice("unexpected reply: " + text));
        return;
      }
      switch (request.kind()) {
        case KEEPALIVE -> {
          return;
        }
        case CAP -> carryOut(catchUp.onCapReply(line, state.rooms()));
        case CATCHUP -> carryOut(catchUp.onHistoryReply(request.line(), line));
        default -> onReply(request, line);
      }
    } else if (line.type().equals("hello")) {
      List<String> restore = new ArrayList<>(state.onHello(line));
      String cap = catchUp.onHello(line);
      if (cap != null) {
        // After a login (the node answers nothing else before it), before the rooms are restored.
        restore.add(restore.isEmpty() || !restore.get(0).startsWith("auth ") ? 0 : 1, cap);
      }
      show(formatter.push(line));
      if (everConnected) {
        show(formatter.notice("reconnected to " + where
            + (restore.isEmpty() ? "" : "; restoring your nickname and rooms")));
      }
      reconnected = everConnected;
      everConnected = true;
      firstGreeting.complete(null);
      nickRetriesLeft = NICK_RETRIES;
      nickBackoff.reset();
      restore.forEach(request -> send(request, request.equals(cap) ? Kind.CAP : Kind.RESTORE));
      keepAlive(line);
    } else {
      state.onPush(line);
      switch (line.type()) {
        case "msg" -> carryOut(catchUp.onMsg(line));
        case "lost" -> carryOut(catchUp.onLost(line));
        case "hist" -> {
          Pending head = pending.peek();
          // hist lines come just before their reply: the oldest request awaiting one is theirs.
          if (head != null && head.kind() == Kind.CATCHUP) {
            carryOut(catchUp.onHist(line));
          } else {
            show(formatter.push(line));
          }
        }
        default -> show(formatter.push(line));
      }
    }
    refreshSnapshots();
  }

  /** A reply to a request of the user's or of the restore: shown, and what it changed followed up. */
  private void onReply(Pending request, ServerLine line) {
    state.onReply(request.line(), line);
    show(formatter.reply(request.line(), request.kind() == Kind.RAW, line, state.nick()));
    if (request.kind() == Kind.RESTORE && line.field("code").equals("nick_taken")) {
      nickTaken(request.line());
    }
    if (!line.isOk()) {
      return;
    }
    Request sent = RequestParser.parse(request.line());
    switch (sent.command()) {
      case "join" -> carryOut(catchUp.onJoined(line.field("result")));
      case "leave" -> catchUp.onLeft(line.field("result"));
      case "say" -> {
        Request.WordAndText said = sent.wordAndText();
        catchUp.onSaid(said.word(), state.nick(), said.text() == null ? "" : said.text());
      }
      default -> {
        // nothing to catch up on
      }
    }
  }

  /** Does what {@link CatchUp} asks: shows messages and notices, sends history requests. */
  private void carryOut(List<CatchUp.Step> steps) {
    for (CatchUp.Step step : steps) {
      if (step instanceof CatchUp.Show s) {
        show(s.mark() == CatchUp.Mark.LIVE ? formatter.push(s.line()) : formatter.history(s.line(), s.mark()));
      } else if (step instanceof CatchUp.Notice n) {
        show(n.warning() ? formatter.notice(n.text()) : formatter.heading(n.text()));
      } else if (step instanceof CatchUp.Request r && link != null) {
        send(r.line(), Kind.CATCHUP);
      }
    }
  }

  private void onClosed(NodeLink closedLink) {
    if (closedLink != link) {
      return;
    }
    link = null;
    cancelKeepalive();
    catchUp.onConnectionLost();
    if (!everConnected) {
      firstGreeting.complete(ConnectProblems.noGreeting(where, options.isSsl()));
      return;
    }
    if (quitting) {
      ended.complete(null);
      return;
    }
    for (Pending lost : pending) {
      // The client's own catch-up requests are asked again after the reconnect: nothing to say.
      if (lost.kind() != Kind.CAP && lost.kind() != Kind.CATCHUP) {
        show(formatter.problem("no reply to '" + lost.line() + "': the connection was lost"));
      }
    }
    pending.clear();
    long delay = backoff.nextDelayMs();
    show(formatter.notice("connection to " + where + " lost; reconnecting in " + delay + " ms"));
    scheduleReconnect(delay);
  }

  /**
   * A silent {@code ping} every third of the idle timeout the node advertises ({@code idle_s}): a user
   * who is only reading must not be disconnected as idle, nor see reconnections every few minutes.
   */
  private void keepAlive(ServerLine hello) {
    cancelKeepalive();
    long idleSeconds;
    try {
      idleSeconds = Long.parseLong(hello.field("idle_s"));
    } catch (NumberFormatException e) {
      return;
    }
    if (idleSeconds <= 0) {
      return;
    }
    long periodMs = Math.max(200, idleSeconds * 1000 / 3);
    keepaliveTimer = vertx.setPeriodic(periodMs, id -> ui.execute(() -> {
      if (link != null && keepaliveTimer == id) {
        send("ping", Kind.KEEPALIVE);
      }
    }));
  }

  /**
   * The nickname asked for on connecting is taken. After a reconnection it is most likely still held
   * for our own previous connection, so it is asked for again; on the first connection someone
   * else has it: said at once, and the guest name kept.
   */
  private void nickTaken(String nickRequest) {
    if (reconnected) {
      retryNick(nickRequest);
      return;
    }
    String wanted = state.wantedNick();
    state.keepGuestNick();
    show(formatter.notice(wanted + " is taken; you stay " + state.nick() + " (/nick NAME for another)"));
  }

  /**
   * Asks again for a nickname that the node still holds for our previous connection: after a
   * node dies, the cluster frees its users only once it has noticed, which takes a moment.
   */
  private void retryNick(String nickRequest) {
    String wanted = state.wantedNick();
    if (nickRetriesLeft == 0 || wanted == null) {
      return;
    }
    nickRetriesLeft--;
    long delay = nickBackoff.nextDelayMs();
    show(formatter.notice(wanted + " may still be held by your previous connection; asking again in " + delay + " ms"));
    NodeLink askingOn = link;
    vertx.setTimer(delay, id -> ui.execute(() -> {
      // Only on the same connection, and only if the user has not chosen another name meanwhile.
      if (link == askingOn && link != null && wanted.equals(state.wantedNick()) && !wanted.equals(state.nick())) {
        send(nickRequest, Kind.RESTORE);
      }
    }));
  }

  private void cancelKeepalive() {
    if (keepaliveTimer >= 0) {
      vertx.cancelTimer(keepaliveTimer);
      keepaliveTimer = -1;
    }
  }

  private void scheduleReconnect(long delayMs) {
    vertx.setTimer(delayMs, id -> ui.execute(() -> {
      if (quitting) {
        return;
      }
      CompletableFuture<Throwable> attempt = new CompletableFuture<>();
      connect(attempt);
      attempt.thenAccept(failure -> {
        if (failure != null) {
          ui.execute(() -> {
            long next = backoff.nextDelayMs();
            show(formatter.notice("still cannot reach " + where + " (" + failure.getMessage()
                + "); retrying in " + next + " ms"));
            scheduleReconnect(next);
          });
        }
      });
    }));
  }

  private void refreshSnapshots() {
    roomSnapshot = state.rooms();
    String room = state.currentRoom();
    String nick = state.nick() == null ? "" : state.nick();
    prompt = room == null ? nick + "> " : nick + "@" + room + "> ";
    // Shown at once when the editor redraws (the next printAbove), not only at the next line.
    if (reader instanceof LineReaderImpl editor) {
      editor.setPrompt(prompt);
    }
  }

  private void show(AttributedString line) {
    refreshSnapshots(); // the redraw below the printed line shows the prompt as of now
    if (colour) {
      reader.printAbove(line);
    } else {
      reader.printAbove(line.toString());
    }
  }

  private void shutdown() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    ui.execute(() -> {
      quitting = true;
      cancelKeepalive();
      NodeLink last = link;
      if (last == null) {
        closed.complete(null);
      } else {
        last.close().onComplete(v -> closed.complete(null));
      }
    });
    try {
      closed.get(QUIT_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // leaving anyway
    }
    ui.shutdown();
  }
}
