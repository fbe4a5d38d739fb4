package io.chatnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When a {@code say} counts as handed off: once every started loop of the node has fanned it out. */
@ExtendWith(VertxExtension.class)
class LocalHandOffsTest {

  @Test
  void completesOnlyOnceEveryStartedLoopHasHandedOff() {
    LocalHandOffs handOffs = new LocalHandOffs("n1");
    handOffs.loopStarted(0);
    handOffs.loopStarted(1);
    LocalHandOffs.Expected first = handOffs.expect();
    LocalHandOffs.Expected second = handOffs.expect();
    assertNotEquals(first.token(), second.token());

    handOffs.handedOff(first.token(), 1);
    handOffs.handedOff(first.token(), 1);
    assertFalse(first.handedOff().isComplete(), "loop 0 has not fanned it out yet");
    handOffs.handedOff(first.token(), 0);
    assertTrue(first.handedOff().succeeded());
    assertFalse(second.handedOff().isComplete(), "each message is counted on its own");
    assertEquals(1, handOffs.waiting());
  }

  @Test
  void tokensOfOtherNodesAndUntrackedLoopsAreIgnored() {
    LocalHandOffs handOffs = new LocalHandOffs("n1");
    handOffs.loopStarted(0);
    LocalHandOffs.Expected expected = handOffs.expect();
    handOffs.handedOff("n2-1", 0);
    handOffs.handedOff(expected.token(), LocalHandOffs.MAX_TRACKED_LOOPS);
    assertFalse(expected.handedOff().isComplete());
    handOffs.handedOff(expected.token(), 0);
    assertTrue(expected.handedOff().succeeded());
    assertEquals(0, handOffs.waiting(), "nothing is kept once handed off");
  }

  @Test
  void aLoopThatStopsIsNoLongerWaitedFor() {
    LocalHandOffs handOffs = new LocalHandOffs("n1");
    handOffs.loopStarted(0);
    handOffs.loopStarted(1);
    LocalHandOffs.Expected before = handOffs.expect();
    handOffs.handedOff(before.token(), 0);
    handOffs.loopStopped(1);
    assertTrue(before.handedOff().succeeded(), "waiting messages are released by the stop");
    LocalHandOffs.Expected after = handOffs.expect();
    handOffs.handedOff(after.token(), 0);
    assertTrue(after.handedOff().succeeded(), "later messages wait for the remaining loop only");
  }

  @Test
  void aLoopThatStartsLaterIsWaitedForByLaterMessagesOnly() {
    LocalHandOffs handOffs = new LocalHandOffs("n1");
    handOffs.loopStarted(0);
    LocalHandOffs.Expected before = handOffs.expect();
    handOffs.loopStarted(1);
    LocalHandOffs.Expected after = handOffs.expect();
    handOffs.handedOff(before.token(), 0);
    handOffs.handedOff(after.token(), 0);
    assertTrue(before.handedOff().succeeded());
    assertFalse(after.handedOff().isComplete());
  }

  @Test
  void theSenderHearsOnItsOwnContextWhenAnotherLoopHandsOffLast(Vertx vertx, VertxTestContext ctx) {
    LocalHandOffs handOffs = new LocalHandOffs("n1");
    handOffs.loopStarted(0);
    handOffs.loopStarted(1);
    Context sender = vertx.getOrCreateContext();
    Context other = vertx.getOrCreateContext();
    sender.runOnContext(v -> {
      LocalHandOffs.Expected expected = handOffs.expect();
      handOffs.handedOff(expected.token(), 0);
      expected.handedOff().onComplete(ctx.succeeding(done -> ctx.verify(() -> {
        assertSame(sender, Vertx.currentContext());
        ctx.completeNow();
      })));
      other.runOnContext(w -> handOffs.handedOff(expected.token(), 1));
    });
  }
}
