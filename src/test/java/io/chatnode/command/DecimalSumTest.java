package io.chatnode.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalSumTest {

  private static String sum(String... operands) {
    return DecimalSum.reply(List.of(operands), 1000, 1000);
  }

  @Test
  void sumsExactly() {
    assertEquals("ok 0", sum());
    assertEquals("ok 0.3", sum("0.1", "0.2"));
    assertEquals("ok 3.50", sum("1.25", "2.25"));
    assertEquals("ok -2", sum("-5", "+3"));
    assertEquals("ok 1.5", sum(".5", "1."));
    assertEquals("ok 1" + "0".repeat(40), sum("9".repeat(40), "1"));
  }

  @Test
  void refusesWhatIsNotAPlainDecimal() {
    for (String bad : new String[] {"1e5", "abc", "1,5", "--1", "", ".", "+", "0x10", "NaN", "Infinity", "1.2.3", "١"}) {
      assertFalse(DecimalSum.isPlainDecimal(bad), bad);
    }
    assertTrue(DecimalSum.isPlainDecimal("-0.000"));
    assertEquals("err bad_args operand 2 '1e5' is not a decimal number", sum("1", "1e5"));
  }

  @Test
  void boundsOperandCountAndSize() {
    assertEquals("ok 3", DecimalSum.reply(Collections.nCopies(3, "1"), 3, 10));
    assertEquals("err too_large calculate_sum takes at most 3 operands, got 4",
        DecimalSum.reply(Collections.nCopies(4, "1"), 3, 10));
    assertEquals("ok " + "9".repeat(5) + ".5", DecimalSum.reply(List.of("9".repeat(5) + ".5"), 3, 6));
    assertEquals("err too_large operand 1 has more than 6 digits",
        DecimalSum.reply(List.of("-" + "9".repeat(5) + ".55"), 3, 6));
  }
}
