package io.chatnode.node;

import io.chatnode.auth.PasswordHash;
import io.chatnode.auth.UserFile;
import io.chatnode.chat.BusContract;
import io.chatnode.chat.DirectMessage;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.chat.UserRecord;
import io.chatnode.config.AuthSettings;
import io.chatnode.protocol.CommandWord;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Names;
import io.chatnode.protocol.Replies;
import io.chatnode.protocol.Request;
import io.chatnode.protocol.TextRules;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's chat identity (nickname, rooms) and the chat commands that use it. Runs on the
 * connection's event loop, one command at a time; everything cluster-wide goes through the user
 * directory (shared data) and the event bus, so the same code serves one node or many.
 */
final class ChatSession {

  private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

  private static final String NAME_RULE = "1 to 32 characters of A-Z a-z 0-9 _ -";
  private static final int GUEST_ATTEMPTS = 16;

  private final Connection connection;
  private final LoopContext loop;
  private final EventBus bus;
  private final LinkedHashSet<String> rooms = new LinkedHashSet<>();
  private String nick;
  /** The logged-in user's name as in the users file; null until {@code auth} succeeds. */
  private String user;
  private int authFailures;

  ChatSession(Connection connection, LoopContext loop) {
    this.connection = connection;
    this.loop = loop;
    this.bus = loop.vertx().eventBus();
  }

  String nick() {
    return nick;
  }

  /** Claims a free guest nickname; completes with it. */
  Future<String> open() {
    return open(null);
  }

  /**
   * Claims the nickname of {@code certificateUser} (logged in by its client certificate), or a
   * free guest nickname when there is none or it is in use.
   */
  Future<String> open(String certificateUser) {
    if (certificateUser == null) {
      return claimGuest(GUEST_ATTEMPTS);
    }
    user = certificateUser;
    log.info("conn={} remote={} logged in user={} by client certificate", connection.id(), connection.remote(), user);
    UserRecord candidate = record().withNick(certificateUser);
    return loop.directory().claim(candidate).compose(free -> {
      if (!free) {
        return claimGuest(GUEST_ATTEMPTS);
      }
      nick = candidate.nick();
      return Future.succeededFuture(nick);
    });
  }

  /** True once the connection may use every command: logged in, or no login needed. */
  boolean authenticated() {
    return user != null || !loop.auth().enabled();
  }

  private Future<String> claimGuest(int attemptsLeft) {
    if (attemptsLeft == 0) {
      return Future.failedFuture("no free guest nickname after " + GUEST_ATTEMPTS + " attempts");
    }
    UserRecord candidate = record().withNick(guestName());
    return loop.directory().claim(candidate).compose(free -> {
      if (!free) {
        return claimGuest(attemptsLeft - 1);
      }
      nick = candidate.nick();
      return Future.succeededFuture(nick);
    });
  }

  /** {@code guest-} and six random letters or digits: 2 billion names, so collisions are rare. */
  private static String guestName() {
    StringBuilder name = new StringBuilder("guest-");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 6; i++) {
      name.append(Character.forDigit(random.nextInt(36), 36));
    }
    return name.toString();
  }

  /** Puts the connection in the lobby, unless it must log in first (then that happens at login). */
  Future<Void> joinLobby() {
    String lobby = loop.lobby();
    return lobby.isEmpty() || !authenticated() ? Future.succeededFuture() : join(lobby).mapEmpty();
  }

  /**
   * Whether the connection's next chat command must wait for this one's reply. Every command does
   * but {@code say}: it changes no state of the session, so the next one may start once the
   * message is published, while its {@code ok} waits for the hand-off (see {@link #say}).
   */
  static boolean holdsLane(CommandWord command) {
    return command != CommandWord.SAY;
  }

  Future<String> handle(CommandWord command, Request request) {
    return switch (command) {
      case NICK -> withName(request, "nick <name>", this::nick);
      case JOIN -> withName(request, "join <room>", room -> join(Names.key(room)));
      case LEAVE -> withName(request, "leave <room>", room -> leave(Names.key(room)));
      case SAY -> say(request);
      case MSG -> msg(request);
      case WHO, ROOMS -> askWorkers(request);
      case STATS -> stats();
      case AUTH -> auth(request);
      default -> Future.failedFuture(command + " is not a chat command");
    };
  }

  /** Runs {@code action} on the request's one argument if it is a valid name; else the error. */
  private static Future<String> withName(Request request, String usage, Function<String, Future<String>> action) {
    List<String> args = request.arguments();
    if (args.size() != 1) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "usage: " + usage));
    }
    if (!Names.isValid(args.get(0))) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_NAME,
          Replies.quote(args.get(0)) + " is not a valid name: " + NAME_RULE));
    }
    return action.apply(args.get(0));
  }

  // ---- commands --------------------------------------------------------------------------

  private Future<String> nick(String wanted) {
    if (wanted.equals(nick)) {
      return Future.succeededFuture(Replies.ok(nick));
    }
    UserFile users = loop.credentials().users().get();
    if (users != null && users.isUser(wanted) && (user == null || !Names.key(user).equals(Names.key(wanted)))) {
      return Future.succeededFuture(Replies.err(ErrorCode.NICK_TAKEN,
          "nickname " + wanted + " is reserved for a registered user"));
    }
    String old = nick;
    if (Names.key(wanted).equals(Names.key(old))) {
      nick = wanted; // only the letter case changes: the entry stays ours
      return loop.directory().update(record()).map(v -> renamed(old, wanted));
    }
    return loop.directory().claim(record().withNick(wanted)).compose(free -> {
      if (!free) {
        return Future.succeededFuture(Replies.err(ErrorCode.NICK_TAKEN,
            "nickname " + wanted + " is taken"));
      }
      nick = wanted;
      return loop.directory().release(old).map(v -> renamed(old, wanted));
    });
  }

  private String renamed(String old, String wanted) {
    bus.publish(BusContract.PRESENCE, new RenameEvent(old, wanted, List.copyOf(rooms), connection.id()).toJson());
    return Replies.ok(wanted);
  }

  private Future<String> join(String room) {
    if (rooms.contains(room)) {
      return Future.succeededFuture(Replies.ok(room));
    }
    int max = loop.limits().maxRoomsPerConnection();
    if (rooms.size() >= max) {
      return Future.succeededFuture(Replies.err(ErrorCode.TOO_MANY_ROOMS,
          "a connection may be in at most " + max + " rooms"));
    }
    rooms.add(room);
    loop.rooms().add(room, connection);
    return loop.directory().update(record())
        .map(v -> {
          bus.publish(BusContract.ROOMS, RoomEvent.joined(room, nick, connection.id()).toJson());
          return Replies.ok(room);
        })
        .recover(e -> {
          rooms.remove(room);
          loop.rooms().remove(room, connection);
          return Future.failedFuture(e);
        });
  }

  private Future<String> leave(String room) {
    if (!rooms.remove(room)) {
      return Future.succeededFuture(Replies.err(ErrorCode.NOT_MEMBER, "you are not in " + room));
    }
    loop.rooms().remove(room, connection);
    bus.publish(BusContract.ROOMS, RoomEvent.left(room, nick, connection.id()).toJson());
    return loop.directory().update(record()).map(v -> Replies.ok(room));
  }

  /**
   * The error for a {@code <command> <name> <text>} request whose parts are missing or unfit to
   * relay, or null when the name is valid and the text may be sent to others.
   */
  private static String refusedRelay(Request.WordAndText parts, String usage, String nameKind) {
    if (parts.word().isEmpty() || parts.text() == null || parts.text().isEmpty()) {
      return Replies.err(ErrorCode.BAD_ARGS, "usage: " + usage);
    }
    if (!Names.isValid(parts.word())) {
      return Replies.err(ErrorCode.BAD_NAME, Replies.quote(parts.word()) + " is not a valid " + nameKind + ": " + NAME_RULE);
    }
    if (TextRules.hasControlCharacters(parts.text())) {
      return Replies.err(ErrorCode.BAD_TEXT, "text must not contain control characters");
    }
    return null;
  }

  /**
   * Publishes the message to the room on every node; the reply {@code ok} comes once every event
   * loop of this node has queued it to its members (see {@link LocalHandOffs}).
   */
  private Future<String> say(Request request) {
    Request.WordAndText parts = request.wordAndText();
    String refused = refusedRelay(parts, "say <room> <text>", "room name");
    if (refused != null) {
      return Future.succeededFuture(refused);
    }
    String room = Names.key(parts.word());
    if (!rooms.contains(room)) {
      return Future.succeededFuture(Replies.err(ErrorCode.NOT_MEMBER, "join " + room + " before saying something there"));
    }
    LocalHandOffs.Expected expected = loop.handOffs().expect();
    bus.publish(BusContract.ROOMS, RoomEvent.msg(room, nick, parts.text(), connection.id()).toJson(),
        new DeliveryOptions().addHeader(BusContract.HANDOFF_HEADER, expected.token()));
    return expected.handedOff().map(Replies.OK);
  }

  private Future<String> msg(Request request) {
    Request.WordAndText parts = request.wordAndText();
    String refused = refusedRelay(parts, "msg <nick> <text>", "nickname");
    if (refused != null) {
      return Future.succeededFuture(refused);
    }
    String target = parts.word();
    String noSuchUser = Replies.err(ErrorCode.NO_SUCH_USER, "no user is called " + target);
    return loop.directory().find(target).compose(user -> {
      if (user == null) {
        return Future.succeededFuture(noSuchUser);
      }
      DeliveryOptions options = new DeliveryOptions().setSendTimeout(loop.limits().requestTimeoutMs());
      return bus.request(user.inbox(), new DirectMessage(user.conn(), nick, parts.text()).toJson(), options)
          .map(delivered -> Replies.OK)
          .recover(e -> Future.succeededFuture(isGone(e) ? noSuchUser
              : Replies.err(ErrorCode.INTERNAL, "the message could not be delivered; try again")));
    });
  }

  private static boolean isGone(Throwable e) {
    return e instanceof ReplyException re
        && (re.failureType() == ReplyFailure.NO_HANDLERS || re.failureCode() == BusContract.NO_SUCH_CONNECTION);
  }

  private Future<String> askWorkers(Request request) {
    return connection.askWorker(request.rest().isEmpty() ? request.command() : request.command() + " " + request.rest());
  }

  // ---- authentication -------------------------------------------------------------------

  /**
   * {@code auth <user> <password>}: checks the password off the event loop (PBKDF2 is slow on
   * purpose), then takes the user's name as nickname and puts the connection in the lobby. A
   * failure is answered only after {@code auth.failureDelayMs}, and the connection's next requests
   * wait behind it; the last allowed failure closes the connection. The password is never logged.
   */
  private Future<String> auth(Request request) {
    AuthSettings settings = loop.auth();
    if (!settings.enabled()) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "authentication is not enabled on this node"));
    }
    if (user != null) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "already logged in as " + user));
    }
    Request.WordAndText parts = request.wordAndText();
    if (parts.word().isEmpty() || parts.text() == null || parts.text().isEmpty()) {
      return Future.succeededFuture(Replies.err(ErrorCode.BAD_ARGS, "usage: auth <user> <password>"));
    }
    String address = connection.remoteHost();
    if (loop.credentials().failures().blocked(address, System.nanoTime())) {
      return authFailed(settings, "too many failed logins from your address; try again later");
    }
    String name = parts.word();
    char[] password = parts.text().toCharArray();
    UserFile users = loop.credentials().users().get();
    return loop.credentials().passwordChecks().executeBlocking(() -> {
      try {
        return Optional.ofNullable(users.verify(name, password));
      } finally {
        PasswordHash.wipe(password);
      }
    }, false).compose(entry -> {
      if (entry.isEmpty()) {
        loop.credentials().failures().failed(address, System.nanoTime());
        log.info("conn={} remote={} login failed", connection.id(), connection.remote());
        return authFailed(settings, "wrong user name or password");
      }
      return loggedIn(entry.get().name());
    });
  }

  private Future<String> authFailed(AuthSettings settings, String message) {
    authFailures++;
    boolean last = authFailures >= settings.maxFailures();
    String reply = Replies.err(ErrorCode.AUTH_FAILED, message + (last ? "; closing" : ""));
    Promise<String> delayed = Promise.promise();
    Runnable answer = () -> {
      delayed.complete(reply);
      if (last) {
        connection.kickSoon("auth_failed");
      }
    };
    if (settings.failureDelayMs() == 0) {
      answer.run();
    } else {
      loop.vertx().setTimer(settings.failureDelayMs(), id -> answer.run());
    }
    return delayed.future();
  }

  private Future<String> loggedIn(String name) {
    user = name;
    log.info("conn={} remote={} logged in user={}", connection.id(), connection.remote(), name);
    Future<String> renamed;
    if (Names.key(name).equals(Names.key(nick))) {
      renamed = Future.succeededFuture(nick);
    } else {
      // Someone else holding the name can only be the same user on another connection: this
      // one keeps its guest nickname.
      renamed = loop.directory().claim(record().withNick(name)).compose(free -> {
        if (!free) {
          return Future.succeededFuture(nick);
        }
        String old = nick;
        nick = name;
        return loop.directory().release(old).map(v -> {
          renamed(old, name);
          return name;
        });
      });
    }
    return renamed.compose(current -> joinLobby().map(v -> Replies.ok(current)));
  }

  private Future<String> stats() {
    NodeStatus runtime = loop.status();
    return loop.directory().size().map(users -> Replies.ok(
        "node=" + runtime.nodeId()
            + " connections=" + runtime.openConnections()
            + " nodes=" + runtime.clusterSize()
            + " uptime_s=" + runtime.uptimeSeconds()
            + " users=" + users
            + " version=" + NodeRuntime.PROTOCOL_VERSION));
  }

  /** Forgets the rooms on this event loop only; the shared state is left to the cluster. */
  Future<Void> closeLocally() {
    for (String room : rooms) {
      loop.rooms().remove(room, connection);
    }
    rooms.clear();
    return Future.succeededFuture();
  }

  /** Leaves every room (others get {@code left}) and gives up the nickname. */
  Future<Void> close() {
    for (String room : rooms) {
      loop.rooms().remove(room, connection);
      bus.publish(BusContract.ROOMS, RoomEvent.left(room, nick, connection.id()).toJson());
    }
    rooms.clear();
    return nick == null ? Future.succeededFuture() : loop.directory().release(nick);
  }

  private UserRecord record() {
    return new UserRecord(nick, loop.nodeId(), connection.id(), loop.inbox(), new ArrayList<>(rooms));
  }
}
