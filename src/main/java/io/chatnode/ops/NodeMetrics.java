package io.chatnode.ops;

import io.chatnode.protocol.ServerLine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The chat meters of one node, on a Micrometer registry (Prometheus in production). Thread-safe:
 * counted from every event loop. Meter names follow Prometheus conventions once rendered:
 * {@code chatnode_connections_closed_total{reason="idle_timeout"}} and so on.
 */
public final class NodeMetrics {

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter linesIn;
  private final Counter pushesOut;
  private final Counter nicknameConflicts;
  private final Counter nicknamesYielded;
  private final Map<String, Counter> closed = new ConcurrentHashMap<>();
  private final Map<String, Timer> commands = new ConcurrentHashMap<>();
  private final Map<String, Integer> roomMembers = new ConcurrentHashMap<>();
  private final Counter slowDrops;
  private final Counter lossNotices;
  private final Timer historyRequests;

  public NodeMetrics(MeterRegistry registry) {
    this.registry = registry;
    accepted = Counter.builder("chatnode.connections.accepted")
        .description("Connections admitted (server_full refusals are counted as closed)").register(registry);
    linesIn = Counter.builder("chatnode.lines.in").description("Request lines received").register(registry);
    pushesOut = Counter.builder("chatnode.pushes.out")
        .description("Pushes (msg, dm, joined, left, renamed ...) written to clients").register(registry);
    nicknameConflicts = Counter.builder("chatnode.cluster.nickname.conflicts")
        .description("Connections of this node renamed to a guest after a partition: the other side had given their nickname away")
        .register(registry);
    nicknamesYielded = Counter.builder("chatnode.cluster.nicknames.yielded")
        .description("Nicknames this node's connections gave up (renamed to a guest) when it found itself in a minority")
        .register(registry);
    Gauge.builder("chatnode.rooms", roomMembers, Map::size)
        .description("Rooms with at least one member on this node").strongReference(true).register(registry);
    Gauge.builder("chatnode.room.members", roomMembers,
            m -> m.values().stream().mapToInt(Integer::intValue).sum())
        .description("Room memberships of this node's connections").strongReference(true).register(registry);
    slowDrops = Counter.builder("chatnode.slow.dropped")
        .description("Room messages dropped for slow tags connections (told with lost notices)").register(registry);
    lossNotices = Counter.builder("chatnode.loss.notices")
        .description("lost <room> <first>-<last> notices sent to slow tags connections").register(registry);
    historyRequests = Timer.builder("chatnode.history.requests")
        .description("history requests answered, from the store's query to its page")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    @SuppressWarnings("resource") // lives as long as the registry
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A gauge read from the node when scraped (open connections, cluster size). */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).strongReference(true).register(registry);
  }

  /**
   * A counter kept by {@code owner} (a component's own count), read when scraped. The registry
   * holds {@code owner} weakly: it counts as long as the owner lives.
   */
  public <T> void counter(String name, String description, T owner, ToDoubleFunction<T> count) {
    FunctionCounter.builder(name, owner, count).description(description).register(registry);
  }

  /** A room message not queued to a slow tags connection. */
  public void slowDropped() {
    slowDrops.increment();
  }

  /** {@code count} loss notices sent. */
  public void lossNotices(int count) {
    lossNotices.increment(count);
  }

  /** A history query that took {@code nanos}. */
  public void historyRequest(long nanos) {
    historyRequests.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void connectionAccepted() {
    accepted.increment();
  }

  /** A connection ended; {@code reason} is the one its log line and {@code bye} give. */
  public void connectionClosed(String reason) {
    closed.computeIfAbsent(reason, r -> Counter.builder("chatnode.connections.closed")
        .description("Connections closed, by reason").tag("reason", r).register(registry)).increment();
  }

  /** A nickname conflict found after a partition healed, resolved by renaming this node's user. */
  public void nicknameConflict() {
    nicknameConflicts.increment();
  }

  public void nicknameYielded() {
    nicknamesYielded.increment();
  }

  public void lineIn() {
    linesIn.increment();
  }

  /**
   * Pushes queued to clients; counted once per fan-out rather than per member, so that the event
   * loops do not contend on this counter per delivery.
   */
  public void pushesOut(int count) {
    if (count > 0) {
      pushesOut.increment(count);
    }
  }

  /**
   * A request answered: its command's wire name ({@code unknown} for lines that name none) and
   * its reply line, whose first word (or error code) is the outcome; the time from the request's
   * arrival to its reply being written.
   */
  public void commandAnswered(String command, String reply, long nanos) {
    String outcome = ServerLine.outcome(reply);
    commands.computeIfAbsent(command + ' ' + outcome, key -> Timer.builder("chatnode.command.duration")
        .description("Requests from arrival to reply, by command and outcome (ok or the error code)")
        .tag("command", command).tag("outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A connection of this node joined a room. */
  public void roomJoined(String room) {
    roomMembers.merge(room, 1, Integer::sum);
  }

  /** A connection of this node left a room. */
  public void roomLeft(String room) {
    roomMembers.computeIfPresent(room, (r, n) -> n <= 1 ? null : n - 1);
  }
}
