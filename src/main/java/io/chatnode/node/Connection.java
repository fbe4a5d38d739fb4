package io.chatnode.node;

import io.chatnode.protocol.Pushes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's session pipeline over a {@link Transport}, and its lifecycle: greets,
 * takes framed lines and decodes them, hands each request to the {@link Dispatcher}, paces reading
 * by what the client takes, and closes. Lives on one event loop.
 *
 * <p>The parts: {@link Dispatcher} (requests to lanes: {@link WorkerBatch}, {@link ChatLane}),
 * {@link ChatSession} and {@link Login} (identity), {@link Outbound} (replies in order, pushes,
 * write back-pressure and the slow-consumer policy).
 */
final class Connection implements Transport.Receiver, Outbound.Owner, ChatLane.Owner, LocalRooms.Member,
    LossPolicy.Target {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  private enum State { OPENING, OPEN, CLOSING, CLOSED }

  private final String id;
  private final Transport transport;
  private final LoopContext loop;
  private final Outbound outbound;
  private final ReplyQueue replies;
  private final ChatLane chat;
  private final ChatSession session;
  private final Dispatcher requests;
  /** Made when first needed (an open connection is rarely waited for): see {@link #cleanup()}. */
  private Promise<Void> cleanedUp;
  private final long openedAtNanos = System.nanoTime();
  private State state = State.OPENING;
  private long lastInboundNanos = openedAtNanos;
  private long linesIn;
  private String closeReason = "client_closed";
  /** Turned on with {@code cap} (protocol 1.1); none for a version 1 client. */
  private ConnectionCaps caps;

  Connection(String id, Transport transport, LoopContext loop) {
    this.id = id;
    this.transport = transport;
    this.loop = loop;
    this.replies = new ReplyQueue(loop.metrics());
    this.outbound = new Outbound(transport, loop.flusher(), replies, this);
    this.chat = new ChatLane(this);
    this.session = new ChatSession(this, loop);
    // Only a node that asks for logins gives its connections a Login to hold.
    Login login = loop.auth().enabled() ? new Login(this, session, loop) : null;
    this.requests = new Dispatcher(loop, replies, chat, session, login, asked -> {
      if (caps == null) {
        caps = new ConnectionCaps(loop, outbound, this); // made at the first cap: idle clients hold less
      }
      return caps.turnOn(asked);
    });
  }

  @Override
  public String id() {
    return id;
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  /**
   * What a partition asks of this connection ({@link Reassertion}: assert its records after a heal,
   * or give its nickname up in a minority), run in the chat lane's order.
   */
  void afterPartition(java.util.function.Function<Reassertion, Future<Void>> step) {
    if (isOpen()) {
      chat.runInternal(() -> step.apply(new Reassertion(session, loop, this)));
    }
  }

  long idleNanos(long now) {
    return now - lastInboundNanos;
  }

  /** Greets the client with its guest nickname, puts it in the lobby, then starts reading. */
  void start() {
    transport.start(this);
    transport.setWriteQueueMaxSize(loop.limits().maxOutboundBytes());
    log.info("conn={} remote={} open transport={}", id, remote(), transport.name());
    String certificateUser = requests.certificateUser(transport);
    chat.add(null, () -> session.open(certificateUser).compose(nick -> {
      if (state == State.OPENING) {
        outbound.writeLine(NodeFacts.hello(nick, loop, !session.authenticated()));
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
    if (requests.accept(bytes, offset, length)) {
      state = State.CLOSING;
      closeReason = "quit";
    }
  }

  @Override
  public void tooLong() {
    if (state != State.OPEN) {
      return;
    }
    linesIn++;
    requests.tooLong();
  }

  @Override
  public void readComplete() {
    lastInboundNanos = System.nanoTime();
    requests.readComplete(this::failureReply, this::flush);
    flush();
  }

  @Override
  public boolean tags() {
    return caps != null && caps.tags();
  }

  private String failureReply(Throwable cause) {
    return FailureReplies.reply(cause, id, remote(), loop.status().minorityRetryMs());
  }

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
    return (state == State.OPEN || state == State.OPENING) && outbound.push(line);
  }

  @Override
  public boolean pushRoomMessage(String room, long seq, Buffer line) {
    return (state == State.OPEN || state == State.OPENING) && outbound.pushRoomMessage(room, seq, line);
  }

  @Override
  public void readsPaused() {
    loop.connections().readsPaused();
  }

  @Override
  public void slowConsumer() {
    kick("slow_consumer");
  }

  @Override
  public void drained() {
    outbound.drained();
    updateReading();
  }

  private void updateReading() {
    outbound.updateReading(state == State.OPEN, loop.limits().maxPendingReplies());
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** Completes once the connection has closed and its chat state is cleaned up. */
  Future<Void> cleanedUp() {
    return cleanup().future();
  }

  private Promise<Void> cleanup() {
    if (cleanedUp == null) {
      cleanedUp = Promise.promise();
    }
    return cleanedUp;
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
      return cleanedUp();
    }
    // A version 1 slow consumer is cut at once; one with tags has had its grace: it is told why.
    boolean slow = reason.equals("slow_consumer") && !tags();
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
    return cleanedUp();
  }

  private void closeGracefully() {
    outbound.closeAfterWrites(loop.vertx(), loop.limits().closeGraceMs());
  }

  @Override
  public void closed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    outbound.closed();
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
    chat.finish(nodeStopping ? session::closeLocally : session::close, cleanup());
  }

  /** The client's address as logged ({@code host:port}); built when asked, not kept, as only logs use it. */
  String remote() {
    return transport.remoteText();
  }

  /** The client's IP address, for per-address limits. */
  String remoteHost() {
    return transport.remoteHost();
  }

  /** Closes with {@code bye <reason>} once the replies already queued have been written. */
  void kickSoon(String reason) {
    loop.vertx().runOnContext(v -> kick(reason));
  }
}
