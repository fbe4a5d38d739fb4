package io.chatnode.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/** Histogram set-up and the numbers taken from it; medians over repeated runs; process RSS. */
final class Stats {

  /** Latencies are recorded in nanoseconds, up to a minute, to three significant digits. */
  static final long HIGHEST = TimeUnit.SECONDS.toNanos(60);

  private Stats() {}

  static Histogram newHistogram() {
    return new Histogram(HIGHEST, 3);
  }

  /** p50, p99, p99.9 and max in microseconds, as HdrHistogram gives them. */
  static void putLatency(JsonObject into, Histogram h) {
    into.put("latency_samples", h.getTotalCount());
    into.put("latency_p50_us", micros(h.getValueAtPercentile(50.0)));
    into.put("latency_p99_us", micros(h.getValueAtPercentile(99.0)));
    into.put("latency_p99_9_us", micros(h.getValueAtPercentile(99.9)));
    into.put("latency_max_us", micros(h.getMaxValue()));
  }

  private static double micros(long nanos) {
    return Math.round(nanos / 100.0) / 10.0;
  }

  static double perSecond(long count, long nanos) {
    return nanos <= 0 ? 0 : Math.round(count * 1e9 / nanos * 10) / 10.0;
  }

  /**
   * The median of each number over several runs of one target (the lower middle for an even
   * count); other values are taken from the first run.
   */
  static JsonObject median(List<JsonObject> runs) {
    JsonObject out = new JsonObject();
    for (String key : runs.get(0).fieldNames()) {
      Object first = runs.get(0).getValue(key);
      if (first instanceof Number) {
        List<Double> values = new ArrayList<>();
        for (JsonObject run : runs) {
          Object v = run.getValue(key);
          if (v instanceof Number n) {
            values.add(n.doubleValue());
          }
        }
        values.sort(null);
        double m = values.get((values.size() - 1) / 2);
        out.put(key, first instanceof Double || first instanceof Float ? (Object) m : (Object) (long) m);
      } else {
        out.put(key, first);
      }
    }
    if (runs.size() > 1) {
      JsonArray each = new JsonArray();
      runs.forEach(each::add);
      out.put("runs", each);
    }
    return out;
  }

  /** Resident set size of a process, from /proc; -1 if it cannot be read. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * Java heap in use in a JVM (young and old generations of Parallel and Serial, or G1's heap), from {@code jcmd
   * GC.heap_info}; -1 if it cannot be read. Tells how much of an RSS change is live objects.
   */
  static long heapUsedBytes(long pid) {
    try {
      Process p = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      long used = 0;
      boolean found = false;
      Pattern pattern = Pattern.compile("total \\d+K, used (\\d+)K");
      for (String line : text.split("\n")) {
        if ((line.contains("Gen") || line.contains("generation") || line.contains("heap")) && !line.contains("Metaspace") && !line.contains("class space")) {
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            used += Long.parseLong(m.group(1)) * 1024;
            found = true;
          }
        }
      }
      return found ? used : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The jcmd of the JDK running the bench (it need not be on the PATH), else whichever is. */
  private static String jcmd() {
    Path own = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(own) ? own.toString() : "jcmd";
  }

  /** Asks a JVM to collect its garbage (jcmd GC.run), so that RSS reflects live data. */
  static void fullGc(long pid) {
    try {
      Process p = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no jcmd: RSS without a collection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
