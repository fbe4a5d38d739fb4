package io.chatnode.command;

import io.chatnode.protocol.ErrorCode;
import io.chatnode.protocol.Replies;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code calculate_sum}: exact decimal addition in bounded time and memory.
 *
 * <p>Operands are plain decimals ({@code -12}, {@code 3.25}, {@code .5}); exponent notation is
 * refused because {@code 1e999999999} would make an exact sum with a billion digits. With a bound
 * on the operand count and on each operand's length, the sum's size is bounded too.
 */
final class DecimalSum {

  /** The outcome: a reply line. */
  static String reply(List<String> operands, int maxOperands, int maxDigits) {
    if (operands.size() > maxOperands) {
      return Replies.err(ErrorCode.TOO_LARGE,
          "calculate_sum takes at most " + maxOperands + " operands, got " + operands.size());
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < operands.size(); i++) {
      String operand = operands.get(i);
      if (!isPlainDecimal(operand)) {
        return Replies.err(ErrorCode.BAD_ARGS,
            "operand " + (i + 1) + " " + Replies.quote(operand) + " is not a decimal number");
      }
      if (digits(operand) > maxDigits) {
        return Replies.err(ErrorCode.TOO_LARGE,
            "operand " + (i + 1) + " has more than " + maxDigits + " digits");
      }
      sum = sum.add(new BigDecimal(operand));
    }
    return Replies.ok(sum.toPlainString());
  }

  private DecimalSum() {}

  static boolean isPlainDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int intDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      intDigits++;
    }
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        fracDigits++;
      }
    }
    return i == n && intDigits + fracDigits > 0;
  }

  private static int digits(String s) {
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      if (isDigit(s.charAt(i))) {
        count++;
      }
    }
    return count;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
