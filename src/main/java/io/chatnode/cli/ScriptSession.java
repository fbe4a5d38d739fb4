package io.chatnode.cli;

import io.chatnode.protocol.RequestParser;
import io.chatnode.protocol.ServerLine;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scriptable client: {@code -c LINE} (one request) or protocol lines from stdin.
 *
 * <p>Runs on the calling thread, which does all printing; the event loop only queues the lines it
 * receives, and a reader thread feeds stdin to the node. Because every request gets exactly one
 * reply, in order, the session knows it is done when the input has ended and the replies counted
 * equal the requests sent: no timers, and no lost tail.
 *
 * <p>With {@code --json}, against a node that offers {@code tags} (protocol 1.1), they are turned on
 * after the set-up, so that {@code msg} objects carry {@code seq} and {@code time}, and {@code dm}
 * objects {@code time}; plain text output stays as in version 1.
 *
 * <p>Chat lines ({@code say}, {@code msg}) are paced to the rate the node advertises, so a file of
 * them is delivered rather than refused with {@code rate_limited}.
 *
 * <p>Exit codes: 0 when every reply was {@code ok}; 1 when any was {@code err} (or a setup request
 * from {@code --nick}/{@code --room} failed); 2 when the node cannot be reached or the connection
 * ends before every reply has come.
 */
public final class ScriptSession {

  public static final int OK = 0;
  public static final int ERR_REPLY = 1;
  public static final int NO_CONNECTION = 2;

  /**
   * At most this many requests are in flight: a large file is fed as fast as the node answers,
   * never faster, and stays well inside the node's per-connection pending-reply limit.
   */
  static final int WINDOW = 256;

  private static final long CONNECT_TIMEOUT_S = 30;

  /** What the reader thread and the event loop tell the printing thread. */
  private sealed interface Event {}

  private record Received(String line) implements Event {}

  private record InputEnded(int requests) implements Event {}

  private record Closed() implements Event {}

  private final Vertx vertx;
  private final HostPort where;
  private final NetClientOptions options;
  private final List<String> setup;
  private final boolean json;
  private final PrintStream out;
  private final PrintStream err;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  /** Set from the greeting. */
  private ChatPacer pacer = new ChatPacer(0, 0);
  /** The node offers {@code tags} (protocol 1.1): with --json, turned on so that messages carry seq and time. */
  private boolean tagsOffered;

  /**
   * @param setup requests sent first, each of which must succeed ({@code nick ...}, {@code join ...})
   * @param json  print every server line as a JSON object instead of text
   */
  public ScriptSession(Vertx vertx, HostPort where, NetClientOptions options, List<String> setup, boolean json,
      PrintStream out, PrintStream err) {
    this.vertx = vertx;
    this.where = where;
    this.options = options;
    this.setup = List.copyOf(setup);
    this.json = json;
    this.out = out;
    this.err = err;
  }

  /** {@code -c LINE}: one request; prints its result (or, with --json, the reply object). */
  public int runCommand(String line) {
    return withLink(link -> {
      link.send(line);
      ServerLine reply = nextReply();
      if (reply == null) {
        err.println("chatnode: the connection ended before the reply came");
        return NO_CONNECTION;
      }
      if (json) {
        out.println(JsonLine.toJson(reply).encode());
      } else if (reply.isOk() && !reply.field("result").isEmpty()) {
        out.println(SafeText.neutralise(reply.field("result")));
      }
      if (!reply.isOk()) {
        err.println("chatnode: " + SafeText.neutralise(reply.field("code") + ": " + reply.field("message")));
        return ERR_REPLY;
      }
      return OK;
    });
  }

  /**
   * Protocol lines from {@code input}, one per LF-terminated line, pipelined; prints every server
   * line after the greeting (replies and pushes, in the order received) until the input has ended
   * and every request is answered.
   */
  public int runLines(InputStream input) {
    return withLink(link -> pipeline(link, input));
  }

  /** Connects, sends the --nick/--room set-up, runs {@code work}, and always closes. */
  private int withLink(java.util.function.ToIntFunction<NodeLink> work) {
    NodeLink link = open();
    if (link == null) {
      return NO_CONNECTION;
    }
    try {
      int setupCode = runSetup(link);
      return setupCode != OK ? setupCode : work.applyAsInt(link);
    } finally {
      out.flush();
      closeQuietly(link);
    }
  }

  private int pipeline(NodeLink link, InputStream input) {
    Semaphore window = new Semaphore(WINDOW);
    Queue<String> inFlight = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    Thread reader = new Thread(() -> feed(input, link, window, inFlight, sent), "chatnode-client-stdin");
    reader.setDaemon(true); // stdin may never end once the node has gone; that must not keep us alive
    reader.start();
    int received = 0;
    int expected = -1;
    boolean anyErr = false;
    String lastAnswered = null;
    while (true) {
      Event event = take();
      if (event instanceof Received r) {
        ServerLine line = ServerLine.parse(r.line());
        print(line);
        if (line.isReply()) {
          received++;
          lastAnswered = inFlight.poll();
          window.release();
          anyErr |= !line.isOk();
        }
      } else if (event instanceof InputEnded ended) {
        expected = ended.requests();
      } else if (event instanceof Closed) {
        if ((lastAnswered != null && InputParser.isQuit(lastAnswered)) || expected == received) {
          break;
        }
        err.println(received < sent.get()
            ? "chatnode: the node closed the connection before all replies came (" + received + " of " + sent.get() + ")"
            : "chatnode: the node closed the connection before the input ended");
        return NO_CONNECTION;
      }
      if (expected == received) {
        break;
      }
    }
    reader.interrupt();
    return anyErr ? ERR_REPLY : OK;
  }

  /** The reader thread: sends each non-blank line of input, at most {@link #WINDOW} ahead of the replies. */
  private void feed(InputStream input, NodeLink link, Semaphore window, Queue<String> inFlight, AtomicInteger sent) {
    try (Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8)) {
      String line;
      while ((line = readLine(reader)) != null) {
        // The node ignores lines of only spaces without replying; they must not be counted.
        if (line.chars().allMatch(c -> c == ' ')) {
          continue;
        }
        window.acquire();
        if (isChat(line)) {
          long waitNanos = pacer.reserve(System.nanoTime());
          if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos); // the reader thread, never an event loop
          }
        }
        inFlight.add(line);
        sent.incrementAndGet();
        link.send(line);
      }
    } catch (IOException e) {
      err.println("chatnode: reading input failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    events.add(new InputEnded(sent.get()));
  }

  /** {@code say} and {@code msg}: the lines the node's flood control counts. */
  private static boolean isChat(String line) {
    String command = RequestParser.parse(line).command();
    return command.equals("say") || command.equals("msg");
  }

  /**
   * A line ending in LF (or at the end of input), without the LF and a CR before it. Only LF ends
   * a line, as on the wire: a lone CR inside a line is data, not a line break.
   */
  static String readLine(Reader reader) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1) {
      if (c == '\n') {
        return stripCr(sb);
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : stripCr(sb);
  }

  private static String stripCr(StringBuilder sb) {
    int n = sb.length();
    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
  }

  private void print(ServerLine line) {
    out.println(json ? JsonLine.toJson(line).encode() : SafeText.neutralise(line.raw()));
  }

  /** Connects and consumes the greeting; null (with a message on stderr) if there is no usable connection. */
  private NodeLink open() {
    NodeLink link;
    try {
      link = NodeLink.connect(vertx, where, options, line -> events.add(new Received(line)))
          .toCompletionStage().toCompletableFuture().get(CONNECT_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      err.println("chatnode: " + ConnectProblems.describe(where, options.isSsl(), e.getCause()));
      return null;
    } catch (TimeoutException e) {
      err.println("chatnode: cannot connect to " + where + ": no answer within " + CONNECT_TIMEOUT_S + " s");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    link.closed().onComplete(v -> events.add(new Closed()));
    link.start();
    Event first = take();
    if (first instanceof Received r && r.line().startsWith("hello ")) {
      ServerLine hello = ServerLine.parse(r.line());
      pacer = ChatPacer.fromHello(hello);
      tagsOffered = CatchUp.offered(hello).contains("tags");
      return link;
    }
    err.println("chatnode: " + (first instanceof Received r ? where + " did not greet: " + SafeText.neutralise(r.line())
        : ConnectProblems.noGreeting(where, options.isSsl())));
    closeQuietly(link);
    return null;
  }

  private int runSetup(NodeLink link) {
    boolean capAsked = false;
    for (String request : setup) {
      if (!capAsked && !request.startsWith("auth ")) {
        // after a login, which the node wants first, and before any join: every room line is tagged
        capAsked = true;
        int result = askForTags(link);
        if (result != OK) {
          return result;
        }
      }
      link.send(request);
      ServerLine reply = nextReply();
      if (reply == null) {
        err.println("chatnode: the connection ended during '" + shown(request) + "'");
        return NO_CONNECTION;
      }
      if (!reply.isOk()) {
        err.println("chatnode: " + shown(request) + ": " + SafeText.neutralise(reply.field("code") + ": " + reply.field("message")));
        return ERR_REPLY;
      }
    }
    return capAsked ? OK : askForTags(link);
  }

  /** With --json, against a node that offers them, turns {@code tags} on; a refusal only means no seq and time. */
  private int askForTags(NodeLink link) {
    if (json && tagsOffered) {
      link.send("cap tags");
      if (nextReply() == null) {
        err.println("chatnode: the connection ended during 'cap tags'");
        return NO_CONNECTION;
      }
    }
    return OK;
  }

  /** A setup request as it may be shown: a login without its password. */
  static String shown(String request) {
    if (request.startsWith("auth ")) {
      int space = request.indexOf(' ', 5);
      return (space < 0 ? request : request.substring(0, space)) + " ********";
    }
    return request;
  }

  /** The next reply, skipping pushes (a single request has no use for them); null if the connection ends first. */
  private ServerLine nextReply() {
    while (true) {
      Event event = take();
      if (event instanceof Received r) {
        ServerLine line = ServerLine.parse(r.line());
        if (line.isReply()) {
          return line;
        }
      } else if (event instanceof Closed) {
        return null;
      }
    }
  }

  private Event take() {
    try {
      return events.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Closed();
    }
  }

  private static void closeQuietly(NodeLink link) {
    try {
      link.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // leaving anyway
    }
  }
}
