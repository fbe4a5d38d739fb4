package io.chatnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatnode.protocol.ServerLine;
import org.junit.jupiter.api.Test;

/** Server lines taken apart, and rendered as JSON for {@code --json}; no sockets. */
class ServerLineTest {

  @Test
  void repliesAndPushesAsJson() {
    assertEquals("{\"type\":\"ok\",\"result\":\"\"}", JsonLine.render("ok"));
    assertEquals("{\"type\":\"ok\",\"result\":\" two  spaces\"}", JsonLine.render("ok  two  spaces"));
    assertEquals("{\"type\":\"err\",\"code\":\"nick_taken\",\"message\":\"nickname ALICE is taken\"}",
        JsonLine.render("err nick_taken nickname ALICE is taken"));
    assertEquals("{\"type\":\"msg\",\"room\":\"lobby\",\"from\":\"alice\",\"text\":\"hi  there \"}",
        JsonLine.render("msg lobby alice hi  there "));
    assertEquals("{\"type\":\"dm\",\"from\":\"bob\",\"text\":\"psst\"}", JsonLine.render("dm bob psst"));
    assertEquals("{\"type\":\"joined\",\"room\":\"dev\",\"nick\":\"bob\"}", JsonLine.render("joined dev bob"));
    assertEquals("{\"type\":\"left\",\"room\":\"dev\",\"nick\":\"bob\"}", JsonLine.render("left dev bob"));
    assertEquals("{\"type\":\"renamed\",\"old\":\"a\",\"new\":\"b\"}", JsonLine.render("renamed a b"));
    assertEquals("{\"type\":\"info\",\"text\":\"maintenance at noon\"}", JsonLine.render("info maintenance at noon"));
    assertEquals("{\"type\":\"bye\",\"reason\":\"shutdown\"}", JsonLine.render("bye shutdown"));
    assertEquals("{\"type\":\"future\",\"text\":\"push kind\"}", JsonLine.render("future push kind"));
  }

  @Test
  void helloCarriesTheGuestNickAndAdvertisedLimits() {
    assertEquals("{\"type\":\"hello\",\"nick\":\"guest-abc123\",\"version\":\"1\",\"node\":\"n1\","
            + "\"max_line\":\"4096\",\"lobby\":\"lobby\"}",
        JsonLine.render("hello guest-abc123 version=1 node=n1 max_line=4096 lobby=lobby"));
  }

  @Test
  void rateLimitedCarriesRetryAfterAsANumber() {
    ServerLine line = ServerLine.parse("err rate_limited retry_after_ms=250 slow down");
    assertEquals(250, line.retryAfterMs());
    assertEquals("{\"type\":\"err\",\"code\":\"rate_limited\",\"message\":\"retry_after_ms=250 slow down\","
        + "\"retry_after_ms\":250}", JsonLine.render(line.raw()));
  }

  @Test
  void controlCharactersAreEscapedNotDropped() {
    assertEquals("{\"type\":\"msg\",\"room\":\"r\",\"from\":\"x\",\"text\":\"\\u001B[2J\"}",
        JsonLine.render("msg r x \u001b[2J"));
  }

  @Test
  void missingFieldsAreEmpty() {
    ServerLine line = ServerLine.parse("msg lobby");
    assertEquals("lobby", line.field("room"));
    assertEquals("", line.field("from"));
    assertEquals("", line.field("text"));
  }
}
