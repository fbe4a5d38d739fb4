package io.chatnode.config;

/** Invalid configuration: the message names the key and says what is wrong, for an operator. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
