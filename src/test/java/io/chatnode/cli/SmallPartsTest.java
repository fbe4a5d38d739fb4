package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.protocol.ServerLine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

/** Addresses, backoff, completion, colour choice and input line splitting; no sockets. */
class SmallPartsTest {

  @Test
  void addresses() {
    assertEquals(new HostPort("localhost", 6254), HostPort.parse(null));
    assertEquals(new HostPort("chat.example", 6254), HostPort.parse("chat.example"));
    assertEquals(new HostPort("10.0.0.1", 7000), HostPort.parse("10.0.0.1:7000"));
    assertEquals(new HostPort("localhost", 7000), HostPort.parse(":7000"));
    assertEquals(new HostPort("::1", 7000), HostPort.parse("[::1]:7000"));
    assertEquals(new HostPort("::1", 6254), HostPort.parse("::1"));
    assertEquals("[::1]:7000", new HostPort("::1", 7000).toString());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:99999"));
    assertEquals("bad port '99999' in host:99999 (1 to 65535)", bad.getMessage());
  }

  @Test
  void backoffDoublesToTheMaximumAndResets() {
    Backoff backoff = new Backoff(250, 1000);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      delays.add(backoff.nextDelayMs());
    }
    assertEquals(List.of(250L, 500L, 1000L, 1000L, 1000L), delays);
    backoff.reset();
    assertEquals(250L, backoff.nextDelayMs());
  }

  @Test
  void chatPacingKeepsAQuarterOfTheNodesBurstInHand() {
    ChatPacer pacer = ChatPacer.fromHello(ServerLine.parse("hello g version=1 rate=10 burst=20"));
    List<Long> waitsMs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      waitsMs.add(pacer.reserve(0) / 1_000_000);
    }
    // 15 of the 20 at once, then one every 100 ms.
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 100L, 200L, 300L, 400L, 500L), waitsMs);
    // Once time has passed, the slots have come free again.
    assertEquals(0, pacer.reserve(10_000_000_000L));
    assertEquals(0, new ChatPacer(0, 20).reserve(0), "rate 0: the node does not limit, nor do we");
    ChatPacer small = new ChatPacer(10, 3);
    assertEquals(List.of(0L, 100L), List.of(small.reserve(0) / 1_000_000, small.reserve(0) / 1_000_000),
        "a burst of 3 keeps 2 in hand: one at once");
  }

  @Test
  void completionOffersCommandsRoomsAndNicks() {
    ChatCompleter completer = new ChatCompleter(() -> List.of("alice", "bob"), () -> List.of("dev", "lobby"));
    assertTrue(completer.candidates(List.of("/j"), 0).containsAll(List.of("/join", "/msg", "/quit", "/help")));
    assertEquals(List.of("dev", "lobby"), completer.candidates(List.of("/room", ""), 1));
    assertEquals(List.of("alice", "bob"), completer.candidates(List.of("/msg", "a"), 1));
    assertEquals(List.of("alice", "bob"), completer.candidates(List.of("hi", "b"), 1));
  }

  @Test
  void colourOnlyOnAColourTerminalWithoutNoColor() throws IOException {
    ByteArrayInputStream none = new ByteArrayInputStream(new byte[0]);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (Terminal xterm = new ExternalTerminal("t", "xterm-256color", none, sink, StandardCharsets.UTF_8);
        Terminal dumb = new DumbTerminal("t", Terminal.TYPE_DUMB, none, sink, StandardCharsets.UTF_8)) {
      assertTrue(InteractiveSession.wantsColour(xterm, Map.of()));
      assertFalse(InteractiveSession.wantsColour(xterm, Map.of("NO_COLOR", "1")));
      assertTrue(InteractiveSession.wantsColour(xterm, Map.of("NO_COLOR", "")), "NO_COLOR counts only when non-empty");
      assertFalse(InteractiveSession.wantsColour(dumb, Map.of()));
    }
  }

  @Test
  void onlyLfEndsAScriptLine() throws IOException {
    StringReader input = new StringReader("a\r\nb\rc\n\nlast");
    List<String> lines = new ArrayList<>();
    for (String line = ScriptSession.readLine(input); line != null; line = ScriptSession.readLine(input)) {
      lines.add(line);
    }
    assertEquals(List.of("a", "b\rc", "", "last"), lines);
  }
}
