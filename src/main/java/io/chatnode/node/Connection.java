package io.chatnode.node;

import io.chatnode.config.Limits;
import io.chatnode.protocol.Command;
import io.chatnode.protocol.CommandParser;
import io.chatnode.protocol.CommandWord;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Parsed;
import io.chatnode.protocol.Pushes;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Utf8;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
final class Connection implements Transport.Receiver, Outbound.Owner, ChatLane.Owner, LocalRooms.Member {

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
  private final Login login;
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
    this.session = new ChatSession(id, this, loop);
    this.login = new Login(this, session, loop);
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
    String certificateUser = login.certificateUser(transport.peerCertificates());
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
    if (!session.authenticated()) {
      pairs.put("auth", "required");
    }
    return pairs;
  }

  // ---- inbound -----------------------------------------------------------------------------

  @Override
  public void line(byte[] bytes, int offset, int length) {
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
    Parsed parsed = CommandParser.parse(line);
    if (parsed instanceof Parsed.Blank) {
      return; // only spaces: an empty line
    }
    CommandWord word = parsed instanceof Command command ? command.word() : ((Parsed.Refused) parsed).word();
    replies.tag(word == null ? "unknown" : word.wireName());
    if (word == null) {
      replies.add(((Parsed.Refused) parsed).reply());
    } else if (login.mustWait(word)) {
      // Through the chat lane, so that requests pipelined behind an auth see its outcome.
      chat.add(replies.reserve(), () -> !login.authenticated() ? Future.succeededFuture(Login.required())
          : rateLimitedOr(word, () -> answer(parsed, line)));
    } else {
      route(parsed, word, line);
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

  @Override
  public void readComplete() {
    lastInboundNanos = System.nanoTime();
    workers.send(replies, this::failureReply, this::flush);
    chat.run();
    flush();
  }

  /**
   * Takes a request to its lane: connection commands are answered now, the worker lines of this
   * read are batched, chat commands queue up in the chat lane.
   */
  private void route(Parsed parsed, CommandWord word, String line) {
    switch (word.lane()) {
      case CONNECTION -> {
        String reply = answer(parsed, line).result();
        if (word == CommandWord.QUIT) {
          replies.addFinal(reply);
          state = State.CLOSING;
          closeReason = "quit";
        } else {
          replies.add(reply);
        }
      }
      case WORKER -> {
        if (parsed instanceof Parsed.Refused refused) {
          replies.add(refused.reply());
        } else {
          workers.add(line, replies.reserve());
        }
      }
      case CHAT -> {
        String limited = rateLimited(word);
        if (limited != null) {
          replies.add(limited);
        } else {
          chat.add(replies.reserve(), () -> answer(parsed, line), ChatSession.holdsLane(word));
        }
      }
    }
  }

  /**
   * The one dispatch: the reply to a request, whichever lane runs it. Connection commands
   * complete at once; worker commands asked one by one here are those that waited for a login.
   */
  private Future<String> answer(Parsed parsed, String line) {
    if (parsed instanceof Parsed.Refused refused) {
      return Future.succeededFuture(refused.word() == CommandWord.AUTH ? login.refused(refused.reply()) : refused.reply());
    }
    Command command = (Command) parsed;
    return switch (command.word()) {
      case HELP -> Future.succeededFuture(Replies.ok(CommandWord.listing()));
      case PING -> Future.succeededFuture(Replies.ok(pong((Command.Ping) command)));
      case QUIT -> Future.succeededFuture(Replies.ok("bye"));
      case GET_TIME, ECHO, CALCULATE_SUM, WHO, ROOMS -> workers.askOne(line);
      case NICK -> session.nick(((Command.Nick) command).name());
      case JOIN -> session.join(((Command.Join) command).room());
      case LEAVE -> session.leave(((Command.Leave) command).room());
      case SAY -> session.say(((Command.Say) command).room(), ((Command.Say) command).text());
      case MSG -> session.msg(((Command.Msg) command).nick(), ((Command.Msg) command).text());
      case STATS -> session.stats();
      case AUTH -> login.auth((Command.Auth) command);
    };
  }

  private static String pong(Command.Ping ping) {
    return ping.token().isEmpty() ? "pong" : "pong " + ping.token();
  }

  private Future<String> rateLimitedOr(CommandWord word, Supplier<Future<String>> action) {
    String limited = rateLimited(word);
    return limited != null ? Future.succeededFuture(limited) : action.get();
  }

  /** The flood-control reply if this chat line must wait, else null. */
  private String rateLimited(CommandWord word) {
    if (word == CommandWord.SAY || word == CommandWord.MSG) {
      long waitNanos = chatBucket.tryTake(System.nanoTime());
      if (waitNanos > 0) {
        long retryMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
        return Replies.rateLimited(retryMs, "at most " + limits.chatRate()
            + " chat lines per second, " + limits.chatBurst() + " at once");
      }
    }
    return null;
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
  @Override
  public boolean push(Buffer line) {
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
