package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.chatnode.protocol.ServerLine;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

/** What the interactive user reads for each server line, with a fixed clock; no terminal. */
class ChatFormatterTest {

  private final ChatFormatter formatter =
      new ChatFormatter(Clock.fixed(Instant.parse("2026-11-24T12:04:59Z"), ZoneOffset.UTC));

  private String push(String line) {
    return formatter.push(ServerLine.parse(line)).toString();
  }

  private String reply(String request, String reply) {
    return formatter.reply(request, false, ServerLine.parse(reply), "me").toString();
  }

  @Test
  void pushesAreReadable() {
    assertEquals("[12:04] [lobby] alice: hi", push("msg lobby alice hi"));
    assertEquals("[12:04] *bob* psst", push("dm bob psst"));
    assertEquals("[12:04] -- bob joined dev", push("joined dev bob"));
    assertEquals("[12:04] -- bob left dev", push("left dev bob"));
    assertEquals("[12:04] -- a is now known as b", push("renamed a b"));
    assertEquals("[12:04] -!- restart at noon", push("info restart at noon"));
    assertEquals("[12:04] -!- the node is closing the connection: idle_timeout", push("bye idle_timeout"));
    assertEquals("[12:04] -- connected to node n1 as guest-1", push("hello guest-1 version=1 node=n1"));
    assertEquals("[10:15] [dev] alice: hi (history)", push("hist dev 7 2026-11-24T10:15:30.123Z alice hi"));
    assertEquals("[12:04] -!- messages 3-40 of dev did not reach you; /history shows the room's last ones",
        push("lost dev 3-40"));
    assertEquals("[12:04] -- history of dev: count=2 latest=9", reply("history dev latest 20", "ok count=2 latest=9"));
  }

  /** History keeps the time it was said (with the day when it is not today) and is marked; tags change nothing. */
  @Test
  void historyIsMarkedWithItsOwnTime() {
    ServerLine earlier = ServerLine.parse("hist dev 7 2026-11-23T23:59:00.000Z bob late  night");
    assertEquals("[11-23 23:59] [dev] bob: late  night (history)", formatter.history(earlier, CatchUp.Mark.HISTORY).toString());
    assertEquals("[11-23 23:59] [dev] bob: late  night (missed)", formatter.history(earlier, CatchUp.Mark.MISSED).toString());
    assertEquals("[12:04] [dev] bob: x (history)",
        formatter.history(ServerLine.parse("hist dev 7 not-a-time bob x"), CatchUp.Mark.HISTORY).toString(), "a bad time: now");
    assertEquals("[12:04] [dev] bob: ^[[2J (missed)",
        formatter.history(ServerLine.parse("hist dev 7 2026-11-24T12:04:00.000Z bob \u001b[2J"), CatchUp.Mark.MISSED).toString());
    assertEquals("[12:04] [dev] bob: hi", push("@seq=9;time=2026-11-24T12:04:01.000Z msg dev bob hi"));
    assertEquals("[12:04] *bob* psst", push("@time=2026-11-24T12:04:01.000Z dm bob psst"));
    assertEquals("[12:04] -- the last messages in dev:", formatter.heading("the last messages in dev:").toString());
  }

  @Test
  void repliesSayWhatHappened() {
    assertEquals("[12:04] [dev] me: hello  there", reply("say dev hello  there", "ok"));
    assertEquals("[12:04] -> *bob* psst", reply("msg bob psst", "ok"));
    assertEquals("[12:04] -- you are now al", reply("nick al", "ok al"));
    assertEquals("[12:04] -- you joined dev; now talking in dev", reply("join Dev", "ok dev"));
    assertEquals("[12:04] -- in dev: a b", reply("who dev", "ok a b"));
    assertEquals("[12:04] -- nobody is in dev", reply("who dev", "ok"));
    assertEquals("[12:04] -- rooms: abc (1), lobby (3)", reply("rooms", "ok abc:1 lobby:3"));
    assertEquals("[12:04] -- sum: 0.3", reply("calculate_sum 0.1 0.2", "ok 0.3"));
    assertEquals("[12:04] -- node time: 2026-11-24T12:04:59.000Z", reply("get_time", "ok 2026-11-24T12:04:59.000Z"));
  }

  @Test
  void errorsAreReadable() {
    assertEquals("[12:04] ! nick: nickname ALICE is taken (nick_taken)", reply("nick ALICE", "err nick_taken nickname ALICE is taken"));
    assertEquals("[12:04] ! say: slow down: try again in 120 ms — not sent: x  y",
        reply("say dev x  y", "err rate_limited retry_after_ms=120 too fast"));
    assertEquals("[12:04] ! msg: no user is called carol (no_such_user) — not sent: hello?",
        reply("msg carol hello?", "err no_such_user no user is called carol"));
  }

  @Test
  void rawRepliesAreShownAsReceived() {
    assertEquals("[12:04] < ok pong x", formatter.reply("ping x", true, ServerLine.parse("ok pong x"), "me").toString());
  }

  @Test
  void networkTextIsNeutralisedAndStylingIsOurs() {
    AttributedString line = formatter.push(ServerLine.parse("msg lobby eve \u001b[31mred"));
    assertEquals("[12:04] [lobby] eve: ^[[31mred", line.toString());
    // The styles (time, room, nick) are the formatter's own, carried as attributes, not as text.
    assertNotEquals(line.toString(), line.toAnsi(256, org.jline.utils.AttributedCharSequence.ForceMode.Force256Colors));
  }
}
