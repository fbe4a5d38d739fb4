package io.chatnode.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chatnode bench <workload>}: a load generator for chatnode, and with {@code --compare
 * redis} for Redis in the same shapes, side by side in one run, with chatnode/Redis ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
    // each line within picocli's 80 columns, so that none is wrapped mid-phrase
    description = {"Loads chatnode nodes and reports throughput and latency.",
        "With --compare redis, Redis too, in the same shapes. Workloads:",
        "  fanout   S subscribers and P publishers in one room",
        "  reqrep   pipelined echo",
        "  conns    idle connections, the node's RSS per connection",
        "  cluster  fanout spread over the --node addresses",
        "  soak     fanout for --duration seconds, the node's RSS sampled (--node-pid)",
        "  resume   clients leave and come back, filling gaps with history (1.1)",
        "--tags: fanout/cluster/soak as protocol 1.1 clients, room seqs checked",
        "Chat workloads need the node's flood control off (CHATNODE_LIMITS_CHATRATE=0);",
        "bench/run.sh does it all."})
public final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "WORKLOAD", description = "fanout | reqrep | conns | cluster | soak | resume")
  String workload;

  @Option(names = "--node", paramLabel = "HOST:PORT", split = ",",
      description = "chatnode node(s) to load, loopback only (default 127.0.0.1:6254); cluster spreads over them")
  List<String> nodeAddresses = new ArrayList<>(List.of("127.0.0.1:6254"));

  @Option(names = {"-S", "--subscribers"}, description = "fanout: subscribers (default ${DEFAULT-VALUE})")
  int subscribers = 100;
  @Option(names = {"-P", "--publishers"}, description = "fanout: publishers (default ${DEFAULT-VALUE})")
  int publishers = 10;
  @Option(names = "--size", description = "fanout: message text bytes, at least 48 (default ${DEFAULT-VALUE})")
  int size = 64;
  @Option(names = {"-W", "--window"}, description = "fanout: unacknowledged messages per publisher (default ${DEFAULT-VALUE})")
  int window = 16;
  @Option(names = "--slow", description = "fanout: extra subscribers that never read (default ${DEFAULT-VALUE})")
  int slow;
  @Option(names = "--room", description = "fanout: room / channel (default ${DEFAULT-VALUE})")
  String room = "bench";

  @Option(names = "--tags", description = "fanout: members turn on the tags capability; seqs are checked for "
      + "order and for the same message under a seq at every subscriber")
  boolean tags;

  @Option(names = {"-R", "--resumers"}, description = "resume: clients that leave and come back (default ${DEFAULT-VALUE})")
  int resumers = 20;
  @Option(names = "--rate", description = "resume: messages per second, all publishers together (default ${DEFAULT-VALUE})")
  long rate = 1000;
  @Option(names = "--stay-ms", description = "resume: connected time between resumes (default ${DEFAULT-VALUE})")
  long stayMs = 1000;
  @Option(names = "--away-ms", description = "resume: disconnected time (default ${DEFAULT-VALUE})")
  long awayMs = 500;

  @Option(names = {"-C", "--clients"}, description = "reqrep: clients (default ${DEFAULT-VALUE})")
  int clients = 50;
  @Option(names = {"-D", "--depth"}, description = "reqrep: pipelined requests per client (default ${DEFAULT-VALUE})")
  int depth = 16;
  @Option(names = "--echo-size", description = "reqrep: echo text bytes (default ${DEFAULT-VALUE})")
  int echoSize = 16;

  @Option(names = {"-N", "--connections"}, description = "conns: idle connections (default ${DEFAULT-VALUE})")
  int connections = 10_000;
  @Option(names = "--connect-batch", description = "connections opened (and closed) at once (default ${DEFAULT-VALUE})")
  int connectBatch = 500;
  @Option(names = "--settle", description = "conns: seconds to hold before measuring (default ${DEFAULT-VALUE})")
  int settle = 3;

  @Option(names = {"-d", "--duration"}, description = "measured seconds (default 10; soak 600)")
  Integer durationOption;
  int duration;
  @Option(names = "--warmup", description = "unmeasured seconds before (default ${DEFAULT-VALUE})")
  int warmup = 3;
  @Option(names = "--max-messages", description = "per publisher / client, a bound besides time (default ${DEFAULT-VALUE})")
  long maxMessages = 100_000_000L;
  @Option(names = "--drain", description = "seconds to wait for the last deliveries (default ${DEFAULT-VALUE})")
  int drain = 20;
  @Option(names = "--repeat", description = "runs per target; medians are reported (default ${DEFAULT-VALUE})")
  int repeat = 1;

  @Option(names = "--compare", paramLabel = "redis", description = "also run the same shape against Redis")
  String compare;
  @Option(names = "--redis", paramLabel = "ADDRESS", description = "Redis address (default ${DEFAULT-VALUE})")
  String redisAddress = "127.0.0.1:6379";

  @Option(names = "--node-pid", description = "the node's process id: RSS is sampled (conns, soak, fanout)")
  long nodePid;
  @Option(names = "--sample-ms", description = "RSS sampling period (default ${DEFAULT-VALUE})")
  long sampleMs = 1000;
  @Option(names = "--client-threads", description = "the bench's event loops (default ${DEFAULT-VALUE})")
  int clientThreads = 2;

  @Option(names = "--json", description = "print one JSON object instead of the table")
  boolean json;
  @Option(names = "--hgrm-dir", description = "write HdrHistogram percentile distributions (.hgrm) here")
  Path hgrmDir;
  @Option(names = "--label", description = "a note carried into the JSON (e.g. the setup)")
  String label;

  @Spec
  CommandSpec spec;

  /** Latency histograms of the last run per target, for .hgrm output. */
  final Map<String, Histogram> histograms = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(clientThreads));
    try {
      String refused = preflight(vertx);
      if (refused != null) {
        System.err.println("chatnode bench: " + refused);
        return 2;
      }
      JsonObject result = run(vertx);
      out.println(json ? result.encode() : table(result));
      out.flush();
      writeHistograms();
      long refusedPublishes = result.getJsonObject("chatnode").getLong("publish_errors", 0L);
      if (refusedPublishes > 0) {
        System.err.println("chatnode bench: warning: the node refused " + refusedPublishes
            + " publishes (err replies): these numbers do not measure a healthy run");
        return 1;
      }
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("chatnode bench: " + e.getMessage());
      return 2;
    } catch (IllegalStateException | java.util.concurrent.TimeoutException e) {
      // a run that broke off: one line, as for every other operator-facing failure
      System.err.println("chatnode bench: " + e.getMessage());
      return 1;
    } finally {
      Workloads.await(vertx.close(), 30, "closing the client");
    }
  }

  /**
   * Every node greets, and a chat workload finds flood control off; else what is wrong, in one line.
   * Checked before any load, so that a mistake costs no warm-up and no 30-line stack trace.
   */
  String preflight(Vertx vertx) throws Exception {
    validate();
    List<Endpoint> nodes = nodeAddresses.stream().map(a -> Endpoint.parse(a, 6254)).toList();
    NetClient probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000));
    try {
      for (Endpoint node : nodes) {
        String hello;
        try {
          hello = Workloads.await(Preflight.hello(probe, node), 30, "greeting");
        } catch (IllegalStateException e) {
          return Preflight.unreachable(node, e.getCause() == null ? e : e.getCause());
        }
        String problem = Preflight.isChat(workload) ? Preflight.floodControlProblem(node, hello) : null;
        if (problem != null) {
          return problem;
        }
      }
      return null;
    } finally {
      probe.close();
    }
  }

  /** Runs the workload (and its Redis twin) and returns the whole report. */
  public JsonObject run(Vertx vertx) throws Exception {
    validate();
    List<Endpoint> nodes = nodeAddresses.stream().map(a -> Endpoint.parse(a, 6254)).toList();
    Endpoint redis = compare != null ? Endpoint.parse(redisAddress, 6379) : null;
    NetClient client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000)
        .setReceiveBufferSize(256 * 1024));
    Workloads w = new Workloads(vertx, client, this);
    List<JsonObject> mine = new ArrayList<>();
    List<JsonObject> theirs = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      switch (workload) {
        case "fanout", "cluster", "soak" -> {
          mine.add(w.fanout(Proto.CHATNODE, nodes));
          if (redis != null) {
            theirs.add(w.fanout(Proto.REDIS, List.of(redis)));
          }
        }
        case "reqrep" -> {
          mine.add(w.reqrep(Proto.CHATNODE, nodes));
          if (redis != null) {
            theirs.add(w.reqrep(Proto.REDIS, List.of(redis)));
          }
        }
        case "conns" -> mine.add(w.conns(nodes));
        case "resume" -> mine.add(w.resume(nodes));
        default -> throw new IllegalArgumentException("unknown workload " + workload);
      }
    }
    JsonObject report = new JsonObject()
        .put("workload", workload)
        .put("ran_at", java.time.Instant.now().toString())
        .put("loadavg_at_end", loadAverage())
        .put("repeat", repeat)
        .put("warmup_s", warmup)
        .put("duration_s", duration)
        .put("client_threads", clientThreads)
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version"));
    if (label != null) {
      report.put("label", label);
    }
    report.put("chatnode", Stats.median(mine));
    if (!theirs.isEmpty()) {
      JsonObject r = Stats.median(theirs);
      report.put("redis", r);
      report.put("ratios", ratios(report.getJsonObject("chatnode"), r));
    }
    return report;
  }

  /** The machine's 1-minute load average (from /proc/loadavg), to tell a quiet run from a shared one; -1 if unknown. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private void validate() {
    duration = durationOption != null ? durationOption : workload.equals("soak") ? 600 : 10;
    if (compare != null && !compare.equals("redis")) {
      throw new IllegalArgumentException("--compare takes only redis");
    }
    if ((workload.equals("conns") || workload.equals("resume")) && compare != null) {
      throw new IllegalArgumentException(workload + " has no Redis twin");
    }
    if (resumers < 1 || rate < 1 || stayMs < 1 || awayMs < 1) {
      throw new IllegalArgumentException("--resumers, --rate, --stay-ms and --away-ms must be positive");
    }
    if (size < Payload.MIN_SIZE) {
      throw new IllegalArgumentException("--size must be at least " + Payload.MIN_SIZE);
    }
    if (echoSize < 2 || window < 1 || depth < 1 || repeat < 1 || duration < 1 || connectBatch < 1
        || subscribers < 1 || publishers < 1 || clients < 1 || connections < 1 || maxMessages < 1) {
      throw new IllegalArgumentException("counts must be positive (--echo-size at least 2)");
    }
    if (workload.equals("soak") && nodePid <= 0) {
      throw new IllegalArgumentException("soak needs --node-pid to sample the node's memory");
    }
  }

  /** chatnode / Redis for the comparable numbers (higher is better for rates, lower for latency). */
  static JsonObject ratios(JsonObject mine, JsonObject theirs) {
    JsonObject r = new JsonObject();
    for (String key : List.of("messages_per_s", "deliveries_per_s", "replies_per_s", "latency_p50_us",
        "latency_p99_us", "latency_p99_9_us", "latency_max_us")) {
      Double a = mine.getDouble(key);
      Double b = theirs.getDouble(key);
      if (a != null && b != null && b > 0) {
        r.put(key, Math.round(a / b * 1000) / 1000.0);
      }
    }
    return r;
  }

  /** The human table: one row per number, a column per target, and the ratio. */
  static String table(JsonObject report) {
    JsonObject mine = report.getJsonObject("chatnode");
    JsonObject theirs = report.getJsonObject("redis");
    JsonObject ratios = report.getJsonObject("ratios");
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "chatnode bench %s (%d run(s), medians; warm-up %d s, measured %d s)%n",
        report.getString("workload"), report.getInteger("repeat"), report.getInteger("warmup_s"),
        report.getInteger("duration_s")));
    b.append(String.format(Locale.ROOT, "%-28s %16s", "", "chatnode"));
    if (theirs != null) {
      b.append(String.format(Locale.ROOT, " %16s %16s", "redis", "chatnode/redis"));
    }
    b.append('\n');
    for (String key : mine.fieldNames()) {
      Object v = mine.getValue(key);
      if (v instanceof JsonArray) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "%-28s %16s", key, v));
      if (theirs != null) {
        Object t = theirs.getValue(key);
        Object ratio = ratios.getValue(key);
        b.append(String.format(Locale.ROOT, " %16s %16s", t == null ? "" : t, ratio == null ? "" : ratio));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private void writeHistograms() throws IOException {
    if (hgrmDir == null) {
      return;
    }
    Files.createDirectories(hgrmDir);
    for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
      try (PrintStream p = new PrintStream(Files.newOutputStream(hgrmDir.resolve(e.getKey() + ".hgrm")), true, "UTF-8")) {
        e.getValue().outputPercentileDistribution(p, 1000.0); // in microseconds
      }
    }
  }
}
