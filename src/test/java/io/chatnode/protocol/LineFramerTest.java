package io.chatnode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {

  /** Records what the framer reports: lines as text, too-long lines as a marker. */
  private static final class Recorder implements LineFramer.Sink {
    final List<String> events = new ArrayList<>();

    @Override
    public void line(byte[] bytes, int offset, int length) {
      events.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void tooLong() {
      events.add("<too long>");
    }
  }

  private static List<String> frame(int max, String... chunks) {
    LineFramer framer = new LineFramer(max);
    Recorder recorder = new Recorder();
    for (String chunk : chunks) {
      byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
      framer.feed(bytes, 0, bytes.length, recorder);
    }
    return recorder.events;
  }

  @Test
  void splitsOnLfAndDropsOneCrBeforeIt() {
    assertEquals(List.of("a", "b", "", "c\r"), frame(100, "a\nb\r\n\nc\r\r\n"));
  }

  @Test
  void joinsLinesAcrossChunks() {
    assertEquals(List.of("hello world", "x"), frame(100, "hel", "lo wo", "rld\nx", "\n", "partial"));
  }

  @Test
  void lineOfExactlyTheMaximumIsAccepted() {
    assertEquals(List.of("12345"), frame(5, "12345\n"));
    assertEquals(List.of("12345"), frame(5, "123", "45\r", "\n"));
  }

  @Test
  void oneByteMoreIsTooLongAndReportedOnce() {
    assertEquals(List.of("<too long>", "next"), frame(5, "123456\nnext\n"));
    assertEquals(List.of("<too long>", "next"), frame(5, "1234", "56", "789", "0123\nnext\n"));
  }

  @Test
  void aCrAtTheLimitWaitsForItsLf() {
    assertEquals(List.of("<too long>"), frame(5, "12345\rX\n"));
  }

  @Test
  void neverBuffersMoreThanOneLineWorth() {
    LineFramer framer = new LineFramer(8);
    Recorder recorder = new Recorder();
    byte[] chunk = "0123456789".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 10_000; i++) {
      framer.feed(chunk, 0, chunk.length, recorder);
      assertTrue(framer.bufferedBytes() <= 9);
    }
    assertEquals(List.of("<too long>"), recorder.events);
    byte[] end = "\nok\n".getBytes(StandardCharsets.US_ASCII);
    framer.feed(end, 0, end.length, recorder);
    assertEquals(List.of("<too long>", "ok"), recorder.events);
  }

  @Test
  void respectsOffsetAndLength() {
    LineFramer framer = new LineFramer(10);
    Recorder recorder = new Recorder();
    byte[] bytes = "xxab\ncdyy".getBytes(StandardCharsets.US_ASCII);
    framer.feed(bytes, 2, 5, recorder);
    framer.feed("\n".getBytes(StandardCharsets.US_ASCII), 0, 1, recorder);
    assertEquals(List.of("ab", "cd"), recorder.events);
  }
}
