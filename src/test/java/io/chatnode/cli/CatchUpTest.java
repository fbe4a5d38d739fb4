package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.protocol.ServerLine;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Catching up without duplicates or gaps, driven with scripted server lines: the room's last
 * messages on joining, the resume after a reconnect (paged, with live messages racing it), an epoch
 * change, and a lost range; no sockets.
 */
class CatchUpTest {

  private static final String HELLO = "hello guest-1 version=1.1 node=n1 lobby=lobby caps=tags,history history_max=100 epoch=e1";
  private static final String TIME = "2026-11-24T10:15:30.123Z";

  private static ServerLine line(String text) {
    return ServerLine.parse(text);
  }

  private static ServerLine msg(long seq, String from, String text) {
    return line("@seq=" + seq + ";time=" + TIME + " msg lobby " + from + " " + text);
  }

  private static ServerLine hist(long seq, String from, String text) {
    return line("hist lobby " + seq + " " + TIME + " " + from + " " + text);
  }

  /** Steps as short strings: {@code LIVE 5}, {@code MISSED 7}, {@code > history ...}, {@code ! ...}, {@code -- ...}. */
  private static List<String> shown(List<CatchUp.Step> steps) {
    List<String> out = new ArrayList<>();
    for (CatchUp.Step step : steps) {
      if (step instanceof CatchUp.Show s) {
        out.add(s.mark() + " " + s.line().field("seq") + (s.line().field("seq").isEmpty() ? s.line().field("text") : ""));
      } else if (step instanceof CatchUp.Request r) {
        out.add("> " + r.line());
      } else if (step instanceof CatchUp.Notice n) {
        out.add((n.warning() ? "! " : "-- ") + n.text());
      }
    }
    return out;
  }

  /** A CatchUp connected and active, in the lobby, whose join fill has shown {@code upTo} messages 1.. */
  private static CatchUp joinedLobby(long upTo) {
    CatchUp catchUp = new CatchUp(20);
    assertEquals("cap tags history", catchUp.onHello(line(HELLO)));
    assertEquals(List.of("> history lobby latest 20"), shown(catchUp.onCapReply(line("ok tags history"), List.of("lobby"))));
    for (long seq = Math.max(1, upTo - 19); seq <= upTo; seq++) {
      catchUp.onHist(hist(seq, "bob", "m" + seq));
    }
    catchUp.onHistoryReply("history lobby latest 20", line("ok count=" + Math.min(upTo, 20) + " latest=" + upTo));
    return catchUp;
  }

  @Test
  void aVersionOneNodeOrOneWithoutHistoryIsAskedForNothingAndEverythingIsShownAsItComes() {
    for (String hello : List.of("hello guest-1 version=1 lobby=lobby", "hello guest-1 version=1.1 lobby=lobby caps=tags epoch=e1")) {
      CatchUp catchUp = new CatchUp(20);
      assertNull(catchUp.onHello(line(hello)));
      assertEquals(List.of(), catchUp.onJoined("dev"));
      assertEquals(List.of("LIVE hi"), shown(catchUp.onMsg(line("msg lobby bob hi"))));
      assertEquals(List.of("LIVE hi"), shown(catchUp.onMsg(line("msg lobby bob hi"))), "no de-duplication without seq");
      assertEquals(List.of("LIVE "), shown(catchUp.onLost(line("lost lobby 3-4"))), "shown as a notice by the formatter");
      assertFalse(catchUp.active());
    }
  }

  @Test
  void joiningShowsTheLastMessagesAndLiveOnesArrivingMeanwhileOnceInOrder() {
    CatchUp catchUp = new CatchUp(20);
    catchUp.onHello(line(HELLO));
    catchUp.onCapReply(line("ok tags history"), List.of());
    assertTrue(catchUp.active());
    assertEquals(List.of("> history dev latest 20"), shown(catchUp.onJoined("Dev")));
    // 42 and 43 are said while the history request is answered: 42 is in the history, 43 is not.
    assertEquals(List.of(), shown(catchUp.onMsg(line("@seq=42;time=" + TIME + " msg dev bob b"))));
    assertEquals(List.of(), shown(catchUp.onMsg(line("@seq=43;time=" + TIME + " msg dev bob c"))));
    assertEquals(List.of("-- the last messages in dev:", "HISTORY 40"), shown(catchUp.onHist(line("hist dev 40 " + TIME + " bob x"))));
    assertEquals(List.of("HISTORY 42"), shown(catchUp.onHist(line("hist dev 42 " + TIME + " bob b"))));
    assertEquals(List.of("LIVE 43"), shown(catchUp.onHistoryReply("history dev latest 20", line("ok count=2 latest=42"))));
    assertEquals(List.of("LIVE 44"), shown(catchUp.onMsg(line("@seq=44;time=" + TIME + " msg dev bob d"))));
    assertEquals(List.of(), shown(catchUp.onMsg(line("@seq=44;time=" + TIME + " msg dev bob d"))), "a repeat is dropped");
  }

  @Test
  void theNumberShownOnJoiningIsBoundedByHistoryMaxAndZeroShowsNone() {
    CatchUp many = new CatchUp(1000);
    many.onHello(line(HELLO));
    assertEquals(List.of("> history lobby latest 100"), shown(many.onCapReply(line("ok tags history"), List.of("lobby"))));
    CatchUp none = new CatchUp(0);
    none.onHello(line(HELLO));
    // Still asked, to learn where the room is; nothing of it is shown.
    assertEquals(List.of("> history lobby latest 1"), shown(none.onCapReply(line("ok tags history"), List.of("lobby"))));
    assertEquals(List.of(), shown(none.onHist(hist(9, "bob", "old"))));
    assertEquals(List.of(), shown(none.onHistoryReply("history lobby latest 1", line("ok count=1 latest=9"))));
    assertEquals(List.of("LIVE 10"), shown(none.onMsg(msg(10, "bob", "new"))));
  }

  @Test
  void aResumeFillsWhatWasSaidWhileAwayPagingToLatestWithLiveMessagesRacingIt() {
    CatchUp catchUp = joinedLobby(6);
    assertEquals(List.of("LIVE 7"), shown(catchUp.onMsg(msg(7, "bob", "m7"))));
    catchUp.onConnectionLost();
    assertEquals("cap tags history", catchUp.onHello(line(HELLO)));
    assertEquals(List.of("> history lobby after 7 100"), shown(catchUp.onCapReply(line("ok tags history"), List.of("lobby"))));
    List<String> screen = new ArrayList<>();
    // 250 messages were said while away; 249 and 250 also arrive live, during the first page.
    screen.addAll(shown(catchUp.onMsg(msg(249, "bob", "m249"))));
    screen.addAll(shown(catchUp.onMsg(msg(250, "bob", "m250"))));
    long after = 7;
    while (true) {
      long from = after + 1;
      long to = Math.min(after + 100, 250);
      for (long seq = from; seq <= to; seq++) {
        screen.addAll(shown(catchUp.onHist(hist(seq, "bob", "m" + seq))));
      }
      List<String> steps = shown(catchUp.onHistoryReply("history lobby after " + after + " 100",
          line("ok count=" + (to - from + 1) + " latest=250")));
      if (steps.isEmpty() || !steps.get(steps.size() - 1).startsWith(">")) {
        screen.addAll(steps);
        break;
      }
      after = to;
      assertEquals(List.of("> history lobby after " + after + " 100"), steps);
    }
    List<String> expected = new ArrayList<>(List.of("-- what was said in lobby while you were away:"));
    LongStream.rangeClosed(8, 250).forEach(seq -> expected.add("MISSED " + seq));
    assertEquals(expected, screen, "every message once, in order, the live copies dropped");
    assertEquals(List.of("LIVE 251"), shown(catchUp.onMsg(msg(251, "bob", "m251"))));
  }

  @Test
  void ownMessagesAreNotShownAgainByTheResume() {
    CatchUp catchUp = joinedLobby(3);
    catchUp.onSaid("Lobby", "alice", "my  words");
    catchUp.onConnectionLost();
    catchUp.onHello(line(HELLO));
    catchUp.onCapReply(line("ok tags history"), List.of("lobby"));
    List<String> screen = new ArrayList<>();
    screen.addAll(shown(catchUp.onHist(hist(4, "alice", "my  words"))));
    screen.addAll(shown(catchUp.onHist(hist(5, "bob", "answer"))));
    screen.addAll(shown(catchUp.onHistoryReply("history lobby after 3 100", line("ok count=2 latest=5"))));
    assertEquals(List.of("-- what was said in lobby while you were away:", "MISSED 5"), screen);
  }

  @Test
  void aLostRangeInTheReplyIsSaid() {
    CatchUp catchUp = joinedLobby(12);
    catchUp.onConnectionLost();
    catchUp.onHello(line(HELLO));
    catchUp.onCapReply(line("ok tags history"), List.of("lobby"));
    catchUp.onHist(hist(998, "dave", "good morning"));
    assertEquals(List.of("! messages 13-997 of lobby are no longer kept by the node; they cannot be shown"),
        shown(catchUp.onHistoryReply("history lobby after 12 100", line("ok count=1 latest=998 lost=13-997"))));
  }

  @Test
  void aNewEpochIsSaidAndTheLatestShownInsteadOfResuming() {
    CatchUp catchUp = joinedLobby(40);
    catchUp.onConnectionLost();
    catchUp.onHello(line(HELLO.replace("epoch=e1", "epoch=e2")));
    assertEquals(List.of("! the node's history was reset (it restarted): what was said in lobby while you were away is lost;"
            + " here are its latest messages", "> history lobby latest 20"),
        shown(catchUp.onCapReply(line("ok tags history"), List.of("lobby"))));
    // Numbers start again: 3 was seen under the old epoch, and is new now.
    assertEquals(List.of("-- the last messages in lobby:", "HISTORY 3"), shown(catchUp.onHist(hist(3, "bob", "after restart"))));
  }

  /** Found by InteractiveSessionTest: a node that restarted right after the join lost the room's history too. */
  @Test
  void aNewEpochIsSaidForARoomWhoseFirstHistoryHadNotComeBack() {
    CatchUp catchUp = new CatchUp(20);
    catchUp.onHello(line(HELLO));
    catchUp.onCapReply(line("ok tags history"), List.of("dev")); // asked for dev's latest; the answer never came
    catchUp.onConnectionLost();
    catchUp.onHello(line(HELLO.replace("epoch=e1", "epoch=e2")));
    assertEquals(List.of("! the node's history was reset (it restarted): what was said in dev while you were away is lost;"
            + " here are its latest messages", "> history dev latest 20"),
        shown(catchUp.onCapReply(line("ok tags history"), List.of("dev"))));
  }

  @Test
  void aLostRangeIsFilledExactlyAndShownOnceWithLaterLiveMessagesHeldUntilItEnds() {
    CatchUp catchUp = joinedLobby(11);
    // 12-20 were dropped for us; 21 got through before the notice (a range may span delivered ones).
    assertEquals(List.of("LIVE 21"), shown(catchUp.onMsg(msg(21, "bob", "m21"))));
    assertEquals(List.of("! messages 12-20 of lobby did not reach you (the connection was too slow); fetching them",
        "> history lobby after 11 9"), shown(catchUp.onLost(line("lost lobby 12-20"))));
    List<String> screen = new ArrayList<>(shown(catchUp.onMsg(msg(22, "bob", "m22"))));
    // Numbers may have gaps (15 was never given), so the page reaches beyond the range: 21 is not shown again.
    for (long seq : new long[] {12, 13, 14, 16, 17, 18, 19, 20, 21}) {
      screen.addAll(shown(catchUp.onHist(hist(seq, "bob", "m" + seq))));
    }
    screen.addAll(shown(catchUp.onHistoryReply("history lobby after 11 9", line("ok count=9 latest=22"))));
    assertEquals(List.of("MISSED 12", "MISSED 13", "MISSED 14", "MISSED 16", "MISSED 17", "MISSED 18", "MISSED 19",
        "MISSED 20", "LIVE 22"), screen);
  }

  @Test
  void aLongLostRangeIsPagedAndASecondNoticeWaitsForTheFirst() {
    CatchUp catchUp = joinedLobby(1);
    assertEquals("> history lobby after 1 100", shown(catchUp.onLost(line("lost lobby 2-301"))).get(1));
    assertEquals(List.of("! messages 302-310 of lobby did not reach you (the connection was too slow); fetching them"),
        shown(catchUp.onLost(line("lost lobby 302-310"))), "one fill at a time per room");
    for (long seq = 2; seq <= 101; seq++) {
      catchUp.onHist(hist(seq, "bob", "m"));
    }
    assertEquals(List.of("> history lobby after 101 100"),
        shown(catchUp.onHistoryReply("history lobby after 1 100", line("ok count=100 latest=310"))));
    for (long seq = 102; seq <= 201; seq++) {
      catchUp.onHist(hist(seq, "bob", "m"));
    }
    assertEquals(List.of("> history lobby after 201 100"),
        shown(catchUp.onHistoryReply("history lobby after 101 100", line("ok count=100 latest=310"))));
    for (long seq = 202; seq <= 301; seq++) {
      catchUp.onHist(hist(seq, "bob", "m"));
    }
    assertEquals(List.of("> history lobby after 301 9"),
        shown(catchUp.onHistoryReply("history lobby after 201 100", line("ok count=100 latest=310"))));
  }

  @Test
  void aConnectionLostDuringALostFillResumesFromWhereTheFillGotTo() {
    CatchUp catchUp = joinedLobby(11);
    catchUp.onMsg(msg(30, "bob", "m30"));
    catchUp.onLost(line("lost lobby 12-29"));
    catchUp.onHist(hist(12, "bob", "m12"));
    catchUp.onConnectionLost();
    catchUp.onHello(line(HELLO));
    assertEquals(List.of("> history lobby after 12 100"), shown(catchUp.onCapReply(line("ok tags history"), List.of("lobby"))));
    List<String> screen = new ArrayList<>();
    for (long seq = 13; seq <= 30; seq++) {
      screen.addAll(shown(catchUp.onHist(hist(seq, "bob", "m" + seq))));
    }
    assertEquals("MISSED 29", screen.get(screen.size() - 1), "30 was shown before the connection was lost");
    assertEquals(18, screen.size(), "a heading and 13..29: " + screen);
  }

  @Test
  void messagesBeforeTheCapReplyAreLeftToTheFillOrShownIfTheCapIsRefused() {
    CatchUp catchUp = new CatchUp(20);
    catchUp.onHello(line(HELLO));
    assertEquals(List.of(), catchUp.onMsg(line("msg lobby bob early")));
    assertEquals(List.of("> history lobby latest 20"), shown(catchUp.onCapReply(line("ok tags history"), List.of("lobby"))));
    CatchUp refused = new CatchUp(20);
    refused.onHello(line(HELLO));
    refused.onMsg(line("msg lobby bob early"));
    assertEquals(List.of("LIVE early"), shown(refused.onCapReply(line("err bad_args no"), List.of("lobby"))));
    assertFalse(refused.active());
  }

  @Test
  void aRoomLeftMeanwhileEndsItsFillQuietly() {
    CatchUp catchUp = joinedLobby(5);
    catchUp.onConnectionLost();
    catchUp.onHello(line(HELLO));
    catchUp.onCapReply(line("ok tags history"), List.of("lobby"));
    catchUp.onLeft("lobby");
    assertEquals(List.of(), catchUp.onHist(hist(6, "bob", "x")));
    assertEquals(List.of(), catchUp.onHistoryReply("history lobby after 5 100", line("err not_member join lobby first")));
  }

  @Test
  void seenSeqsForgetTheOldestBeyondTheirBoundAndCountThemAsSeen() {
    SeenSeqs seen = new SeenSeqs(3);
    assertTrue(seen.add(5));
    assertFalse(seen.add(5));
    seen.add(7);
    seen.add(9);
    assertFalse(seen.contains(6));
    seen.add(11); // forgets 5
    assertTrue(seen.contains(5));
    assertTrue(seen.contains(4), "at or below the oldest forgotten: seen");
    assertFalse(seen.contains(6), "above the floor and never added");
    assertTrue(seen.contains(7) && seen.contains(11));
  }
}
