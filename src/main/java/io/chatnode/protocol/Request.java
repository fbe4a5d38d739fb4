package io.chatnode.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * One parsed request line: the command word (lower case) and everything after the single space
 * that separates it from its arguments, kept as sent.
 */
public record Request(String command, String rest) {

  /** The request's arguments, split on runs of spaces. */
  public List<String> arguments() {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = rest.length();
    while (i < n) {
      while (i < n && rest.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < n && rest.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        words.add(rest.substring(start, i));
      }
    }
    return words;
  }

  /**
   * For commands of the form {@code <command> <word> <text>}: the first word and the free text
   * after the one space that follows it. The text is null when nothing follows the word.
   */
  public WordAndText wordAndText() {
    int i = 0;
    int n = rest.length();
    while (i < n && rest.charAt(i) == ' ') {
      i++;
    }
    int start = i;
    while (i < n && rest.charAt(i) != ' ') {
      i++;
    }
    String word = rest.substring(start, i);
    String text = i < n ? rest.substring(i + 1) : null;
    return new WordAndText(word, text);
  }

  /** A leading word and the free text after it. */
  public record WordAndText(String word, String text) {}
}
