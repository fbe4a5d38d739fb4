package io.chatnode.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The events one logger (and its children) logs while open: for tests of what operators read. */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level savedLevel;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.savedLevel = logger.getLevel();
    logger.setLevel(level);
    appender.start();
    logger.addAppender(appender);
  }

  /** Captures INFO and above from the logger of {@code type}. */
  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName(), Level.INFO);
  }

  /** Captures everything from {@code name} down to {@code level}. */
  public static LogCapture of(String name, Level level) {
    return new LogCapture(name, level);
  }

  /** The formatted messages logged at {@code level}. */
  public synchronized List<String> messages(Level level) {
    return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** Every formatted message. */
  public List<String> messages() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(savedLevel);
  }
}
