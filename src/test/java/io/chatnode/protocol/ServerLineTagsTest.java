package io.chatnode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared server-line decoder and protocol 1.1's lines: tag words, hist, lost. Pure. */
class ServerLineTagsTest {

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @Test
  void aTaggedMsgIsAMsgWithSeqAndTime() {
    String raw = "@seq=42;time=2026-11-24T10:15:30.123Z msg dev alice hi  there";
    ServerLine line = ServerLine.parse(raw);
    assertEquals("msg", line.type());
    assertEquals(fields("seq", "42", "time", "2026-11-24T10:15:30.123Z", "room", "dev", "from", "alice",
        "text", "hi  there"), line.fields());
    assertEquals(raw, line.raw());
    assertFalse(ServerLine.isReplyLine(raw));
  }

  @Test
  void aTaggedDmHasItsTime() {
    ServerLine line = ServerLine.parse("@time=2026-11-24T10:15:30.123Z dm bob psst");
    assertEquals("dm", line.type());
    assertEquals(fields("time", "2026-11-24T10:15:30.123Z", "from", "bob", "text", "psst"), line.fields());
  }

  @Test
  void histAndLostLines() {
    assertEquals(fields("room", "dev", "seq", "7", "time", "2026-11-24T10:15:30.123Z", "from", "alice", "text", "a  b"),
        ServerLine.parse("hist dev 7 2026-11-24T10:15:30.123Z alice a  b").fields());
    assertEquals(fields("room", "dev", "range", "3-40"), ServerLine.parse("lost dev 3-40").fields());
  }
}
