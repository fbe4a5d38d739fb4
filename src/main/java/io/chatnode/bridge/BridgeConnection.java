package io.chatnode.bridge;

import io.chatnode.auth.CertificateLogin;
import io.chatnode.auth.FailureGuard;
import io.chatnode.auth.LoginUsers;
import io.chatnode.auth.PasswordHash;
import io.chatnode.auth.UserFile;
import io.chatnode.config.AuthSettings;
import io.chatnode.config.BridgeSettings;
import io.chatnode.protocol.Names;
import io.chatnode.protocol.ServerLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bridge client, on the bridge's event loop. Speaks the frames of Vert.x's TCP event-bus
 * bridge ({@code send}, {@code publish}, {@code register}, {@code unregister}, {@code ping} in;
 * {@code message}, {@code err}, {@code pong} out) and closes the stock bridge's gaps: a login
 * first, permissions per address, a frame-size cap, a bounded outbound queue (drop with a count,
 * then disconnect), a cap on registrations and on requests in flight.
 */
final class BridgeConnection {

  private static final Logger log = LoggerFactory.getLogger(BridgeConnection.class);

  /** Reasons in error frames (the stock bridge's word for a refusal is {@code access_denied}). */
  static final String ACCESS_DENIED = "access_denied";
  static final String LOGIN_REQUIRED = "login_required";
  static final String AUTH_FAILED = "auth_failed";
  static final String TOO_MANY_REGISTRATIONS = "too_many_registrations";
  static final String BAD_FRAME = "bad_frame";
  static final String UNKNOWN_TYPE = "unknown_type";

  /** What a connection needs from its server; shared by all connections. */
  record Shared(Vertx vertx, BridgeSettings settings, AuthSettings auth, LoginUsers users, FailureGuard failures,
      ChatDoor door, BridgeMetrics metrics, AddressRules consume, AddressRules send, AddressRules publish,
      int requestTimeoutMs, int maxPendingRequests) {}

  private final String id;
  private final NetSocket socket;
  private final Shared shared;
  private final String remote;
  private final FrameDecoder decoder;
  private final OutboundFrames outbound;
  private final Map<String, MessageConsumer<Object>> registrations = new HashMap<>();
  private final java.util.ArrayDeque<Buffer> heldDuringLogin = new java.util.ArrayDeque<>();
  private String user;
  private ChatDoor.BotSession bot;
  private int loginFailures;
  private boolean loggingIn;
  private int pendingRequests;
  private long framesIn;
  private long framesOut;
  private boolean closed;
  private Runnable onClosed = () -> {};

  BridgeConnection(String id, NetSocket socket, Shared shared) {
    this.id = id;
    this.socket = socket;
    this.shared = shared;
    this.remote = String.valueOf(socket.remoteAddress());
    this.decoder = new FrameDecoder(shared.settings().maxFrameBytes(), new FrameDecoder.Sink() {
      @Override
      public void frame(Buffer json) {
        onFrame(json);
      }

      @Override
      public void tooLarge(long length) {
        log.info("bridge conn={} remote={} frame of {} bytes over bridge.maxFrameBytes {}: closing", id, remote,
            length, shared.settings().maxFrameBytes());
        close("frame_too_large");
      }
    });
    this.outbound = new OutboundFrames(shared.settings().maxOutboundBytes());
  }

  void start(Runnable whenClosed) {
    this.onClosed = whenClosed;
    shared.metrics().opened();
    socket.setWriteQueueMaxSize(Math.min(64 * 1024, shared.settings().maxOutboundBytes()));
    socket.handler(decoder::feed);
    socket.drainHandler(v -> flush());
    socket.exceptionHandler(e -> log.info("bridge conn={} remote={} failed: {}", id, remote, e.toString()));
    socket.closeHandler(v -> close("closed"));
    log.info("bridge conn={} remote={} open{}", id, remote, socket.isSsl() ? " (tls)" : "");
    certificateLogin();
  }

  String id() {
    return id;
  }

  // ---- login -----------------------------------------------------------------------------

  private void certificateLogin() {
    if (!shared.auth().certificateLogin() || !socket.isSsl()) {
      return;
    }
    List<Certificate> chain = peerCertificates();
    String name = chain.isEmpty() ? null : CertificateLogin.userFor(chain, shared.users().current());
    if (name == null || !isBridgeUser(name)) {
      return; // log in with a password
    }
    loggingIn = true;
    socket.pause();
    openSession(name, null, chain).onComplete(ar -> {
      loggingIn = false;
      if (ar.succeeded()) {
        log.info("bridge conn={} remote={} logged in user={} by client certificate", id, remote, name);
      } else {
        log.info("bridge conn={} remote={} certificate login of {} refused by the node: {}", id, remote, name,
            ar.cause().getMessage());
      }
      resumeReading(); // without a session, the client may still log in with a password
    });
  }

  private List<Certificate> peerCertificates() {
    try {
      return socket.isSsl() ? socket.peerCertificates() : List.of();
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private boolean isBridgeUser(String name) {
    return shared.settings().users().stream().anyMatch(u -> Names.key(u).equals(Names.key(name)));
  }

  private void login(JsonObject frame) {
    String replyAddress = frame.getString("replyAddress");
    if (user != null) {
      replyFailure(replyAddress, AUTH_FAILED, "already logged in as " + user);
      return;
    }
    JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : new JsonObject();
    String name = body.getValue(BridgeAddresses.USER) instanceof String s ? s : "";
    char[] password = (body.getValue(BridgeAddresses.PASSWORD) instanceof String s ? s : "").toCharArray();
    String address = socket.remoteAddress() == null ? remote : socket.remoteAddress().hostAddress();
    loggingIn = true;
    socket.pause();
    if (shared.failures().blocked(address, System.nanoTime())) {
      loginFailed(replyAddress, "too many failed logins from your address; try again later");
      return;
    }
    UserFile users = shared.users().current();
    char[] check = password.clone();
    shared.vertx().executeBlocking(() -> {
      try {
        return Optional.ofNullable(users.verify(name, check));
      } finally {
        PasswordHash.wipe(check);
      }
    }, false).onComplete(ar -> {
      Optional<UserFile.Entry> entry = ar.succeeded() ? ar.result() : Optional.empty();
      if (entry.isEmpty() || !isBridgeUser(entry.get().name())) {
        PasswordHash.wipe(password);
        shared.failures().failed(address, System.nanoTime());
        log.info("bridge conn={} remote={} login failed{}", id, remote,
            entry.isPresent() ? " (user " + entry.get().name() + " is not in bridge.users)" : "");
        loginFailed(replyAddress, "wrong user name or password, or not a bridge user");
        return;
      }
      String loggedIn = entry.get().name();
      openSession(loggedIn, password, peerCertificates()).onComplete(opened -> {
        PasswordHash.wipe(password);
        loggingIn = false;
        if (opened.succeeded()) {
          log.info("bridge conn={} remote={} logged in user={}", id, remote, loggedIn);
          reply(replyAddress, new JsonObject().put(BridgeAddresses.USER, loggedIn));
          resumeReading();
        } else {
          replyFailure(replyAddress, AUTH_FAILED, opened.cause().getMessage());
          close("chat_session_refused");
        }
      });
    });
  }

  private Future<Void> openSession(String name, char[] password, List<Certificate> chain) {
    return shared.door().open(name, password, chain, socket.remoteAddress(), () -> close("chat_session_closed"))
        .map(session -> {
          if (closed) {
            session.close();
          } else {
            user = name;
            bot = session;
          }
          return null;
        });
  }

  /** After {@code auth.failureDelayMs}; the last allowed failure closes the connection. */
  private void loginFailed(String replyAddress, String message) {
    loginFailures++;
    boolean last = loginFailures >= shared.auth().maxFailures();
    Runnable answer = () -> {
      loggingIn = false;
      replyFailure(replyAddress, AUTH_FAILED, message + (last ? "; closing" : ""));
      if (last) {
        flush();
        close(AUTH_FAILED);
      } else {
        resumeReading();
      }
    };
    int delay = shared.auth().failureDelayMs();
    if (delay == 0) {
      answer.run();
    } else {
      shared.vertx().setTimer(delay, t -> answer.run());
    }
  }

  // ---- frames in -------------------------------------------------------------------------

  private void onFrame(Buffer bytes) {
    if (loggingIn) {
      // frames that came in the same read as the login wait for it (reading is paused meanwhile)
      if (heldDuringLogin.size() >= shared.maxPendingRequests()) {
        refuse(LOGIN_REQUIRED, "too many frames sent before the login was answered", null);
        return;
      }
      heldDuringLogin.add(bytes.copy());
      return;
    }
    framesIn++;
    shared.metrics().frameIn();
    JsonObject frame;
    try {
      frame = new JsonObject(bytes);
    } catch (DecodeException | ClassCastException e) {
      refuse(BAD_FRAME, "a frame must be a JSON object", null);
      return;
    }
    String type = frame.getValue("type") instanceof String t ? t : "";
    if (type.equals("ping")) {
      send(new JsonObject().put("type", "pong"));
      if (bot != null && bot.pending() == 0) {
        bot.request("ping"); // a bot's chat session is kept alive by its bridge client's pings
      }
      return;
    }
    String address = frame.getValue("address") instanceof String a ? a : null;
    if (user == null) {
      if (type.equals("send") && BridgeAddresses.LOGIN.equals(address)) {
        login(frame);
      } else {
        refuse(LOGIN_REQUIRED, "log in first: send {\"user\":..,\"password\":..} to " + BridgeAddresses.LOGIN,
            frame.getString("replyAddress"));
      }
      return;
    }
    if (address == null && !type.isEmpty()) {
      refuse(BAD_FRAME, "a " + type + " frame needs an address", null);
      return;
    }
    switch (type) {
      case "register" -> register(address);
      case "unregister" -> unregister(address);
      case "send" -> send(frame, address);
      case "publish" -> publish(frame, address);
      default -> refuse(UNKNOWN_TYPE, "frame type must be send, publish, register, unregister or ping", null);
    }
  }

  private void register(String address) {
    if (!shared.consume().allows(address)) {
      refuse(ACCESS_DENIED, "not permitted to register on " + address, null);
      return;
    }
    if (registrations.containsKey(address)) {
      return;
    }
    int max = shared.settings().maxRegistrations();
    if (registrations.size() >= max) {
      refuse(TOO_MANY_REGISTRATIONS, "a bridge connection may register on at most " + max + " addresses", null);
      return;
    }
    registrations.put(address, shared.vertx().eventBus().consumer(address, message -> deliver(address, message)));
  }

  private void unregister(String address) {
    MessageConsumer<Object> consumer = registrations.remove(address);
    if (consumer != null) {
      consumer.unregister();
    }
  }

  private void send(JsonObject frame, String address) {
    String replyAddress = frame.getValue("replyAddress") instanceof String r ? r : null;
    if (address.startsWith(BridgeAddresses.BOT_PREFIX)) {
      if (!shared.send().allows(address)) {
        refuse(ACCESS_DENIED, "not permitted to send to " + address, replyAddress);
        return;
      }
      botRequest(address, frame.getValue("body"), replyAddress);
      return;
    }
    if (BridgeAddresses.isChatInternal(address) || !shared.send().allows(address)) {
      refuse(ACCESS_DENIED, "not permitted to send to " + address, replyAddress);
      return;
    }
    Object body = frame.getValue("body");
    if (replyAddress == null) {
      shared.vertx().eventBus().send(address, body);
      return;
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(shared.requestTimeoutMs());
    inFlight(shared.vertx().eventBus().request(address, body, options)).onComplete(ar -> {
      if (ar.succeeded()) {
        reply(replyAddress, ar.result().body());
      } else if (ar.cause() instanceof ReplyException re) {
        send(new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", re.failureCode())
            .put("failureType", re.failureType().name()).put("message", String.valueOf(re.getMessage())));
      } else {
        replyFailure(replyAddress, "failed", String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  private void publish(JsonObject frame, String address) {
    if (address.startsWith(BridgeAddresses.BOT_PREFIX) || BridgeAddresses.isChatInternal(address)
        || !shared.publish().allows(address)) {
      refuse(ACCESS_DENIED, "not permitted to publish to " + address, null);
      return;
    }
    shared.vertx().eventBus().publish(address, frame.getValue("body"));
  }

  /** A bot's join, leave or say: one request line in its own chat session. */
  private void botRequest(String address, Object rawBody, String replyAddress) {
    JsonObject body = rawBody instanceof JsonObject b ? b : new JsonObject();
    String room = body.getValue(BridgeAddresses.ROOM) instanceof String r ? r : "";
    if (!Names.isValid(room)) {
      refuse(BAD_FRAME, "room must be " + Names.RULE, replyAddress);
      return;
    }
    String line;
    switch (address) {
      case BridgeAddresses.JOIN -> line = "join " + room;
      case BridgeAddresses.LEAVE -> line = "leave " + room;
      case BridgeAddresses.SAY -> {
        String text = body.getValue(BridgeAddresses.TEXT) instanceof String t ? t : "";
        if (text.isEmpty() || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
          refuse(BAD_FRAME, "text must be one line of text", replyAddress);
          return;
        }
        line = "say " + room + " " + text;
      }
      default -> {
        refuse(ACCESS_DENIED, "no such bot address: " + address, replyAddress);
        return;
      }
    }
    inFlight(bot.request(line)).onComplete(ar -> {
      String replyLine = ar.succeeded() ? ar.result() : "err internal " + ar.cause().getMessage();
      ServerLine parsed = ServerLine.parse(replyLine);
      if (parsed.isOk()) {
        if (replyAddress != null) {
          reply(replyAddress, new JsonObject().put(BridgeAddresses.OK, parsed.field("result")));
        }
      } else {
        replyFailure(replyAddress, parsed.field("code"), replyLine);
      }
    });
  }

  /** Counts a request in flight; at {@code limits.maxPendingReplies} the client's frames wait. */
  private <T> Future<T> inFlight(Future<T> request) {
    pendingRequests++;
    if (pendingRequests >= shared.maxPendingRequests()) {
      socket.pause();
    }
    return request.andThen(ar -> {
      pendingRequests--;
      resumeReading();
    });
  }

  private void resumeReading() {
    while (!closed && !loggingIn && !heldDuringLogin.isEmpty()) {
      onFrame(heldDuringLogin.poll());
    }
    if (!closed && !loggingIn && pendingRequests < shared.maxPendingRequests()) {
      socket.resume();
    }
  }

  // ---- frames out ------------------------------------------------------------------------

  private void deliver(String address, Message<Object> message) {
    send(new JsonObject().put("type", "message").put("address", address).put("send", false)
        .put("body", jsonValue(message.body())));
  }

  private static Object jsonValue(Object body) {
    return body == null || body instanceof JsonObject || body instanceof JsonArray || body instanceof String
        || body instanceof Number || body instanceof Boolean ? body : body.toString();
  }

  private void reply(String replyAddress, Object body) {
    if (replyAddress != null) {
      send(new JsonObject().put("type", "message").put("address", replyAddress).put("send", true)
          .put("body", jsonValue(body)));
    }
  }

  private void replyFailure(String replyAddress, String code, String message) {
    JsonObject err = new JsonObject().put("type", "err").put("message", message);
    if (replyAddress != null) {
      err.put("address", replyAddress).put("failureCode", -1).put("failureType", "RECIPIENT_FAILURE").put("code", code);
    }
    send(err);
  }

  /** The bridge's error frame, {@code {"type":"err","message":<reason>, ..}}; logged, counted. */
  private void refuse(String reason, String detail, String replyAddress) {
    shared.metrics().refused(reason);
    log.info("bridge conn={} remote={} user={} refused: {} ({})", id, remote, user, reason, detail);
    JsonObject err = new JsonObject().put("type", "err").put("message", reason).put("detail", detail);
    if (replyAddress != null) {
      err.put("address", replyAddress);
    }
    send(err);
  }

  /**
   * Writes the frame, or queues it while the socket is full; a frame that does not fit in
   * {@code bridge.maxOutboundBytes} is dropped and counted, and past {@code bridge.maxDroppedFrames}
   * drops the client is disconnected.
   */
  private void send(JsonObject json) {
    if (closed) {
      return;
    }
    Buffer frame = FrameDecoder.encode(json);
    if (outbound.isEmpty() && !socket.writeQueueFull()) {
      write(frame);
      return;
    }
    if (outbound.offer(frame)) {
      shared.metrics().queued(outbound.bytes());
    } else {
      shared.metrics().droppedFrame();
      if (outbound.dropped() > shared.settings().maxDroppedFrames()) {
        log.info("bridge conn={} remote={} user={} reads too slowly: {} frames dropped, {} bytes queued; closing",
            id, remote, user, outbound.dropped(), outbound.bytes());
        close("slow_consumer");
      }
    }
  }

  private void write(Buffer frame) {
    framesOut++;
    shared.metrics().frameOut();
    socket.write(frame);
  }

  private void flush() {
    while (!closed && !outbound.isEmpty() && !socket.writeQueueFull()) {
      write(outbound.poll());
    }
  }

  /** Bytes queued for this client beyond its socket's own queue (for tests and logs). */
  long queuedBytes() {
    return outbound.bytes();
  }

  // ---- closing ---------------------------------------------------------------------------

  void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    decoder.stop();
    outbound.clear();
    heldDuringLogin.clear();
    registrations.values().forEach(MessageConsumer::unregister);
    registrations.clear();
    if (bot != null) {
      bot.close();
    }
    shared.metrics().closed(reason);
    log.info("bridge conn={} remote={} user={} closed: {} (frames in {}, out {}, dropped {})", id, remote, user,
        reason, framesIn, framesOut, outbound.dropped());
    socket.close();
    onClosed.run();
  }
}
