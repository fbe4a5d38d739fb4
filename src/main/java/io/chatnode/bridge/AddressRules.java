package io.chatnode.bridge;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which addresses one kind of access (consume, send, publish) is allowed on, as the bridge's
 * {@code PermittedOptions} allow: an exact address, a prefix ({@code chatnode.bot.*}) or a regular
 * expression between slashes ({@code /chatnode\.bot\.(say|join)/}, matched whole). No rule: nothing.
 */
public final class AddressRules {

  private final List<Predicate<String>> rules;

  private AddressRules(List<Predicate<String>> rules) {
    this.rules = rules;
  }

  public static AddressRules of(List<String> rules) {
    return new AddressRules(rules.stream().map(AddressRules::rule).toList());
  }

  private static Predicate<String> rule(String rule) {
    if (rule.length() > 1 && rule.startsWith("/") && rule.endsWith("/")) {
      Pattern pattern = Pattern.compile(rule.substring(1, rule.length() - 1));
      return address -> pattern.matcher(address).matches();
    }
    if (rule.endsWith("*")) {
      String prefix = rule.substring(0, rule.length() - 1);
      return address -> address.startsWith(prefix);
    }
    return rule::equals;
  }

  public boolean allows(String address) {
    for (Predicate<String> rule : rules) {
      if (rule.test(address)) {
        return true;
      }
    }
    return false;
  }
}
