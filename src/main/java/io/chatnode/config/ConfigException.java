package io.chatnode.config;

/** Invalid configuration: the message names the key and says what is wrong, for an operator. */
public final class ConfigException extends RuntimeException {

  /** The key whose value is wrong, or null when the mistake is not one key's. */
  private final String key;
  /** What is wrong with the key's value ("must be ... (got ...)"), or null. */
  private final String detail;

  public ConfigException(String message) {
    this(message, null, null);
  }

  private ConfigException(String message, String key, String detail) {
    super(message, null, false, false);
    this.key = key;
    this.detail = detail;
  }

  /** The value of {@code key} is wrong: {@code detail} says how. */
  static ConfigException forKey(String key, String detail) {
    return new ConfigException("invalid configuration: " + key + " " + detail, key, detail);
  }

  /** The key whose value is wrong, or null. */
  public String key() {
    return key;
  }

  /** The same mistake, named by the environment variable that set the value. */
  ConfigException fromVariable(String variable) {
    return new ConfigException("invalid configuration: " + variable + " (key " + key + ") " + detail, key, detail);
  }
}
