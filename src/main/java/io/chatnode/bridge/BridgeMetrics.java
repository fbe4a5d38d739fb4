package io.chatnode.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's meters (on {@code /metrics} beside the node's): connections open, frames in and
 * out, frames dropped for slow clients, refusals and closes by reason. Per connection, the same
 * counts are logged when it closes. Thread-safe.
 */
public final class BridgeMetrics {

  private final MeterRegistry registry;
  private final AtomicLong open = new AtomicLong();
  private final AtomicLong queuedHighWater = new AtomicLong();
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter dropped;
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();

  public BridgeMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("chatnode.bridge.connections", open, AtomicLong::get)
        .description("Bridge connections open").register(registry);
    framesIn = Counter.builder("chatnode.bridge.frames.in").description("Frames received from bridge clients")
        .register(registry);
    framesOut = Counter.builder("chatnode.bridge.frames.out").description("Frames written to bridge clients")
        .register(registry);
    dropped = Counter.builder("chatnode.bridge.frames.dropped")
        .description("Frames dropped because a bridge client read too slowly").register(registry);
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed(String reason) {
    open.decrementAndGet();
    closed.computeIfAbsent(reason, r -> Counter.builder("chatnode.bridge.closed").tag("reason", r)
        .description("Bridge connections closed, by reason").register(registry)).increment();
  }

  void frameIn() {
    framesIn.increment();
  }

  void frameOut() {
    framesOut.increment();
  }

  void droppedFrame() {
    dropped.increment();
  }

  /** A connection's queue now holds {@code bytes}: kept if it is the most any has held. */
  void queued(long bytes) {
    queuedHighWater.accumulateAndGet(bytes, Math::max);
  }

  /** The most bytes one connection's outbound queue has held (bounded by bridge.maxOutboundBytes). */
  public long queuedBytesHighWater() {
    return queuedHighWater.get();
  }

  void refused(String reason) {
    refused.computeIfAbsent(reason, r -> Counter.builder("chatnode.bridge.refused").tag("reason", r)
        .description("Bridge frames refused with an error frame, by reason").register(registry)).increment();
  }

  public long openConnections() {
    return open.get();
  }

  public long droppedFrames() {
    return (long) dropped.count();
  }

  public long refusals(String reason) {
    Counter c = refused.get(reason);
    return c == null ? 0 : (long) c.count();
  }

  public long closes(String reason) {
    Counter c = closed.get(reason);
    return c == null ? 0 : (long) c.count();
  }
}
