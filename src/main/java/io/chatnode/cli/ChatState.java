package io.chatnode.cli;

import io.chatnode.protocol.Names;
import io.chatnode.protocol.Request;
import io.chatnode.protocol.RequestParser;
import io.chatnode.protocol.ServerLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Who the interactive user is on the node: nickname, joined rooms, the current room and the
 * nicknames seen (for completion). Updated only from what the node confirms (replies and
 * pushes), so it never drifts from the node's view; it outlives a connection, which is what lets
 * a reconnect restore the nickname and rooms.
 *
 * <p>Pure and single-threaded, except {@link #nicksSeen()}, which the completer reads from the
 * input thread.
 */
public final class ChatState {

  private final String startRoom;
  private String wantedNick;
  private String nick;
  /** Null until the first greeting: the rooms are then whatever the node gives plus {@code --room}. */
  private Set<String> rooms;
  private String currentRoom;
  private final NavigableSet<String> nicksSeen = new ConcurrentSkipListSet<>(String.CASE_INSENSITIVE_ORDER);

  /**
   * @param startNick the nickname to take on connecting ({@code --nick}), or null for the guest one
   * @param startRoom a room to join and talk in on connecting ({@code --room}), or null
   */
  public ChatState(String startNick, String startRoom) {
    this.wantedNick = startNick;
    this.startRoom = startRoom == null ? null : Names.key(startRoom);
  }

  /**
   * A new connection's greeting: adopts the guest nickname and the rooms the node put us in, and
   * returns the requests that bring the connection back to the nickname and rooms wanted.
   */
  private String login;

  /** The {@code auth} line to send first when a node asks for a login ({@code --user}); never shown. */
  public ChatState withLogin(String loginLine) {
    this.login = loginLine;
    return this;
  }

  public List<String> onHello(ServerLine hello) {
    String guest = hello.field("nick");
    String lobby = hello.field("lobby");
    Set<String> given = lobby.isEmpty() ? Set.of() : Set.of(Names.key(lobby));
    Set<String> wanted;
    if (rooms == null) {
      wanted = new LinkedHashSet<>(given);
      if (startRoom != null) {
        wanted.add(startRoom);
      }
      currentRoom = startRoom != null ? startRoom : (lobby.isEmpty() ? null : Names.key(lobby));
    } else {
      wanted = rooms;
    }
    List<String> plan = new ArrayList<>();
    if (login != null && hello.raw().contains(" auth=required")) {
      plan.add(login); // first: the node answers nothing else before it
    }
    if (wantedNick != null && !wantedNick.equals(guest)) {
      plan.add("nick " + wantedNick);
    }
    for (String room : wanted) {
      if (!given.contains(room)) {
        plan.add("join " + room);
      }
    }
    for (String room : given) {
      if (!wanted.contains(room)) {
        plan.add("leave " + room);
      }
    }
    nick = guest;
    rooms = new LinkedHashSet<>(given);
    return plan;
  }

  /** A reply to {@code requestLine}; a successful nick, join or leave changes the state. */
  public void onReply(String requestLine, ServerLine reply) {
    Request request = RequestParser.parse(requestLine);
    if (!reply.isOk()) {
      return;
    }
    String result = reply.field("result");
    switch (request.command()) {
      case "nick" -> {
        nick = result;
        wantedNick = result;
      }
      case "auth" -> nick = result;
      case "join" -> {
        roomsOrEmpty().add(result);
        currentRoom = result;
      }
      case "leave" -> {
        roomsOrEmpty().remove(result);
        if (result.equals(currentRoom)) {
          currentRoom = rooms.isEmpty() ? null : rooms.iterator().next();
        }
      }
      case "who" -> {
        for (String member : result.split(" ")) {
          sawNick(member);
        }
      }
      default -> {
        // no state in other replies
      }
    }
  }

  /** A push: remembers nicknames for completion and follows renames. */
  public void onPush(ServerLine push) {
    switch (push.type()) {
      case "msg", "dm" -> sawNick(push.field("from"));
      case "joined" -> sawNick(push.field("nick"));
      case "renamed" -> {
        nicksSeen.remove(push.field("old"));
        sawNick(push.field("new"));
        if (push.field("old").equals(nick)) {
          nick = push.field("new");
          wantedNick = nick;
        }
      }
      default -> {
        // nothing to remember
      }
    }
  }

  /** Makes {@code room} current if it is joined; returns false otherwise. */
  public boolean switchTo(String room) {
    String key = Names.key(room);
    if (!roomsOrEmpty().contains(key)) {
      return false;
    }
    currentRoom = key;
    return true;
  }

  public String nick() {
    return nick;
  }

  /** The nickname the user chose (and the client restores), or null for the guest one. */
  public String wantedNick() {
    return wantedNick;
  }

  public String currentRoom() {
    return currentRoom;
  }

  public List<String> rooms() {
    List<String> sorted = new ArrayList<>(roomsOrEmpty());
    sorted.sort(Comparator.naturalOrder());
    return sorted;
  }

  /** Nicknames seen on the node, for completion; safe to read from any thread. */
  public NavigableSet<String> nicksSeen() {
    return nicksSeen;
  }

  private void sawNick(String name) {
    if (Names.isValid(name) && !name.equals(nick)) {
      nicksSeen.add(name);
    }
  }

  private Set<String> roomsOrEmpty() {
    if (rooms == null) {
      rooms = new LinkedHashSet<>();
    }
    return rooms;
  }
}
