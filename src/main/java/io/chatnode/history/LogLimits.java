package io.chatnode.history;

import io.chatnode.config.HistorySettings;
import java.io.Serializable;

/**
 * The bounds of one room's log, as every operation on it applies them.
 *
 * @param roomLength messages kept; 0 when history is off (messages are still numbered)
 * @param ttlMillis how long a message is kept
 */
public record LogLimits(int roomLength, long ttlMillis) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static LogLimits of(HistorySettings settings) {
    return new LogLimits(settings.keptPerRoom(), settings.ttlSeconds() * 1000L);
  }
}
