package io.chatnode.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The workloads, each run against one target (chatnode at one or more addresses, or Redis) and
 * returning its numbers as a flat JSON object. The driver thread only orchestrates and waits; the
 * load runs on the client's event loops, and the driver reads their counters through each
 * connection's own context once the load is over.
 */
final class Workloads {

  private final Vertx vertx;
  private final NetClient client;
  private final BenchCommand o;

  Workloads(Vertx vertx, NetClient client, BenchCommand options) {
    this.vertx = vertx;
    this.client = client;
    this.o = options;
  }

  // ---- fanout (and cluster, soak) ----------------------------------------------------------

  private record SubSnap(long received, long inWindow, long violations, long malformed, long first, long last,
      boolean closed, Histogram latency, long seqViolations, long mappingViolations) {}

  private record PubSnap(long sent, long acked, long inWindow, long lastAck, long errors, long pushes, boolean closed) {}

  JsonObject fanout(Proto proto, List<Endpoint> nodes) throws Exception {
    Window window = new Window();
    List<Subscriber> subs = new ArrayList<>();
    List<Subscriber> stalled = new ArrayList<>();
    List<Publisher> pubs = new ArrayList<>();
    List<Future<Void>> readies = new ArrayList<>();
    int[] subscribersByNode = new int[nodes.size()];
    // tags: every subscriber checks the room's seqs, and all of them against one ledger
    SeqLedger ledger = o.tags && proto == Proto.CHATNODE ? new SeqLedger() : null;
    for (int i = 0; i < o.subscribers; i++) {
      Subscriber s = new Subscriber(proto, o.room, o.publishers + 1, window, false, ledger);
      subs.add(s);
      subscribersByNode[i % nodes.size()]++;
      readies.add(s.connect(vertx, client, nodes.get(i % nodes.size())));
    }
    for (int i = 0; i < o.slow; i++) {
      Subscriber s = new Subscriber(proto, o.room, o.publishers + 1, window, true, ledger);
      stalled.add(s);
      readies.add(s.connect(vertx, client, nodes.get(0)));
    }
    for (int i = 0; i < o.publishers; i++) {
      Publisher p = new Publisher(proto, o.room, i + 1, o.window, o.maxMessages, o.size, window, o.tags);
      pubs.add(p);
      readies.add(p.connect(vertx, client, nodes.get(i % nodes.size())));
    }
    List<BenchConn> all = new ArrayList<>(subs);
    all.addAll(stalled);
    all.addAll(pubs);
    try {
      await(Future.all(readies), 120, "connecting and subscribing");
      // Live heap (after a full collection) with everyone connected, before and after the load:
      // what the node keeps per message, if anything, shows as growth here, apart from garbage.
      long liveHeapBefore = o.nodePid > 0 ? liveHeapBytes(o.nodePid) : -1;
      RssSampler rss = o.nodePid > 0 ? new RssSampler(o.nodePid, o.sampleMs) : null;
      runWindow(window, pubs, "publishers");
      List<PubSnap> pubSnaps = new ArrayList<>();
      for (Publisher p : pubs) {
        pubSnaps.add(await(p.onContext(() -> new PubSnap(p.sent, p.answered, p.answeredInWindow, p.lastAnswer, p.errors,
            p.pushesReceived, p.isClosed)), 30, "reading a publisher"));
      }
      long sent = pubSnaps.stream().mapToLong(PubSnap::sent).sum();
      List<Future<Void>> completes = new ArrayList<>();
      for (Subscriber s : subs) {
        completes.add(s.onContext(() -> {
          s.expect(sent);
          return null;
        }).compose(v -> s.complete.future()));
      }
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.drain);
      try {
        await(Future.all(completes), o.drain, "deliveries draining");
      } catch (TimeoutException e) {
        // counted below as losses
      }
      long drainedInNanos = Math.max(0, TimeUnit.SECONDS.toNanos(o.drain) - (drainDeadline - System.nanoTime()));
      List<SubSnap> subSnaps = new ArrayList<>();
      for (Subscriber s : subs) {
        subSnaps.add(await(s.onContext(() -> new SubSnap(s.received, s.inWindow, s.orderViolations, s.malformed,
            s.firstReceipt, s.lastReceipt, s.isClosed, s.latency.copy(), s.seqViolations, s.mappingViolations)), 30,
            "reading a subscriber"));
      }
      JsonArray rssSamples = rss == null ? null : rss.stop();
      long liveHeapAfter = o.nodePid > 0 ? liveHeapBytes(o.nodePid) : -1;
      long publisherPushes = 0; // read after the drain: they arrive alongside the subscribers' deliveries
      for (Publisher p : pubs) {
        publisherPushes += await(p.onContext(() -> p.pushesReceived), 30, "reading a publisher");
      }

      Histogram latency = Stats.newHistogram();
      long received = 0;
      long inWindow = 0;
      long violations = 0;
      long malformed = 0;
      long lastReceipt = 0;
      int closedSubs = 0;
      long[] deliveriesByNode = new long[nodes.size()];
      for (int i = 0; i < subSnaps.size(); i++) {
        SubSnap s = subSnaps.get(i);
        latency.add(s.latency());
        received += s.received();
        inWindow += s.inWindow();
        violations += s.violations();
        malformed += s.malformed();
        lastReceipt = Math.max(lastReceipt, s.last());
        closedSubs += s.closed() ? 1 : 0;
        deliveriesByNode[i % nodes.size()] += s.received();
      }
      long lastAck = pubSnaps.stream().mapToLong(PubSnap::lastAck).max().orElse(0);
      long expected = sent * subs.size();
      JsonObject r = new JsonObject()
          .put("target", proto.label())
          .put("nodes", nodes.size())
          .put("subscribers", o.subscribers)
          .put("publishers", o.publishers)
          .put("size", o.size)
          .put("window", o.window)
          .put("messages", sent)
          .put("messages_per_s", Stats.perSecond(pubSnaps.stream().mapToLong(PubSnap::inWindow).sum(),
              Math.min(window.to, lastAck) - window.from))
          .put("deliveries", received)
          .put("deliveries_per_s", Stats.perSecond(inWindow, Math.min(window.to, lastReceipt) - window.from))
          .put("expected_deliveries", expected)
          .put("losses", Math.max(0, expected - received))
          .put("order_violations", violations)
          .put("malformed", malformed)
          .put("publish_errors", pubSnaps.stream().mapToLong(PubSnap::errors).sum())
          .put("disconnected", closedSubs + (int) pubSnaps.stream().filter(PubSnap::closed).count())
          .put("drain_ms", TimeUnit.NANOSECONDS.toMillis(drainedInNanos));
      if (ledger != null) {
        r.put("tags", true)
            .put("seq_violations", subSnaps.stream().mapToLong(SubSnap::seqViolations).sum())
            .put("mapping_violations", subSnaps.stream().mapToLong(SubSnap::mappingViolations).sum());
      }
      if (proto == Proto.CHATNODE) {
        // every publisher is a room member too, and gets the other publishers' messages
        r.put("publisher_pushes", publisherPushes);
        r.put("publisher_pushes_expected", sent * (o.publishers - 1));
      }
      Stats.putLatency(r, latency);
      if (o.slow > 0) {
        int kicked = 0;
        // a paused socket sees its close only after the data queued before it: let it read on, and
        // see whether the node had closed it
        for (Subscriber s : stalled) {
          s.onContext(() -> s.socket.resume());
        }
        for (Subscriber s : stalled) {
          try {
            await(s.closed.future(), 5, "a slow consumer's close");
            kicked++;
          } catch (TimeoutException e) {
            // still open: the node did not disconnect it
          }
        }
        r.put("slow_consumers", o.slow).put("slow_disconnected", kicked);
      }
      if (nodes.size() > 1) {
        JsonArray byNode = new JsonArray();
        for (int i = 0; i < nodes.size(); i++) {
          byNode.add(new JsonObject().put("node", nodes.get(i).toString())
              .put("subscribers", subscribersByNode[i]).put("deliveries", deliveriesByNode[i]));
        }
        r.put("by_node", byNode);
      }
      if (rssSamples != null) {
        putRss(r, rssSamples);
      }
      if (liveHeapBefore > 0 && liveHeapAfter > 0) {
        r.put("live_heap_before_mib", mib(liveHeapBefore))
            .put("live_heap_after_mib", mib(liveHeapAfter))
            .put("live_heap_growth", Math.round(liveHeapAfter * 1000.0 / liveHeapBefore) / 1000.0);
      }
      o.histograms.put(proto.label() + "-" + o.workload, latency);
      return r;
    } finally {
      closeAll(all);
    }
  }

  private static void putRss(JsonObject r, JsonArray samples) {
    long first = samples.isEmpty() ? -1 : samples.getLong(0);
    long last = samples.isEmpty() ? -1 : samples.getLong(samples.size() - 1);
    long max = 0;
    for (int i = 0; i < samples.size(); i++) {
      max = Math.max(max, samples.getLong(i));
    }
    // the second half against the first: flat memory keeps this near 1.0
    int half = samples.size() / 2;
    long firstHalfMax = 0;
    long secondHalfMax = 0;
    for (int i = 0; i < samples.size(); i++) {
      if (i < half) {
        firstHalfMax = Math.max(firstHalfMax, samples.getLong(i));
      } else {
        secondHalfMax = Math.max(secondHalfMax, samples.getLong(i));
      }
    }
    r.put("rss_samples", samples.size())
        .put("rss_first_mib", mib(first))
        .put("rss_last_mib", mib(last))
        .put("rss_max_mib", mib(max))
        .put("rss_growth_second_half", firstHalfMax == 0 ? 0.0 : Math.round(secondHalfMax * 1000.0 / firstHalfMax) / 1000.0)
        .put("rss_series_mib", new JsonArray(samples.stream().map(v -> mib(((Number) v).longValue())).toList()));
  }

  private static double mib(long bytes) {
    return Math.round(bytes / 1048576.0 * 10) / 10.0;
  }

  // ---- resume -------------------------------------------------------------------------------

  private record ResumeSnap(long sessions, long requests, long applied, long duplicates, long overlap,
      long reportedLost, long stepsBack, long lostNotices, long errors, long malformed, long unplanned, long missing, Histogram fill) {}

  /**
   * Paced publishers say into a fresh room while resumers keep leaving and coming back (to the
   * next node), filling each gap with {@code history ... after}; once the publishers are done,
   * each resumer fills up to the newest and must then have every message once.
   */
  JsonObject resume(List<Endpoint> nodes) throws Exception {
    Window window = new Window();
    String room = o.room + "-r" + Long.toString(System.nanoTime() % 1_000_000_000L, 36); // seqs of this run only
    List<Publisher> pubs = new ArrayList<>();
    List<Resumer> resumers = new ArrayList<>();
    List<Future<Void>> readies = new ArrayList<>();
    for (int i = 0; i < o.resumers; i++) {
      Resumer r = new Resumer(vertx, client, nodes, i, room, o.stayMs, o.awayMs);
      resumers.add(r);
      readies.add(r.start());
    }
    for (int i = 0; i < o.publishers; i++) {
      Publisher p = new Publisher(Proto.CHATNODE, room, i + 1, o.window, o.maxMessages, o.size, window, true);
      p.pace(Math.max(1, o.rate / o.publishers));
      pubs.add(p);
      readies.add(p.connect(vertx, client, nodes.get(i % nodes.size())));
    }
    try {
      await(Future.all(readies), 120, "connecting and joining");
      runWindow(window, pubs, "publishers");
      long[] sent = new long[o.publishers + 1];
      long errors = 0;
      for (int i = 0; i < pubs.size(); i++) {
        Publisher p = pubs.get(i);
        sent[i + 1] = await(p.onContext(() -> p.sent), 30, "reading a publisher");
        errors += await(p.onContext(() -> p.errors), 30, "reading a publisher");
      }
      List<Future<Void>> finished = new ArrayList<>();
      for (Resumer r : resumers) {
        finished.add(r.onContext(r::finish).compose(v -> r.finished.future()));
      }
      try {
        await(Future.all(finished), o.drain, "resumers catching up");
      } catch (TimeoutException e) {
        // what they lack shows as missing
      }
      List<ResumeSnap> snaps = new ArrayList<>();
      for (Resumer r : resumers) {
        snaps.add(await(r.onContext(() -> new ResumeSnap(r.sessions, r.historyRequests, r.log.applied,
            r.log.duplicates, r.log.overlap, r.log.reportedLost, r.log.liveStepsBack, r.lostNotices, r.errors, r.malformed,
            r.unplannedCloses, r.log.missing(sent), r.fillLatency.copy())), 30, "reading a resumer"));
      }
      Histogram fill = Stats.newHistogram();
      snaps.forEach(s -> fill.add(s.fill()));
      long messages = 0;
      for (long n : sent) {
        messages += n;
      }
      JsonObject r = new JsonObject()
          .put("target", "chatnode")
          .put("nodes", nodes.size())
          .put("resumers", o.resumers)
          .put("publishers", o.publishers)
          .put("rate", o.rate)
          .put("stay_ms", o.stayMs)
          .put("away_ms", o.awayMs)
          .put("messages", messages)
          .put("expected_deliveries", messages * o.resumers)
          .put("resumes", snaps.stream().mapToLong(ResumeSnap::sessions).sum() - o.resumers)
          .put("history_requests", snaps.stream().mapToLong(ResumeSnap::requests).sum())
          .put("applied", snaps.stream().mapToLong(ResumeSnap::applied).sum())
          .put("missing", snaps.stream().mapToLong(ResumeSnap::missing).sum())
          .put("duplicates", snaps.stream().mapToLong(ResumeSnap::duplicates).sum())
          .put("overlap_dropped", snaps.stream().mapToLong(ResumeSnap::overlap).sum())
          .put("reported_lost", snaps.stream().mapToLong(ResumeSnap::reportedLost).sum())
          .put("live_steps_back", snaps.stream().mapToLong(ResumeSnap::stepsBack).sum())
          .put("lost_notices", snaps.stream().mapToLong(ResumeSnap::lostNotices).sum())
          .put("unplanned_closes", snaps.stream().mapToLong(ResumeSnap::unplanned).sum())
          .put("malformed", snaps.stream().mapToLong(ResumeSnap::malformed).sum())
          .put("errors", snaps.stream().mapToLong(ResumeSnap::errors).sum())
          .put("publish_errors", errors)
          .put("fill_samples", fill.getTotalCount())
          .put("fill_p50_us", Math.round(fill.getValueAtPercentile(50.0) / 100.0) / 10.0)
          .put("fill_p99_us", Math.round(fill.getValueAtPercentile(99.0) / 100.0) / 10.0)
          .put("fill_max_us", Math.round(fill.getMaxValue() / 100.0) / 10.0);
      o.histograms.put("chatnode-resume-fill", fill);
      return r;
    } finally {
      List<Future<Void>> stops = new ArrayList<>();
      for (Resumer r : resumers) {
        stops.add(r.onContext(r::stop).compose(f -> f));
      }
      try {
        await(Future.join(stops), 60, "closing");
      } catch (Exception e) {
        // the process ends soon anyway
      }
      closeAll(new ArrayList<>(pubs));
    }
  }

  // ---- reqrep -------------------------------------------------------------------------------

  private record ReqSnap(long sent, long replies, long inWindow, long last, long errors, long wrong, boolean closed,
      Histogram latency) {}

  JsonObject reqrep(Proto proto, List<Endpoint> nodes) throws Exception {
    Window window = new Window();
    List<Requester> reqs = new ArrayList<>();
    List<Future<Void>> readies = new ArrayList<>();
    for (int i = 0; i < o.clients; i++) {
      Requester q = new Requester(proto, o.depth, o.maxMessages, o.echoSize, window);
      reqs.add(q);
      readies.add(q.connect(vertx, client, nodes.get(i % nodes.size())));
    }
    try {
      await(Future.all(readies), 120, "connecting");
      runWindow(window, reqs, "clients");
      Histogram latency = Stats.newHistogram();
      long sent = 0;
      long replies = 0;
      long inWindow = 0;
      long last = 0;
      long errors = 0;
      long wrong = 0;
      int closed = 0;
      for (Requester q : reqs) {
        ReqSnap s = await(q.onContext(() -> new ReqSnap(q.sent, q.answered, q.answeredInWindow, q.lastAnswer, q.errors,
            q.wrong, q.isClosed, q.latency.copy())), 30, "reading a client");
        latency.add(s.latency());
        sent += s.sent();
        replies += s.replies();
        inWindow += s.inWindow();
        last = Math.max(last, s.last());
        errors += s.errors();
        wrong += s.wrong();
        closed += s.closed() ? 1 : 0;
      }
      JsonObject r = new JsonObject()
          .put("target", proto.label())
          .put("clients", o.clients)
          .put("depth", o.depth)
          .put("size", o.echoSize)
          .put("requests", sent)
          .put("replies", replies)
          .put("replies_per_s", Stats.perSecond(inWindow, Math.min(window.to, last) - window.from))
          .put("missing_replies", sent - replies)
          .put("error_replies", errors)
          .put("wrong_replies", wrong)
          .put("disconnected", closed);
      Stats.putLatency(r, latency);
      o.histograms.put(proto.label() + "-" + o.workload, latency);
      return r;
    } finally {
      closeAll(new ArrayList<>(reqs));
    }
  }

  /** Opens the measuring window (after the warm-up) and lets the senders run until each is done. */
  private void runWindow(Window window, List<? extends PipelinedConn> senders, String what) throws Exception {
    window.start(TimeUnit.SECONDS.toNanos(o.warmup), TimeUnit.SECONDS.toNanos(o.duration));
    List<Future<Void>> starts = new ArrayList<>();
    for (PipelinedConn sender : senders) {
      starts.add(sender.onContext(sender::start).mapEmpty());
    }
    await(Future.all(starts), 30, "starting " + what);
    List<Future<Void>> dones = new ArrayList<>();
    senders.forEach(sender -> dones.add(sender.done.future()));
    await(Future.all(dones), o.warmup + o.duration + 120, what + " finishing");
  }

  private static long liveHeapBytes(long pid) {
    Stats.fullGc(pid);
    return Stats.heapUsedBytes(pid);
  }

  // ---- conns --------------------------------------------------------------------------------

  JsonObject conns(List<Endpoint> nodes) throws Exception {
    long rssBefore = -1;
    long heapBefore = -1;
    if (o.nodePid > 0) {
      Stats.fullGc(o.nodePid);
      rssBefore = Stats.rssBytes(o.nodePid);
      heapBefore = Stats.heapUsedBytes(o.nodePid);
    }
    List<BenchConn> held = new ArrayList<>();
    long opened = 0;
    long refused = 0;
    long started = System.nanoTime();
    try {
      for (int from = 0; from < o.connections; from += o.connectBatch) {
        List<Future<Void>> batch = new ArrayList<>();
        for (int i = from; i < Math.min(o.connections, from + o.connectBatch); i++) {
          IdleConn c = new IdleConn(null);
          held.add(c);
          batch.add(c.connect(vertx, client, nodes.get(i % nodes.size())));
        }
        await(Future.join(batch).otherwiseEmpty(), 120, "connecting");
        for (Future<Void> f : batch) {
          if (f.succeeded()) {
            opened++;
          } else {
            refused++;
          }
        }
      }
      long openNanos = System.nanoTime() - started;
      if (o.settle > 0) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(o.settle)); // let the node's allocations settle
      }
      long nodeConnections = 0;
      for (Endpoint node : nodes) {
        IdleConn probe = new IdleConn("stats");
        held.add(probe);
        try {
          await(probe.connect(vertx, client, node), 60, "asking for stats");
        } catch (IllegalStateException e) {
          nodeConnections = -1; // refused (a full node): unknown
          break;
        }
        for (String pair : probe.reply.split(" ")) {
          if (pair.startsWith("connections=")) {
            nodeConnections += Long.parseLong(pair.substring("connections=".length())) - 1; // not the probe
          }
        }
      }
      JsonObject r = new JsonObject()
          .put("target", "chatnode")
          .put("connections", o.connections)
          .put("opened", opened)
          .put("refused", refused)
          .put("node_connections", nodeConnections)
          .put("open_s", Math.round(openNanos / 1e7) / 100.0);
      if (o.nodePid > 0) {
        Stats.fullGc(o.nodePid);
        long rssAfter = Stats.rssBytes(o.nodePid);
        long heapAfter = Stats.heapUsedBytes(o.nodePid);
        r.put("rss_before_mib", mib(rssBefore))
            .put("rss_after_mib", mib(rssAfter))
            .put("rss_per_connection_bytes", opened == 0 ? 0 : (rssAfter - rssBefore) / opened)
            .put("heap_before_mib", mib(heapBefore))
            .put("heap_after_mib", mib(heapAfter))
            .put("heap_per_connection_bytes", opened == 0 || heapBefore < 0 ? -1 : (heapAfter - heapBefore) / opened);
      }
      return r;
    } finally {
      closeAll(held);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private void closeAll(List<BenchConn> conns) throws Exception {
    for (int from = 0; from < conns.size(); from += o.connectBatch) {
      List<Future<Void>> batch = new ArrayList<>();
      for (BenchConn c : conns.subList(from, Math.min(conns.size(), from + o.connectBatch))) {
        batch.add(c.close());
      }
      try {
        await(Future.join(batch), 60, "closing");
      } catch (TimeoutException e) {
        // the process ends soon anyway
      }
    }
  }

  static <T> T await(Future<T> future, long seconds, String what) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException(what + ": no completion within " + seconds + " s");
    }
  }

  /** Samples a process's RSS on its own thread while the load runs. */
  private static final class RssSampler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-rss");
      t.setDaemon(true);
      return t;
    });
    private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());

    RssSampler(long pid, long periodMs) {
      timer.scheduleAtFixedRate(() -> samples.add(Stats.rssBytes(pid)), 0, periodMs, TimeUnit.MILLISECONDS);
    }

    JsonArray stop() throws InterruptedException {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
      synchronized (samples) {
        return new JsonArray(new ArrayList<>(samples));
      }
    }
  }
}
