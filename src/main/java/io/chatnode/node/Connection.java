package io.chatnode.node;

import io.chatnode.auth.CertificateLogin;
import io.chatnode.chat.BusContract.Fields;
import io.chatnode.chat.BusContract;
import io.chatnode.config.Limits;
import io.chatnode.protocol.Command;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.LineFramer;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Request;
import io.chatnode.protocol.RequestParser;
import io.chatnode.protocol.Utf8;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: frames lines, enforces limits, routes each request to its lane, and
 * writes replies in request order and pushes as they come. Lives on one event loop.
 *
 * <p>Lanes: connection commands are answered at once; worker commands from one read are sent to
 * the worker verticles as one batch; chat commands run one after another, because each may depend
 * on the identity and rooms the previous one left behind.
 */
final class Connection implements LineFramer.Sink {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private enum State { OPENING, OPEN, CLOSING, CLOSED }

  /**
   * A chat command waiting its turn, and the slot its reply goes to (none for internal work).
   * A task that holds the lane keeps the next one waiting until its reply is there; one that does
   * not lets it start as soon as its action has returned (see {@link ChatSession#holdsLane}).
   */
  private record ChatTask(ReplyQueue.Slot slot, Supplier<Future<String>> action, boolean holdsLane) {}

  private final String id;
  private final NetSocket socket;
  private final ServerVerticle loop;
  private final Limits limits;
  private final LineFramer framer;
  private final ReplyQueue replies;
  private final TokenBucket chatBucket;
  private final ChatSession session;
  /** Room for one task at first (an idle connection holds many of these); grows when pipelined. */
  private final ArrayDeque<ChatTask> chatQueue = new ArrayDeque<>(1);
  private final Promise<Void> cleanedUp = Promise.promise();
  private final long openedAtNanos = System.nanoTime();
  private State state = State.OPENING;
  private boolean chatBusy;
  private boolean readsPaused;
  private long lastInboundNanos = openedAtNanos;
  private long linesIn;
  private long closeTimer = -1;
  private String closeReason = "client_closed";
  /** Pushes collected beyond this many bytes are written at once rather than at the turn's end. */
  private static final int PUSH_BATCH_BYTES = 16 * 1024;

  /** Pushes of this turn of the event loop, written as one buffer by {@link #flushPushes()}. */
  private Buffer pendingPushes;
  private int lastPushBatchBytes;
  /** Replies were filled in this turn outside a read; they go out with the turn's flush. */
  private boolean repliesWaiting;
  /** This connection is in its loop's list of connections to flush at the end of the turn. */
  private boolean flushQueued;
  /** Worker lines of the current read and their slots; null until a read has one. */
  private List<String> batchLines;
  private List<ReplyQueue.Slot> batchSlots;

  Connection(String id, NetSocket socket, ServerVerticle loop) {
    this.id = id;
    this.socket = socket;
    this.loop = loop;
    this.limits = loop.runtime().config().limits();
    this.replies = new ReplyQueue(loop.runtime().metrics());
    this.framer = new LineFramer(limits.maxLineBytes());
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

  static Buffer encodeLine(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(bytes.length + 1).appendBytes(bytes).appendByte((byte) '\n');
  }

  /** Greets the client with its guest nickname, puts it in the lobby, then starts reading. */
  void start() {
    socket.pause();
    readsPaused = true;
    socket.handler(this::onData);
    socket.closeHandler(ignored -> onClosed());
    socket.exceptionHandler(e -> log.debug("conn={} remote={} socket error: {}", id, remote(), e.toString()));
    socket.drainHandler(ignored -> updateReading());
    socket.shutdownHandler(grace -> kick("shutdown"));
    socket.setWriteQueueMaxSize(limits.maxOutboundBytes());
    log.info("conn={} remote={} open", id, remote());
    String certificateUser = certificateUser();
    enqueueChat(null, () -> session.open(certificateUser).compose(nick -> {
      if (state == State.OPENING) {
        socket.write(encodeLine(Pushes.hello(nick, advertisedLimits())));
      }
      return session.joinLobby();
    }).map(ignored -> {
      if (state == State.OPENING) {
        state = State.OPEN;
        updateReading();
      }
      return null;
    }));
    runChat();
  }

  /**
   * With {@code auth.certificateLogin}: the user named by the verified client certificate's
   * subject CN, if the users file has it; else null.
   */
  private String certificateUser() {
    if (!loop.runtime().config().auth().certificateLogin() || !socket.isSsl()) {
      return null;
    }
    String user;
    try {
      user = CertificateLogin.userFor(socket.peerCertificates(), loop.runtime().users());
    } catch (SSLPeerUnverifiedException e) {
      return null; // no certificate (tls.clientAuth request): log in with a password
    }
    if (user == null) {
      log.info("conn={} remote={} client certificate names no user", id, remote());
    }
    return user;
  }

  private Map<String, Object> advertisedLimits() {
    Map<String, Object> pairs = new LinkedHashMap<>();
    pairs.put("version", NodeRuntime.PROTOCOL_VERSION);
    pairs.put("node", loop.runtime().nodeId());
    pairs.put("max_line", limits.maxLineBytes());
    pairs.put("rate", limits.chatRate());
    pairs.put("burst", limits.chatBurst());
    pairs.put("idle_s", limits.idleTimeoutSeconds());
    String lobby = loop.runtime().config().lobby();
    if (!lobby.isEmpty()) {
      pairs.put("lobby", lobby);
    }
    if (loop.runtime().config().auth().enabled() && !session.authenticated()) {
      pairs.put("auth", "required");
    }
    return pairs;
  }

  // ---- inbound -----------------------------------------------------------------------------

  private void onData(Buffer data) {
    lastInboundNanos = System.nanoTime();
    byte[] bytes = data.getBytes();
    framer.feed(bytes, 0, bytes.length, this);
    sendWorkerBatch();
    runChat();
    flush();
  }

  @Override
  public void line(byte[] bytes, int offset, int length) {
    if (state != State.OPEN) {
      return; // after quit, or while closing: nothing more is read
    }
    linesIn++;
    loop.runtime().metrics().lineIn();
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
    Command command = Command.byWireName(request.command());
    replies.tag(command == null ? "unknown" : command.wireName());
    if (command == null) {
      replies.add(Replies.err(ErrorCode.UNKNOWN_COMMAND,
          "unknown command " + Replies.quote(request.command()) + "; try help"));
      return;
    }
    if (mustAuthenticateFirst(command)) {
      // Through the chat lane, so that requests pipelined behind an auth see its outcome.
      enqueueChat(replies.reserve(), () -> session.authenticated() ? runAuthenticated(command, request, line)
          : Future.succeededFuture(Replies.err(ErrorCode.AUTH_REQUIRED, "log in first: auth <user> <password>")));
      return;
    }
    switch (command.lane()) {
      case CONNECTION -> answerHere(command, request);
      case WORKER -> {
        if (batchLines == null) {
          batchLines = new ArrayList<>();
          batchSlots = new ArrayList<>();
        }
        batchLines.add(line);
        batchSlots.add(replies.reserve());
      }
      case CHAT -> dispatchChat(command, request);
    }
  }

  @Override
  public void tooLong() {
    if (state != State.OPEN) {
      return;
    }
    linesIn++;
    replies.add(Replies.err(ErrorCode.LINE_TOO_LONG,
        "line longer than " + limits.maxLineBytes() + " bytes; discarded"));
  }

  private void answerHere(Command command, Request request) {
    switch (command) {
      case HELP -> replies.add(Replies.ok(Command.listing()));
      case PING -> replies.add(Replies.ok(request.rest().isEmpty() ? "pong" : "pong " + request.rest()));
      case QUIT -> {
        replies.addFinal(Replies.ok("bye"));
        state = State.CLOSING;
        closeReason = "quit";
      }
      default -> throw new IllegalStateException(command + " is not a connection command");
    }
  }

  private void dispatchChat(Command command, Request request) {
    String limited = rateLimited(command);
    if (limited != null) {
      replies.add(limited);
      return;
    }
    chatQueue.addLast(new ChatTask(replies.reserve(), () -> session.handle(command, request),
        ChatSession.holdsLane(command)));
  }

  /** The flood-control reply if this chat line must wait, else null. */
  private String rateLimited(Command command) {
    if (command == Command.SAY || command == Command.MSG) {
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
  private boolean mustAuthenticateFirst(Command command) {
    return loop.runtime().config().auth().enabled() && !session.authenticated()
        && command != Command.HELP && command != Command.PING && command != Command.QUIT && command != Command.AUTH;
  }

  /** A request that was pipelined behind a successful auth, run in its turn. */
  private Future<String> runAuthenticated(Command command, Request request, String line) {
    return switch (command.lane()) {
      case WORKER -> askWorker(line);
      case CHAT -> {
        String limited = rateLimited(command);
        yield limited != null ? Future.succeededFuture(limited) : session.handle(command, request);
      }
      case CONNECTION -> Future.failedFuture(command + " needs no login");
    };
  }

  private void sendWorkerBatch() {
    if (batchLines == null) {
      return;
    }
    List<ReplyQueue.Slot> slots = batchSlots;
    JsonObject body = new JsonObject().put(Fields.LINES, new JsonArray(batchLines));
    batchLines = null;
    batchSlots = null;
    askWorkers(body).onComplete(ar -> {
      JsonArray answers = ar.succeeded() ? ar.result().getJsonArray(Fields.REPLIES) : null;
      for (int i = 0; i < slots.size(); i++) {
        String answer = answers != null && i < answers.size() ? answers.getString(i) : null;
        replies.fill(slots.get(i), answer != null ? answer : failureReply(ar.cause()));
      }
      flush();
    });
  }

  /** One line to the command workers; its reply. */
  Future<String> askWorker(String line) {
    return askWorkers(new JsonObject().put(Fields.LINES, new JsonArray().add(line)))
        .map(reply -> reply.getJsonArray(Fields.REPLIES).getString(0));
  }

  /** Sends a batch of lines to the command workers; the reply body holds one reply per line. */
  Future<JsonObject> askWorkers(JsonObject body) {
    return loop.vertx().eventBus()
        .<JsonObject>request(BusContract.COMMANDS, body, new DeliveryOptions().setSendTimeout(limits.requestTimeoutMs()))
        .map(message -> message.body());
  }

  private String failureReply(Throwable cause) {
    if (cause != null) {
      log.warn("conn={} remote={} request failed: {}", id, remote(), cause.toString());
    }
    return Replies.err(ErrorCode.INTERNAL, "the node could not complete this request; try again");
  }

  // ---- the chat lane -------------------------------------------------------------------------

  private void enqueueChat(ReplyQueue.Slot slot, Supplier<Future<String>> action) {
    chatQueue.addLast(new ChatTask(slot, action, true));
  }

  /**
   * Runs queued chat tasks in order. Tasks that complete at once run in this loop, so a long
   * pipeline of chat commands never nests callbacks; an asynchronous one resumes the loop when done.
   */
  private void runChat() {
    while (!chatBusy && !chatQueue.isEmpty()) {
      ChatTask task = chatQueue.pollFirst();
      Future<String> result;
      try {
        result = task.action().get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      if (result.isComplete()) {
        finish(task.slot(), result);
        continue;
      }
      if (!task.holdsLane()) {
        // The reply queue keeps the replies in request order all the same.
        Future<String> later = result;
        later.onComplete(ignored -> {
          finish(task.slot(), later);
          repliesWaiting = true;
          flushAtTurnEnd(); // one write for the replies of a burst, not one each
        });
        continue;
      }
      chatBusy = true;
      Future<String> pending = result;
      pending.onComplete(ignored -> {
        chatBusy = false;
        finish(task.slot(), pending);
        runChat();
        flush();
      });
    }
  }

  private void finish(ReplyQueue.Slot slot, Future<String> result) {
    if (slot != null) {
      replies.fill(slot, result.succeeded() ? result.result() : failureReply(result.cause()));
    } else if (result.failed()) {
      log.warn("conn={} remote={} {}", id, remote(), result.cause().toString());
      if (state == State.OPENING) {
        kick("internal_error");
      }
    }
  }

  // ---- outbound ------------------------------------------------------------------------------

  /** Writes the replies that are ready, in order, as one buffer. */
  private void flush() {
    if (state == State.CLOSED) {
      return;
    }
    flushPushes(); // pushes generated before these replies go out before them
    Buffer out = Buffer.buffer();
    boolean closeNow = replies.drain(line -> out.appendString(line).appendByte((byte) '\n'));
    if (out.length() > 0) {
      socket.write(out);
    }
    if (closeNow) {
      closeGracefully();
      return;
    }
    updateReading();
  }

  /**
   * A push to this client. A client that does not read its pushes fills its outbound queue; it is
   * then told {@code bye slow_consumer} and closed, so it can never make the node buffer without
   * bound or hold up the room. True if the push was queued; the caller counts it (once per
   * fan-out, not per member: a shared counter bumped per push was a third of a fan-out profile).
   */
  boolean push(Buffer line) {
    if (state != State.OPEN && state != State.OPENING) {
      return false;
    }
    if (socket.writeQueueFull()) {
      kick("slow_consumer");
      return false;
    }
    if (pendingPushes == null) {
      // Sized from the last batch: under load a batch is many lines, and growing it by doubling
      // from a few lines copied it over and over (the top cost in a fan-out profile).
      pendingPushes = Buffer.buffer(Math.min(PUSH_BATCH_BYTES + line.length(), Math.max(256, lastPushBatchBytes)));
      flushAtTurnEnd();
    }
    pendingPushes.appendBuffer(line);
    if (pendingPushes.length() >= PUSH_BATCH_BYTES) {
      flushPushes(); // a long turn: write what is there, so the outbound limit sees it
    }
    return true;
  }

  private void flushAtTurnEnd() {
    if (!flushQueued) {
      flushQueued = true;
      loop.rooms().flushLater(this);
    }
  }

  /** The end of the turn: writes what this turn collected (pushes, and replies if any came). */
  void flushQueued() {
    flushQueued = false;
    if (repliesWaiting) {
      repliesWaiting = false;
      flush();
    } else {
      flushPushes();
    }
  }

  /** Writes the pushes collected in this turn, if any, as one buffer. */
  private void flushPushes() {
    Buffer pending = pendingPushes;
    if (pending == null) {
      return;
    }
    pendingPushes = null;
    lastPushBatchBytes = pending.length();
    if (state != State.CLOSED) {
      socket.write(pending);
    }
  }

  /**
   * Reads are paused while too many requests await replies or the replies are not being read:
   * a client that pipelines without reading is slowed down, not dropped.
   */
  private void updateReading() {
    boolean wanted = state == State.OPEN
        && replies.size() < limits.maxPendingReplies()
        && !socket.writeQueueFull();
    if (wanted && readsPaused) {
      readsPaused = false;
      socket.resume();
    } else if (!wanted && !readsPaused) {
      readsPaused = true;
      socket.pause();
      if (state == State.OPEN) {
        loop.runtime().readsPaused();
      }
    }
  }

  /** Completes once the connection has closed and its chat state is cleaned up. */
  Future<Void> cleanedUp() {
    return cleanedUp.future();
  }

  /** Sends {@code bye <reason>} and closes; completes once the connection is cleaned up. */
  Future<Void> kick(String reason) {
    if (state == State.CLOSING || state == State.CLOSED) {
      return cleanedUp.future();
    }
    if (!reason.equals("slow_consumer")) {
      flushPushes(); // what was said before the goodbye still reaches the client
    }
    state = State.CLOSING;
    closeReason = reason;
    pendingPushes = null;
    if (reason.equals("slow_consumer")) {
      abort(); // its queue is full: a goodbye would only wait behind what it does not read
    } else {
      socket.write(encodeLine(Pushes.bye(reason)));
      closeGracefully();
    }
    return cleanedUp.future();
  }

  /** Closes once what is queued has been sent, but waits at most {@code limits.closeGraceMs}. */
  private void closeGracefully() {
    socket.close();
    closeTimer = loop.vertx().setTimer(limits.closeGraceMs(), id -> abort());
  }

  /**
   * Closes now and drops whatever is still queued. Vert.x's own close() is graceful and waits for
   * the backlog to flush, which for a client that does not read is forever; closing from Vert.x's
   * handler context goes straight to the transport, which frees the backlog and then reports the
   * close as usual.
   */
  private void abort() {
    ((NetSocketInternal) socket).channelHandlerContext().close();
  }

  private void onClosed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (closeTimer >= 0) {
      loop.vertx().cancelTimer(closeTimer);
    }
    loop.forget(this);
    loop.runtime().metrics().connectionClosed(closeReason);
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAtNanos);
    log.info("conn={} remote={} nick={} closed reason={} lines_in={} duration_ms={}",
        id, remote(), session.nick(), closeReason, linesIn, durationMs);
    // Behind whatever chat work is still in flight, so that nothing re-adds what this removes.
    // When the whole node stops, its users are the cluster's to announce and remove (the
    // DeadNodeReaper of a surviving node does it once this node has left): messages sent on the
    // way out could be lost with the event bus, and the entries with them.
    boolean nodeStopping = closeReason.equals("shutdown");
    enqueueChat(null, () -> (nodeStopping ? session.closeLocally() : session.close()).map(ignored -> null));
    enqueueChat(null, () -> {
      cleanedUp.tryComplete();
      return Future.succeededFuture();
    });
    runChat();
  }

  /**
   * The client's address as logged ({@code host:port}). Built when asked rather than kept: an idle
   * connection should not hold a string that only log lines use (Vert.x keeps the address itself).
   */
  String remote() {
    return String.valueOf(socket.remoteAddress());
  }

  /** The client's IP address, for per-address limits. */
  String remoteHost() {
    return socket.remoteAddress() == null ? remote() : socket.remoteAddress().hostAddress();
  }

  /** Closes with {@code bye <reason>} once the replies already queued have been written. */
  void kickSoon(String reason) {
    loop.vertx().runOnContext(v -> kick(reason));
  }
}
