package io.chatnode.node;

import io.chatnode.auth.CertificateLogin;
import io.chatnode.protocol.CommandWord;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Request;
import io.chatnode.protocol.RequestParser;
import io.chatnode.protocol.Utf8;
import io.chatnode.config.Limits;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's session pipeline over a {@link Transport}: takes framed lines, decodes
 * and parses them, routes each request to its lane, and closes. Lives on one event loop.
 *
 * <p>Lanes: connection commands are answered at once; worker commands from one read go to the
 * worker verticles as one batch ({@link WorkerBatch}); chat commands run one after another
 * ({@link ChatLane}). Replies and pushes leave through {@link Outbound}.
 */
final class Connection implements Transport.Receiver, Outbound.Owner, ChatLane.Owner {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private enum State { OPENING, OPEN, CLOSING, CLOSED }

  private final String id;
  private final Transport transport;
  private final LoopContext loop;
  private final Limits limits;
  private final Outbound outbound;
  private final ReplyQueue replies;
  private final ChatLane chat;
  private final WorkerBatch workers;
  private final TokenBucket chatBucket;
  private final ChatSession session;
  private final Promise<Void> cleanedUp = Promise.promise();
  private final long openedAtNanos = System.nanoTime();
  private State state = State.OPENING;
  private boolean readsPaused;
  private long lastInboundNanos = openedAtNanos;
  private long linesIn;
  private long closeTimer = -1;
  private String closeReason = "client_closed";

  Connection(String id, Transport transport, LoopContext loop) {
    this.id = id;
    this.transport = transport;
    this.loop = loop;
    this.limits = loop.limits();
    this.replies = new ReplyQueue(loop.metrics());
    this.outbound = new Outbound(transport, loop.flusher(), replies, this);
    this.chat = new ChatLane(this);
    this.workers = new WorkerBatch(loop.vertx().eventBus(), limits.requestTimeoutMs());
    this.chatBucket = new TokenBucket(limits.chatRate(), limits.chatBurst(), openedAtNanos);
    this.session = new ChatSession(this, loop);
  }

  String id() {
    return id;
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  long idleNanos(long now) {
    return now - lastInboundNanos;
  }

  /** Greets the client with its guest nickname, puts it in the lobby, then starts reading. */
  void start() {
    readsPaused = true;
    transport.start(this);
    transport.setWriteQueueMaxSize(limits.maxOutboundBytes());
    log.info("conn={} remote={} open transport={}", id, remote(), transport.name());
    String certificateUser = certificateUser();
    chat.add(null, () -> session.open(certificateUser).compose(nick -> {
      if (state == State.OPENING) {
        outbound.writeLine(Pushes.hello(nick, advertisedLimits()));
      }
      return session.joinLobby();
    }).map(ignored -> {
      if (state == State.OPENING) {
        state = State.OPEN;
        updateReading();
      }
      return null;
    }));
    chat.run();
  }

  /**
   * With {@code auth.certificateLogin}: the user named by the verified client certificate's
   * subject CN, if the users file has it; else null.
   */
  private String certificateUser() {
    if (!loop.auth().certificateLogin()) {
      return null;
    }
    var chain = transport.peerCertificates();
    if (chain.isEmpty()) {
      return null; // no certificate (tls.clientAuth request): log in with a password
    }
    String user = CertificateLogin.userFor(chain, loop.credentials().users().get());
    if (user == null) {
      log.info("conn={} remote={} client certificate names no user", id, remote());
    }
    return user;
  }

  private Map<String, Object> advertisedLimits() {
    Map<String, Object> pairs = new LinkedHashMap<>();
    pairs.put("version", NodeRuntime.PROTOCOL_VERSION);
    pairs.put("node", loop.nodeId());
    pairs.put("max_line", limits.maxLineBytes());
    pairs.put("rate", limits.chatRate());
    pairs.put("burst", limits.chatBurst());
    pairs.put("idle_s", limits.idleTimeoutSeconds());
    if (!loop.lobby().isEmpty()) {
      pairs.put("lobby", loop.lobby());
    }
    if (loop.auth().enabled() && !session.authenticated()) {
      pairs.put("auth", "required");
    }
    return pairs;
  }

  // ---- inbound -----------------------------------------------------------------------------

  @Override
  public void line(byte[] bytes, int offset, int length) {
    lastInboundNanos = System.nanoTime();
    if (state != State.OPEN) {
      return; // after quit, or while closing: nothing more is read
    }
    linesIn++;
    loop.metrics().lineIn();
    if (length == 0) {
      return;
    }
    Optional<String> decoded = Utf8.decode(bytes, offset, length);
    if (decoded.isEmpty()) {
      replies.add(Replies.err(ErrorCode.BAD_ENCODING, "line is not valid UTF-8"));
      return;
    }
    String line = decoded.get();
    Request request = RequestParser.parse(line);
    if (request.command().isEmpty()) {
      return; // only spaces: an empty line
    }
    CommandWord command = CommandWord.byWireName(request.command());
    replies.tag(command == null ? "unknown" : command.wireName());
    if (command == null) {
      replies.add(Replies.err(ErrorCode.UNKNOWN_COMMAND,
          "unknown command " + Replies.quote(request.command()) + "; try help"));
      return;
    }
    if (mustAuthenticateFirst(command)) {
      // Through the chat lane, so that requests pipelined behind an auth see its outcome.
      chat.add(replies.reserve(), () -> session.authenticated() ? runAuthenticated(command, request, line)
          : Future.succeededFuture(Replies.err(ErrorCode.AUTH_REQUIRED, "log in first: auth <user> <password>")));
      return;
    }
    switch (command.lane()) {
      case CONNECTION -> answerHere(command, request);
      case WORKER -> workers.add(line, replies.reserve());
      case CHAT -> dispatchChat(command, request);
    }
  }

  @Override
  public void tooLong() {
    lastInboundNanos = System.nanoTime();
    if (state != State.OPEN) {
      return;
    }
    linesIn++;
    replies.add(Replies.err(ErrorCode.LINE_TOO_LONG,
        "line longer than " + limits.maxLineBytes() + " bytes; discarded"));
  }

  @Override
  public void readComplete() {
    lastInboundNanos = System.nanoTime();
    workers.send(replies, this::failureReply, this::flush);
    chat.run();
    flush();
  }

  private void answerHere(CommandWord command, Request request) {
    switch (command) {
      case HELP -> replies.add(Replies.ok(CommandWord.listing()));
      case PING -> replies.add(Replies.ok(request.rest().isEmpty() ? "pong" : "pong " + request.rest()));
      case QUIT -> {
        replies.addFinal(Replies.ok("bye"));
        state = State.CLOSING;
        closeReason = "quit";
      }
      default -> throw new IllegalStateException(command + " is not a connection command");
    }
  }

  private void dispatchChat(CommandWord command, Request request) {
    String limited = rateLimited(command);
    if (limited != null) {
      replies.add(limited);
      return;
    }
    chat.add(replies.reserve(), () -> session.handle(command, request), ChatSession.holdsLane(command));
  }

  /** The flood-control reply if this chat line must wait, else null. */
  private String rateLimited(CommandWord command) {
    if (command == CommandWord.SAY || command == CommandWord.MSG) {
      long waitNanos = chatBucket.tryTake(System.nanoTime());
      if (waitNanos > 0) {
        long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
        return Replies.rateLimited(retryMs, "at most " + limits.chatRate()
            + " chat lines per second, " + limits.chatBurst() + " at once");
      }
    }
    return null;
  }

  /** With {@code auth.enabled}, everything but help, ping, quit and auth waits for a login. */
  private boolean mustAuthenticateFirst(CommandWord command) {
    return loop.auth().enabled() && !session.authenticated()
        && command != CommandWord.HELP && command != CommandWord.PING && command != CommandWord.QUIT && command != CommandWord.AUTH;
  }

  /** A request that was pipelined behind a successful auth, run in its turn. */
  private Future<String> runAuthenticated(CommandWord command, Request request, String line) {
    return switch (command.lane()) {
      case WORKER -> askWorker(line);
      case CHAT -> {
        String limited = rateLimited(command);
        yield limited != null ? Future.succeededFuture(limited) : session.handle(command, request);
      }
      case CONNECTION -> Future.failedFuture(command + " needs no login");
    };
  }

  /** One line to the command workers; its reply. */
  Future<String> askWorker(String line) {
    return workers.askOne(line);
  }

  private String failureReply(Throwable cause) {
    if (cause != null) {
      log.warn("conn={} remote={} request failed: {}", id, remote(), cause.toString());
    }
    return Replies.err(ErrorCode.INTERNAL, "the node could not complete this request; try again");
  }

  // ---- the chat lane's outcomes --------------------------------------------------------------

  @Override
  public void finish(ReplyQueue.Slot slot, Future<String> result) {
    if (slot != null) {
      replies.fill(slot, result.succeeded() ? result.result() : failureReply(result.cause()));
    } else if (result.failed()) {
      log.warn("conn={} remote={} {}", id, remote(), result.cause().toString());
      if (state == State.OPENING) {
        kick("internal_error");
      }
    }
  }

  @Override
  public void answeredLater() {
    outbound.repliesReady();
  }

  // ---- outbound ------------------------------------------------------------------------------

  /** Writes the replies that are ready, in order, as one buffer; closes after a final one. */
  @Override
  public void flush() {
    if (state == State.CLOSED) {
      return;
    }
    if (outbound.flush()) {
      closeGracefully();
      return;
    }
    updateReading();
  }

  /** A push to this client; true if it was queued (see {@link Outbound#push}). */
  boolean push(Buffer line) {
    if (state != State.OPEN && state != State.OPENING) {
      return false;
    }
    return outbound.push(line);
  }

  @Override
  public void slowConsumer() {
    kick("slow_consumer");
  }

  @Override
  public void drained() {
    updateReading();
  }

  /**
   * Reads are paused while too many requests await replies or the replies are not being read:
   * a client that pipelines without reading is slowed down, not dropped.
   */
  private void updateReading() {
    boolean wanted = state == State.OPEN
        && replies.size() < limits.maxPendingReplies()
        && !outbound.writeQueueFull();
    if (wanted && readsPaused) {
      readsPaused = false;
      transport.resume();
    } else if (!wanted && !readsPaused) {
      readsPaused = true;
      transport.pause();
      if (state == State.OPEN) {
        loop.connections().readsPaused();
      }
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Completes once the connection has closed and its chat state is cleaned up. */
  Future<Void> cleanedUp() {
    return cleanedUp.future();
  }

  @Override
  public void shutdownRequested() {
    kick("shutdown");
  }

  @Override
  public void failed(Throwable cause) {
    log.debug("conn={} remote={} transport error: {}", id, remote(), cause.toString());
  }

  /** Sends {@code bye <reason>} and closes; completes once the connection is cleaned up. */
  Future<Void> kick(String reason) {
    if (state == State.CLOSING || state == State.CLOSED) {
      return cleanedUp.future();
    }
    boolean slow = reason.equals("slow_consumer");
    if (!slow) {
      outbound.flushPushes(); // what was said before the goodbye still reaches the client
    }
    state = State.CLOSING;
    closeReason = reason;
    outbound.discardPushes();
    if (slow) {
      transport.abort(); // its queue is full: a goodbye would only wait behind what it does not read
    } else {
      outbound.writeLine(Pushes.bye(reason));
      closeGracefully();
    }
    return cleanedUp.future();
  }

  /**
   * Closes as soon as what is queued has been sent; a peer that does not read gets at most
   * {@code limits.closeGraceMs}, then the connection is cut.
   */
  private void closeGracefully() {
    transport.closeAfterWrites();
    if (closeTimer < 0) {
      closeTimer = loop.vertx().setTimer(limits.closeGraceMs(), timer -> transport.abort());
    }
  }

  @Override
  public void closed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    outbound.closed();
    if (closeTimer >= 0) {
      loop.vertx().cancelTimer(closeTimer);
    }
    loop.connections().forget(this);
    loop.metrics().connectionClosed(closeReason);
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAtNanos);
    log.info("conn={} remote={} nick={} closed reason={} lines_in={} duration_ms={}",
        id, remote(), session.nick(), closeReason, linesIn, durationMs);
    // Behind whatever chat work is still in flight, so that nothing re-adds what this removes.
    // When the whole node stops, its users are the cluster's to announce and remove (the
    // dead-node cleanup of a surviving node does it once this node has left): messages sent on
    // the way out could be lost with the event bus, and the entries with them.
    boolean nodeStopping = closeReason.equals("shutdown");
    chat.add(null, () -> (nodeStopping ? session.closeLocally() : session.close()).map(ignored -> null));
    chat.add(null, () -> {
      cleanedUp.tryComplete();
      return Future.succeededFuture();
    });
    chat.run();
  }

  /**
   * The client's address as logged ({@code host:port}). Built when asked rather than kept: an idle
   * connection should not hold a string that only log lines use (the transport keeps the address).
   */
  String remote() {
    return String.valueOf(transport.remoteAddress());
  }

  /** The client's IP address, for per-address limits. */
  String remoteHost() {
    return transport.remoteAddress() == null ? remote() : transport.remoteAddress().hostAddress();
  }

  /** Closes with {@code bye <reason>} once the replies already queued have been written. */
  void kickSoon(String reason) {
    loop.vertx().runOnContext(v -> kick(reason));
  }
}
