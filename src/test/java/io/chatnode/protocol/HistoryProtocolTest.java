package io.chatnode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatnode.protocol.Capabilities.Cap;
import io.chatnode.protocol.HistoryRequest.Direction;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Version 1.1's lines and argument forms, exactly as the contract writes them. Pure. */
class HistoryProtocolTest {

  /** 2026-11-24T10:15:30.123Z. */
  private static final long T = 1795515330123L;

  @Test
  void timesAreIsoUtcWithMilliseconds() {
    assertEquals("2026-11-24T10:15:30.123Z", WireTime.format(T));
    assertEquals("1970-01-01T00:00:00.000Z", WireTime.format(0));
  }

  @Test
  void tagWordsGoInFrontOfMsgAndDm() {
    assertEquals("@seq=42;time=2026-11-24T10:15:30.123Z msg dev alice hi  there",
        Tags.msg(42, T, Pushes.msg("dev", "alice", "hi  there")));
    assertEquals("@time=2026-11-24T10:15:30.123Z dm bob psst", Tags.dm(T, Pushes.dm("bob", "psst")));
  }

  @Test
  void histLinesRepliesAndLossNotices() {
    assertEquals("hist dev 7 2026-11-24T10:15:30.123Z alice hello  world ",
        HistoryLines.hist("dev", 7, T, "alice", "hello  world "));
    assertEquals("ok count=3 latest=12", HistoryLines.reply(3, 12, null));
    assertEquals("ok count=0 latest=0", HistoryLines.reply(0, 0, null));
    assertEquals("ok count=2 latest=120 lost=5-99", HistoryLines.reply(2, 120, new SeqRange(5, 99)));
    assertEquals("lost dev 17-17", HistoryLines.lost("dev", new SeqRange(17, 17)));
    assertEquals("lost dev 3-40", HistoryLines.lost("dev", new SeqRange(3, 40)));
  }

  @Test
  void rangesAreNeverEmpty() {
    assertNull(SeqRange.ofNonEmpty(5, 4));
    assertNull(SeqRange.ofNonEmpty(0, 4));
    assertEquals(new SeqRange(5, 5), SeqRange.ofNonEmpty(5, 5));
    assertEquals(new SeqRange(5, 9), new SeqRange(5, 6).extendedTo(9));
    assertThrows(IllegalArgumentException.class, () -> new SeqRange(3, 2));
  }

  // ---- history arguments -------------------------------------------------------------------

  private static HistoryRequest valid(String args) {
    HistoryRequest.Parsed parsed = HistoryRequest.parse(RequestParser.parse("history " + args).arguments(), 500);
    return ((HistoryRequest.Valid) parsed).request();
  }

  private static String invalid(String args) {
    HistoryRequest.Parsed parsed = HistoryRequest.parse(RequestParser.parse("history " + args).arguments(), 500);
    return ((HistoryRequest.Invalid) parsed).errorLine();
  }

  @Test
  void historyDefaultsToTheLatestFifty() {
    assertEquals(new HistoryRequest("dev", Direction.LATEST, 0, 50), valid("Dev"));
    assertEquals(new HistoryRequest("dev", Direction.LATEST, 0, 50), valid("dev latest"));
    assertEquals(new HistoryRequest("dev", Direction.LATEST, 0, 7), valid("dev LATEST 7"));
    assertEquals(new HistoryRequest("dev", Direction.LATEST, 0, 7), valid("dev  7"));
  }

  @Test
  void beforeAndAfterTakeASeq() {
    assertEquals(new HistoryRequest("dev", Direction.BEFORE, 100, 50), valid("dev before 100"));
    assertEquals(new HistoryRequest("dev", Direction.AFTER, 0, 10), valid("dev after 0 10"));
    assertEquals(new HistoryRequest("dev", Direction.AFTER, 999_999_999_999_999_999L, 1),
        valid("dev After 999999999999999999 1"));
  }

  @Test
  void aLimitAboveTheMaximumIsCutToIt() {
    assertEquals(500, valid("dev 500").limit());
    assertEquals(500, valid("dev 501").limit());
    assertEquals(500, valid("dev after 3 99999999999999999999").limit());
    assertEquals(1, valid("dev 1").limit());
    HistoryRequest any = ((HistoryRequest.Valid) HistoryRequest.parse(List.of("dev", "after", "4", "900"), Integer.MAX_VALUE)).request();
    assertEquals(900, any.limit(), "a parser without the node's limit keeps it");
    assertEquals(new HistoryRequest("dev", Direction.AFTER, 4, 500), any.limitedTo(500));
    assertEquals(any, any.limitedTo(900));
  }

  @Test
  void badFormsAreBadArgs() {
    assertEquals("err bad_args usage: history <room> [latest | before <seq> | after <seq>] [<limit>]", invalid(""));
    assertEquals("err bad_args after needs a seq: usage: history <room> [latest | before <seq> | after <seq>] [<limit>]",
        invalid("dev after"));
    assertEquals("err bad_args '-1' is not a seq (a whole number, 0 or more)", invalid("dev before -1"));
    assertEquals("err bad_args '1000000000000000000' is not a seq (a whole number, 0 or more)",
        invalid("dev after 1000000000000000000"));
    assertEquals("err bad_args 'since' is not latest, before or after: "
        + "usage: history <room> [latest | before <seq> | after <seq>] [<limit>]", invalid("dev since 4"));
    assertEquals("err bad_args the limit must be 1 or more", invalid("dev 0"));
    assertEquals("err bad_args '+5' is not a limit (a whole number, 1 or more)", invalid("dev latest +5"));
    assertEquals("err bad_args unexpected 'x': usage: history <room> [latest | before <seq> | after <seq>] [<limit>]",
        invalid("dev latest 4 x"));
    assertEquals("err bad_args usage: history <room> [latest | before <seq> | after <seq>] [<limit>]",
        invalid("dev after 3 4 x"));
    assertEquals("err bad_args unexpected '5': usage: history <room> [latest | before <seq> | after <seq>] [<limit>]",
        invalid("dev 4 5"));
    assertEquals("err bad_name 'd!' is not a valid room name: 1 to 32 characters of A-Z a-z 0-9 _ -", invalid("d!"));
  }

  // ---- capabilities ------------------------------------------------------------------------

  private static final Set<Cap> BOTH = EnumSet.allOf(Cap.class);

  @Test
  void capTurnsOnKnownNamesAndRepliesWithAllThatAreOn() {
    Capabilities.Parsed parsed = Capabilities.parse(List.of("HISTORY", "tags", "tags"), BOTH);
    assertEquals(new Capabilities.Requested(EnumSet.of(Cap.TAGS, Cap.HISTORY)), parsed);
    assertEquals("ok tags history", Capabilities.reply(EnumSet.of(Cap.HISTORY, Cap.TAGS)));
    assertEquals("ok tags", Capabilities.reply(EnumSet.of(Cap.TAGS)));
  }

  @Test
  void anUnknownOrMissingNameIsBadArgs() {
    assertEquals(new Capabilities.Invalid("err bad_args 'sasl' is not a capability of this node; offered: tags,history"),
        Capabilities.parse(List.of("tags", "sasl"), BOTH));
    assertEquals(new Capabilities.Invalid("err bad_args 'history' is not a capability of this node; offered: tags"),
        Capabilities.parse(List.of("history"), EnumSet.of(Cap.TAGS)));
    assertEquals(new Capabilities.Invalid("err bad_args usage: cap <name> [<name> ...]; offered: tags,history"),
        Capabilities.parse(List.of(), BOTH));
  }

  @Test
  void helloAdvertisesCapsHistoryMaxAndEpoch() {
    assertEquals("tags,history", Capabilities.helloValue(BOTH));
    Map<String, Object> pairs = Capabilities.helloPairs(BOTH, 500, "k3x9");
    assertEquals("hello alice caps=tags,history history_max=500 epoch=k3x9", Pushes.hello("alice", pairs));
    assertEquals("hello alice caps=tags epoch=k3x9",
        Pushes.hello("alice", Capabilities.helloPairs(EnumSet.of(Cap.TAGS), 500, "k3x9")));
  }
}
