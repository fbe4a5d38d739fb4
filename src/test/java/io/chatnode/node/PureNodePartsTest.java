package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ordered reply queue and the token bucket, without sockets or clocks. */
class PureNodePartsTest {

  @Test
  void repliesLeaveInRequestOrderWhateverOrderTheyComplete() {
    ReplyQueue queue = new ReplyQueue();
    ReplyQueue.Slot first = queue.reserve();
    queue.add("second");
    ReplyQueue.Slot third = queue.reserve();
    List<String> out = new ArrayList<>();
    queue.fill(third, "third");
    assertFalse(queue.drain(out::add));
    assertEquals(List.of(), out, "nothing leaves before the head is ready");
    queue.fill(first, "first");
    assertFalse(queue.drain(out::add));
    assertEquals(List.of("first", "second", "third"), out);
    assertEquals(0, queue.size());
  }

  @Test
  void nothingLeavesAfterAFinalReply() {
    ReplyQueue queue = new ReplyQueue();
    queue.add("a");
    queue.addFinal("ok bye");
    queue.add("never");
    List<String> out = new ArrayList<>();
    assertTrue(queue.drain(out::add));
    assertEquals(List.of("a", "ok bye"), out);
  }

  @Test
  void tokenBucketGrantsTheBurstThenRefillsAtTheRate() {
    long second = 1_000_000_000L;
    TokenBucket bucket = new TokenBucket(4, 2, 0);
    assertEquals(0, bucket.tryTake(0));
    assertEquals(0, bucket.tryTake(0));
    assertEquals(second / 4, bucket.tryTake(0), "one token every 250 ms");
    assertEquals(second / 8, bucket.tryTake(second / 8), "half way there");
    assertEquals(0, bucket.tryTake(second / 4));
    assertEquals(0, bucket.tryTake(10 * second));
    assertEquals(0, bucket.tryTake(10 * second), "refill stops at the burst");
    assertTrue(bucket.tryTake(10 * second) > 0);
  }

  @Test
  void rateZeroTurnsFloodControlOff() {
    TokenBucket bucket = new TokenBucket(0, 1, 0);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(0, bucket.tryTake(0));
    }
  }
}
