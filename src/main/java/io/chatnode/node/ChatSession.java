package io.chatnode.node;

import io.chatnode.auth.UserFile;
import io.chatnode.chat.BusContract;
import io.chatnode.chat.RenameEvent;
import io.chatnode.chat.RoomEvent;
import io.chatnode.chat.UserRecord;
import io.chatnode.config.ReservedNames;
import io.chatnode.protocol.CommandWord;
import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.HistoryRequest;
import io.chatnode.protocol.Names;
import io.chatnode.protocol.Replies;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A connection's chat identity (nickname, logged-in user, rooms) and the chat commands that use
 * it. Runs on the connection's event loop, one command at a time (the {@link ChatLane});
 * everything cluster-wide goes through the user directory (shared data) and the event bus, so the
 * same code serves one node or many. Arguments arrive checked ({@link io.chatnode.protocol.Command}).
 */
final class ChatSession {

  private static final int GUEST_ATTEMPTS = 16;

  private final LoopContext loop;
  private final LocalRooms.Member member;
  private final LinkedHashSet<String> rooms = new LinkedHashSet<>();
  /** The last {@code say}'s numbering, null before the first: the next one is numbered after it. */
  private Future<Long> lastSay;
  private String nick;
  /** The logged-in user's name as in the users file; null until a login succeeds. */
  private String user;

  ChatSession(LocalRooms.Member member, LoopContext loop) {
    this.member = member;
    this.loop = loop;
  }

  private EventBus bus() {
    return loop.vertx().eventBus();
  }

  String nick() {
    return nick;
  }

  /** The logged-in user, or null. */
  String user() {
    return user;
  }

  /** True once the connection may use every command: logged in, or no login needed. */
  boolean authenticated() {
    return user != null || !loop.auth().enabled();
  }

  /**
   * Claims the nickname of {@code certificateUser} (logged in by its client certificate), or a
   * free guest nickname when there is none or it is in use; completes with the nickname.
   */
  Future<String> open(String certificateUser) {
    if (certificateUser == null) {
      return claimGuest(GUEST_ATTEMPTS);
    }
    user = certificateUser;
    UserRecord candidate = record().withNick(certificateUser);
    return loop.directory().claim(candidate).compose(free -> {
      if (!free) {
        return claimGuest(GUEST_ATTEMPTS);
      }
      nick = candidate.nick();
      return Future.succeededFuture(nick);
    });
  }

  /** Takes a free guest nickname (a new connection, or one whose name was lost at a merge). */
  Future<String> claimGuest() {
    return claimGuest(GUEST_ATTEMPTS);
  }

  private Future<String> claimGuest(int attemptsLeft) {
    if (attemptsLeft == 0) {
      return Future.failedFuture("no free guest nickname after " + GUEST_ATTEMPTS + " attempts");
    }
    UserRecord candidate = record().withNick(ReservedNames.newGuestName());
    return loop.directory().claimRandom(candidate).compose(free -> {
      if (!free) {
        return claimGuest(attemptsLeft - 1);
      }
      nick = candidate.nick();
      return Future.succeededFuture(nick);
    });
  }

  /** Puts the connection in the lobby, unless it must log in first (then that happens at login). */
  Future<Void> joinLobby() {
    String lobby = loop.lobby();
    return lobby.isEmpty() || !authenticated() ? Future.succeededFuture() : join(lobby).mapEmpty();
  }

  /**
   * The user {@code name} has logged in: takes the name as nickname if it is free (someone else
   * holding it can only be the same user on another connection: this one keeps its nickname),
   * then joins the lobby. Completes with the nickname.
   */
  Future<String> loggedIn(String name) {
    user = name;
    Future<String> renamed;
    if (Names.key(name).equals(Names.key(nick))) {
      renamed = Future.succeededFuture(nick);
    } else {
      renamed = loop.directory().claim(record().withNick(name)).compose(free -> {
        if (!free) {
          return Future.succeededFuture(nick);
        }
        String old = nick;
        nick = name;
        return loop.directory().release(old).map(v -> {
          announceRename(old, name);
          return name;
        });
      });
    }
    return renamed.compose(current -> joinLobby().map(v -> current));
  }

  /**
   * Whether the connection's next chat command must wait for this one's reply. Every command does
   * but {@code say}: it changes no state of the session, so the next one may start once the
   * message is published, while its {@code ok} waits for the hand-off (see {@link #say}).
   */
  static boolean holdsLane(CommandWord command) {
    return command != CommandWord.SAY;
  }

  // ---- commands --------------------------------------------------------------------------

  Future<String> nick(String wanted) {
    if (wanted.equals(nick)) {
      return Future.succeededFuture(Replies.ok(nick));
    }
    UserFile users = loop.credentials().users().get();
    if (users != null && users.isUser(wanted) && (user == null || !Names.key(user).equals(Names.key(wanted)))) {
      return Future.succeededFuture(Replies.err(ErrorCode.NICK_TAKEN,
          "nickname " + wanted + " is reserved for a registered user"));
    }
    if (loop.reservedNames().reserves(wanted) && !Names.key(wanted).equals(Names.key(nick))
        && (user == null || !Names.key(user).equals(Names.key(wanted)))) {
      return Future.succeededFuture(Replies.err(ErrorCode.NICK_TAKEN, "nickname " + wanted + " is reserved"));
    }
    String old = nick;
    if (Names.key(wanted).equals(Names.key(old))) {
      nick = wanted; // only the letter case changes: the entry stays ours
      return loop.directory().update(record()).map(v -> renamed(old, wanted));
    }
    if (!loop.status().majority()) {
      return Future.succeededFuture(minority());
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

  /**
   * The refusal of a nickname claim on a node that sees no majority of its cluster: the other side
   * of a partition may hand the same name out, and only a majority's answer is the cluster's.
   */
  String minority() {
    return Replies.unavailable(loop.status().minorityRetryMs(), "this node is cut off from most of the cluster; "
        + "nicknames cannot be claimed here now (try again, or another node)");
  }

  private String renamed(String old, String wanted) {
    announceRename(old, wanted);
    return Replies.ok(wanted);
  }

  private void announceRename(String old, String wanted) {
    bus().publish(BusContract.PRESENCE, new RenameEvent(old, wanted, List.copyOf(rooms), member.id()).toJson());
  }

  Future<String> join(String room) {
    if (rooms.contains(room)) {
      return Future.succeededFuture(Replies.ok(room));
    }
    int max = loop.limits().maxRoomsPerConnection();
    if (rooms.size() >= max) {
      return Future.succeededFuture(Replies.err(ErrorCode.TOO_MANY_ROOMS,
          "a connection may be in at most " + max + " rooms"));
    }
    rooms.add(room);
    // Answered once the node receives the room's messages: none numbered after the ok is missed.
    loop.rooms().add(room, member);
    return loop.hub().enter(room, loop.index()).compose(v -> loop.directory().update(record()))
        .map(v -> {
          bus().publish(BusContract.ROOMS, RoomEvent.joined(room, nick, member.id()).toJson());
          return Replies.ok(room);
        })
        .recover(e -> {
          rooms.remove(room);
          removeFromLoop(room);
          return Future.failedFuture(e);
        });
  }

  /** Off this loop's member list; the node stops receiving the room when no loop has members left. */
  private void removeFromLoop(String room) {
    if (loop.rooms().remove(room, member)) {
      loop.hub().exit(room, loop.index());
    }
  }

  Future<String> leave(String room) {
    if (!rooms.remove(room)) {
      return Future.succeededFuture(Replies.err(ErrorCode.NOT_MEMBER, "you are not in " + room));
    }
    removeFromLoop(room);
    bus().publish(BusContract.ROOMS, RoomEvent.left(room, nick, member.id()).toJson());
    return loop.directory().update(record()).map(v -> Replies.ok(room));
  }

  /**
   * Numbers the message and sends it to every node with members in the room
   * ({@link RoomMessageHub#say}); the reply {@code ok} comes once every event loop of this node has
   * queued it to its members (see {@link LocalHandOffs}).
   */
  Future<String> say(String room, String text) {
    if (!rooms.contains(room)) {
      return Future.succeededFuture(Replies.err(ErrorCode.NOT_MEMBER, "join " + room + " before saying something there"));
    }
    LocalHandOffs.Expected expected = loop.handOffs().expect();
    // One after another: two in flight could be numbered out of order (Hazelcast retries an
    // append that meets a migrating partition), and a sender's messages keep its order.
    String sender = nick;
    Future<Long> numbered = lastSay == null || lastSay.isComplete()
        ? loop.hub().say(room, sender, text, member.id(), expected.token())
        : lastSay.transform(previous -> loop.hub().say(room, sender, text, member.id(), expected.token()));
    lastSay = numbered;
    return numbered
        .recover(e -> {
          loop.handOffs().abandon(expected.token());
          return Future.failedFuture(e);
        })
        .compose(seq -> expected.handedOff())
        .map(Replies.OK);
  }

  /** {@code history}: the room's stored messages and the reply ({@link RoomMessageHub#history}). */
  Future<String> history(HistoryRequest request) {
    return loop.hub().history(request, rooms.contains(request.room()));
  }

  Future<String> msg(String target, String text) {
    return DirectMessages.send(loop, nick, target, text);
  }

  // ---- closing ---------------------------------------------------------------------------

  /** Forgets the rooms on this event loop only; the shared state is left to the cluster. */
  Future<Void> closeLocally() {
    for (String room : rooms) {
      loop.rooms().remove(room, member);
    }
    rooms.clear();
    return Future.succeededFuture();
  }

  /** Leaves every room (others get {@code left}) and gives up the nickname. */
  Future<Void> close() {
    for (String room : rooms) {
      removeFromLoop(room);
      bus().publish(BusContract.ROOMS, RoomEvent.left(room, nick, member.id()).toJson());
    }
    rooms.clear();
    return nick == null ? Future.succeededFuture() : loop.directory().release(nick);
  }

  /** The rooms this connection is in, in joining order. */
  List<String> rooms() {
    return List.copyOf(rooms);
  }

  UserRecord record() {
    return new UserRecord(nick, loop.nodeId(), member.id(), loop.inbox(), new ArrayList<>(rooms));
  }
}
