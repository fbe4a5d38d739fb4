package io.chatnode.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own meters
 * ({@code vertx.*}), and only those. vertx-micrometer-metrics registers a gauge such as
 * {@code vertx.eventbus.handlers} again for every event bus consumer and connection, on purpose:
 * the gauges of one id share one counter, so the value is right. Micrometer (1.13.9 and later)
 * warns at the first repeat, and a newcomer reads that line at every start as a fault (upstream:
 * vert-x3/vertx-micrometer-metrics issue 259). chatnode's own meters are registered once; a repeat
 * of one of those is still logged. Installed in conf/logback.xml.
 */
public final class VertxGaugeReRegistrations extends TurboFilter {

  static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
  private static final String WARNING = "has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    return logger != null && MICROMETER_REGISTRY.equals(logger.getName()) && format != null && format.contains(WARNING)
        ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
