package io.chatnode.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * The key {@code log.format}: {@code text} keeps conf/logback.xml's human-readable lines;
 * {@code json} switches the console appender to Logback's own {@link JsonEncoder}, one JSON object
 * per line and per event, for log collectors. Applied once the configuration is read, so the
 * switch is a configuration key like every other (file, {@code --conf}, {@code CHATNODE_LOG_FORMAT}).
 */
public final class LogFormat {

  private LogFormat() {}

  /** Switches every output-stream appender of the root logger to {@code format}. */
  public static void apply(String format) {
    if (!"json".equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The event's fields an operator searches on; no per-event copy of the logger context.
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithMessage(false); // the pattern with its {} placeholders
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        appender.stop();
        appender.setEncoder(encoder);
        appender.start();
      }
    }
  }
}
