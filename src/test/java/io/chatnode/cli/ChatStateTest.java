package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.protocol.ServerLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's view of who it is, and the requests that restore it after a reconnect; no sockets. */
class ChatStateTest {

  private static ServerLine hello(String guest, String lobby) {
    return ServerLine.parse("hello " + guest + " version=1" + (lobby == null ? "" : " lobby=" + lobby));
  }

  private static void ok(ChatState state, String request, String result) {
    state.onReply(request, ServerLine.parse("ok " + result));
  }

  @Test
  void firstGreetingTakesTheStartNickAndRoom() {
    ChatState state = new ChatState("alice", "Dev");
    assertEquals(List.of("nick alice", "join dev"), state.onHello(hello("guest-1", "lobby")));
    assertEquals("dev", state.currentRoom());
    assertEquals("guest-1", state.nick());
  }

  @Test
  void aLoginGoesFirstOnlyWhenTheNodeAsksForIt() {
    ChatState state = new ChatState(null, null).withLogin("auth alice pw");
    assertEquals(List.of(), state.onHello(hello("guest-1", "lobby")), "no auth=required: no login sent");
    ChatState asked = new ChatState("al", null).withLogin("auth alice pw");
    assertEquals(List.of("auth alice pw", "nick al"),
        asked.onHello(ServerLine.parse("hello guest-1 version=1 lobby=lobby auth=required")));
    ok(asked, "auth alice pw", "alice");
    assertEquals("alice", asked.nick());
  }

  @Test
  void withoutOptionsTheLobbyIsTheCurrentRoom() {
    ChatState state = new ChatState(null, null);
    assertEquals(List.of(), state.onHello(hello("guest-1", "lobby")));
    assertEquals("lobby", state.currentRoom());
    ChatState noLobby = new ChatState(null, null);
    assertEquals(List.of(), noLobby.onHello(hello("guest-2", null)));
    assertNull(noLobby.currentRoom());
  }

  @Test
  void reconnectRestoresNickAndRoomsIncludingALeftLobby() {
    ChatState state = new ChatState(null, null);
    state.onHello(hello("guest-1", "lobby"));
    ok(state, "nick bob", "bob");
    ok(state, "join ops", "ops");
    ok(state, "join dev", "dev");
    ok(state, "leave lobby", "lobby");
    assertEquals("dev", state.currentRoom());
    assertEquals(List.of("nick bob", "join ops", "join dev", "leave lobby"), state.onHello(hello("guest-2", "lobby")));
    assertEquals("dev", state.currentRoom(), "the current room survives the reconnect");
  }

  @Test
  void failedRequestsChangeNothing() {
    ChatState state = new ChatState(null, null);
    state.onHello(hello("guest-1", "lobby"));
    state.onReply("nick taken", ServerLine.parse("err nick_taken nickname taken is taken"));
    state.onReply("join a.b", ServerLine.parse("err bad_name nope"));
    assertEquals("guest-1", state.nick());
    assertEquals(List.of("lobby"), state.rooms());
    assertEquals(List.of(), state.onHello(hello("guest-2", "lobby")));
  }

  @Test
  void leavingTheCurrentRoomMovesToAnotherAndSwitchingNeedsMembership() {
    ChatState state = new ChatState(null, null);
    state.onHello(hello("guest-1", "lobby"));
    ok(state, "join dev", "dev");
    assertFalse(state.switchTo("ops"));
    assertTrue(state.switchTo("LOBBY"));
    assertEquals("lobby", state.currentRoom());
    ok(state, "leave lobby", "lobby");
    assertEquals("dev", state.currentRoom());
  }

  @Test
  void nicknamesSeenAreRememberedForCompletion() {
    ChatState state = new ChatState(null, null);
    state.onHello(hello("guest-1", "lobby"));
    state.onPush(ServerLine.parse("msg lobby alice hi"));
    state.onPush(ServerLine.parse("joined lobby bob"));
    state.onPush(ServerLine.parse("renamed bob robert"));
    ok(state, "who lobby", "Carol guest-1");
    assertEquals(List.of("alice", "Carol", "robert"), List.copyOf(state.nicksSeen()));
  }
}
