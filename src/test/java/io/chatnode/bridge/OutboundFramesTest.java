package io.chatnode.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The slow client's queue: bounded in bytes, drops counted, order kept. */
class OutboundFramesTest {

  @Test
  void queuesUpToTheBoundThenDropsAndCounts() {
    OutboundFrames queue = new OutboundFrames(10);
    assertTrue(queue.offer(Buffer.buffer("12345")));
    assertTrue(queue.offer(Buffer.buffer("67890")));
    assertFalse(queue.offer(Buffer.buffer("x")), "one byte over the bound");
    assertEquals(10, queue.bytes());
    assertEquals(1, queue.dropped());
    assertEquals("12345", queue.poll().toString());
    assertTrue(queue.offer(Buffer.buffer("abc")), "room again once the socket took a frame");
    assertEquals("67890", queue.poll().toString());
    assertEquals("abc", queue.poll().toString());
    assertNull(queue.poll());
    assertEquals(0, queue.bytes());
    assertEquals(1, queue.dropped());
  }
}
