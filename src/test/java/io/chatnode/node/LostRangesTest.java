package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a slow tags connection is told it lost. Pure. */
class LostRangesTest {

  @Test
  void oneRangePerRoomInTheOrderOfTheFirstDrop() {
    LostRanges lost = new LostRanges();
    assertTrue(lost.isEmpty());
    lost.dropped("ops", 7);
    lost.dropped("dev", 40);
    lost.dropped("ops", 8);
    lost.dropped("dev", 44);
    lost.dropped("ops", 12);
    assertFalse(lost.isEmpty());
    assertEquals(List.of("lost ops 7-12", "lost dev 40-44"), lost.drainNotices());
    assertTrue(lost.isEmpty());
    assertEquals(List.of(), lost.drainNotices());
    lost.dropped("dev", 50);
    assertEquals(List.of("lost dev 50-50"), lost.drainNotices());
    assertEquals(6, lost.droppedTotal());
  }
}
