package io.chatnode.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The bench against a real in-process node (and a fake Redis) on a small load: its counters must
 * come out exact: every message delivered to every subscriber once, in order, nothing lost.
 * Nothing here is timed; rates and latencies are only checked to be there.
 */
@ExtendWith(VertxExtension.class)
class BenchTest {

  private Vertx vertx;
  private ChatNode node;

  @BeforeEach
  void startNode(Vertx vertx) {
    this.vertx = vertx;
    // flood control off and no lobby, as bench/run.sh runs the node
    this.node = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0).put("lobby", ""));
  }

  private JsonObject bench(String... args) throws Exception {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command.run(vertx);
  }

  private String nodeAddress() {
    return "127.0.0.1:" + node.port();
  }

  @Test
  void fanoutDeliversEveryMessageToEverySubscriberOnceAndInOrder() throws Exception {
    JsonObject report = bench("fanout", "--node", nodeAddress(), "-S", "5", "-P", "3", "-W", "4",
        "--max-messages", "200", "--warmup", "0", "--duration", "60");
    JsonObject r = report.getJsonObject("chatnode");
    assertEquals(600, r.getLong("messages"), r.encodePrettily());
    assertEquals(3000, r.getLong("deliveries"));
    assertEquals(3000, r.getLong("expected_deliveries"));
    assertEquals(0, r.getLong("losses"));
    assertEquals(0, r.getLong("order_violations"));
    assertEquals(0, r.getLong("malformed"));
    assertEquals(0, r.getLong("publish_errors"));
    assertEquals(0, r.getLong("disconnected"));
    // each publisher is a member too and gets the two other publishers' 400 messages
    assertEquals(1200, r.getLong("publisher_pushes"));
    assertEquals(1200, r.getLong("publisher_pushes_expected"));
    // with no warm-up every delivery is measured
    assertEquals(3000, r.getLong("latency_samples"));
    assertTrue(r.getDouble("deliveries_per_s") > 0);
    assertTrue(r.getDouble("latency_max_us") >= r.getDouble("latency_p50_us"));
  }

  @Test
  void aStalledSubscriberIsDisconnectedAndTheOthersLoseNothing(Vertx vertx) throws Exception {
    // a small outbound limit on the node; 30 MB of pushes overflow the loopback socket buffers
    ChatNode small = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0).put("lobby", "")
        .put("limits.maxOutboundBytes", 16384));
    JsonObject r = bench("fanout", "--node", "127.0.0.1:" + small.port(), "-S", "2", "-P", "1", "-W", "8",
        "--slow", "1", "--size", "3000", "--max-messages", "10000", "--warmup", "0", "--duration", "120")
        .getJsonObject("chatnode");
    assertEquals(1, r.getInteger("slow_disconnected"), r.encodePrettily());
    assertEquals(20000, r.getLong("deliveries"), r.encodePrettily());
    assertEquals(0, r.getLong("losses"));
    assertEquals(0, r.getLong("order_violations"));
    assertEquals(0, r.getLong("disconnected"));
  }

  /** Subscribers only read; they ping within the idle timeout the node advertises, so long runs keep them. */
  @Test
  void subscribersOutliveTheNodesIdleTimeout(Vertx vertx) throws Exception {
    ChatNode strict = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 0).put("lobby", "")
        .put("limits.idleTimeoutSeconds", 1));
    JsonObject r = bench("fanout", "--node", "127.0.0.1:" + strict.port(), "-S", "3", "-P", "1", "-W", "1",
        "--warmup", "0", "--duration", "3").getJsonObject("chatnode");
    assertEquals(0, r.getLong("disconnected"), r.encodePrettily());
    assertEquals(0, r.getLong("losses"));
    assertEquals(r.getLong("expected_deliveries"), r.getLong("deliveries"));
    assertTrue(r.getLong("messages") > 0);
  }

  /** The soak samples the node's RSS and weighs its live heap before and after (here the node is this JVM). */
  @Test
  void soakReportsTheNodesMemory() throws Exception {
    long pid = ProcessHandle.current().pid();
    JsonObject r = bench("soak", "--node", nodeAddress(), "-S", "3", "-P", "1", "-W", "2", "--warmup", "0",
        "--duration", "2", "--sample-ms", "200", "--node-pid", Long.toString(pid)).getJsonObject("chatnode");
    assertEquals(0, r.getLong("losses"), r.encodePrettily());
    assertEquals(0, r.getLong("disconnected"));
    assertTrue(r.getInteger("rss_samples") >= 2);
    assertTrue(r.getDouble("rss_max_mib") >= r.getDouble("rss_first_mib"));
    assertTrue(r.getDouble("live_heap_before_mib") > 0);
    assertTrue(r.getDouble("live_heap_after_mib") > 0);
    assertTrue(r.getDouble("live_heap_growth") > 0);
  }

  @Test
  void floodControlShowsAsPublishErrorsAndLosses(Vertx vertx) throws Exception {
    ChatNode limited = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 1).put("limits.chatBurst", 5)
        .put("lobby", ""));
    JsonObject r = bench("fanout", "--node", "127.0.0.1:" + limited.port(), "-S", "2", "-P", "1", "-W", "1",
        "--max-messages", "20", "--warmup", "0", "--duration", "60", "--drain", "2").getJsonObject("chatnode");
    assertEquals(20, r.getLong("messages"));
    assertEquals(15, r.getLong("publish_errors"), r.encodePrettily());
    assertEquals(30, r.getLong("losses"));
    assertEquals(10, r.getLong("deliveries"));
  }

  @Test
  void reqrepGetsEveryPipelinedEchoBackRight() throws Exception {
    JsonObject r = bench("reqrep", "--node", nodeAddress(), "-C", "4", "-D", "8", "--max-messages", "250",
        "--warmup", "0", "--duration", "60").getJsonObject("chatnode");
    assertEquals(1000, r.getLong("requests"), r.encodePrettily());
    assertEquals(1000, r.getLong("replies"));
    assertEquals(0, r.getLong("missing_replies"));
    assertEquals(0, r.getLong("error_replies"));
    assertEquals(0, r.getLong("wrong_replies"));
    assertEquals(1000, r.getLong("latency_samples"));
  }

  @Test
  void connsHoldsConnectionsTheNodeCounts() throws Exception {
    JsonObject r = bench("conns", "--node", nodeAddress(), "-N", "60", "--connect-batch", "25", "--settle", "0")
        .getJsonObject("chatnode");
    assertEquals(60, r.getLong("opened"), r.encodePrettily());
    assertEquals(0, r.getLong("refused"));
    assertEquals(60, r.getLong("node_connections"));
  }

  @Test
  void connsCountsRefusalsWhenTheNodeIsFull(Vertx vertx) throws Exception {
    ChatNode small = TestNodes.start(vertx, new JsonObject().put("limits.maxConnections", 10).put("lobby", ""));
    JsonObject r = bench("conns", "--node", "127.0.0.1:" + small.port(), "-N", "12", "--connect-batch", "12",
        "--settle", "0").getJsonObject("chatnode");
    assertEquals(10, r.getLong("opened"), r.encodePrettily());
    assertEquals(2, r.getLong("refused"));
    assertEquals(-1, r.getLong("node_connections")); // the stats probe is refused too
  }

  @Test
  void clusterSpreadsSubscribersOverTheNodesGiven() throws Exception {
    // one node named twice: the workload's spreading and per-node accounting, before a real cluster exists
    JsonObject r = bench("cluster", "--node", nodeAddress() + "," + nodeAddress(), "-S", "6", "-P", "2",
        "--max-messages", "50", "--warmup", "0", "--duration", "60").getJsonObject("chatnode");
    assertEquals(2, r.getInteger("nodes"));
    assertEquals(600, r.getLong("deliveries"), r.encodePrettily());
    assertEquals(0, r.getLong("losses"));
    assertEquals(0, r.getLong("order_violations"));
    JsonArray byNode = r.getJsonArray("by_node");
    assertEquals(2, byNode.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(3, byNode.getJsonObject(i).getInteger("subscribers"));
      assertEquals(300, byNode.getJsonObject(i).getLong("deliveries"));
    }
  }

  @Test
  void compareRedisRunsTheSameShapesOverResp() throws Exception {
    FakeRedis redis = FakeRedis.start(vertx);
    String redisAddress = "127.0.0.1:" + redis.port();
    JsonObject fan = bench("fanout", "--node", nodeAddress(), "--compare", "redis", "--redis", redisAddress,
        "-S", "4", "-P", "2", "-W", "3", "--max-messages", "100", "--warmup", "0", "--duration", "60");
    JsonObject theirs = fan.getJsonObject("redis");
    assertEquals("redis", theirs.getString("target"));
    assertEquals(200, theirs.getLong("messages"), theirs.encodePrettily());
    assertEquals(800, theirs.getLong("deliveries"));
    assertEquals(0, theirs.getLong("losses"));
    assertEquals(0, theirs.getLong("order_violations"));
    assertEquals(800, fan.getJsonObject("chatnode").getLong("deliveries"));
    assertNotNull(fan.getJsonObject("ratios").getDouble("deliveries_per_s"));

    JsonObject req = bench("reqrep", "--node", nodeAddress(), "--compare", "redis", "--redis", redisAddress,
        "-C", "3", "-D", "5", "--max-messages", "100", "--warmup", "0", "--duration", "60");
    JsonObject r = req.getJsonObject("redis");
    assertEquals(300, r.getLong("replies"), r.encodePrettily());
    assertEquals(0, r.getLong("wrong_replies"));
    assertEquals(0, r.getLong("error_replies"));
    assertEquals(300, req.getJsonObject("chatnode").getLong("replies"));
    assertNotNull(req.getJsonObject("ratios").getDouble("replies_per_s"));
  }

  @Test
  void repeatReportsTheMedianOfTheRuns() throws Exception {
    JsonObject r = bench("reqrep", "--node", nodeAddress(), "-C", "2", "-D", "2", "--max-messages", "30",
        "--warmup", "0", "--duration", "60", "--repeat", "3").getJsonObject("chatnode");
    assertEquals(3, r.getJsonArray("runs").size());
    assertEquals(60, r.getLong("replies"));
  }

  @Test
  void commandLinePrintsOneJsonObjectAndWritesHistograms(@TempDir Path dir) {
    BenchCommand command = new BenchCommand();
    CommandLine cli = new CommandLine(command);
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("reqrep", "--node", nodeAddress(), "-C", "2", "-D", "4", "--max-messages", "40",
        "--warmup", "0", "--duration", "60", "--json", "--hgrm-dir", dir.toString());
    assertEquals(0, exit);
    JsonObject report = new JsonObject(out.toString().trim());
    assertEquals("reqrep", report.getString("workload"));
    assertEquals(80, report.getJsonObject("chatnode").getLong("replies"));
    assertTrue(Files.exists(dir.resolve("chatnode-reqrep.hgrm")));
  }

  @Test
  void tablePrintsEveryNumberWithRatios() {
    JsonObject report = new JsonObject().put("workload", "fanout").put("repeat", 1).put("warmup_s", 0)
        .put("duration_s", 1)
        .put("chatnode", new JsonObject().put("deliveries_per_s", 50.0))
        .put("redis", new JsonObject().put("deliveries_per_s", 100.0));
    report.put("ratios", BenchCommand.ratios(report.getJsonObject("chatnode"), report.getJsonObject("redis")));
    String table = BenchCommand.table(report);
    assertTrue(table.matches("(?s).*deliveries_per_s\\s+50\\.0\\s+100\\.0\\s+0\\.5\\n.*"), table);
  }

  @Test
  void loopbackOnly() {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs("fanout", "--node", "10.0.0.1:6254");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> command.run(vertx));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
  }

  @Test
  void subscriberCountsOrderViolationsAndMalformedLines() {
    Window window = new Window();
    window.start(0, 60_000_000_000L);
    Subscriber s = new Subscriber(Proto.CHATNODE, "bench", 3, window, false);
    List<Long> seqs = new ArrayList<>(List.of(1L, 2L, 4L, 3L, 5L));
    for (long seq : seqs) {
      byte[] line = new byte[200];
      byte[] head = "msg bench guest-abc ".getBytes();
      System.arraycopy(head, 0, line, 0, head.length);
      int end = Payload.write(line, head.length, 64, 1, seq, System.nanoTime());
      s.onLine(line, end);
    }
    byte[] junk = "msg bench guest-abc not a payload".getBytes();
    s.onLine(junk, junk.length);
    byte[] joined = "joined bench guest-xyz".getBytes();
    s.onLine(joined, joined.length);
    assertEquals(5, s.received);
    // 4 after 2 is a gap, 3 after 4 goes backwards, 5 after 4 is in order again
    assertEquals(2, s.orderViolations);
    assertEquals(1, s.malformed);
  }

  @Test
  void payloadRoundTrips() {
    byte[] out = new byte[64];
    assertEquals(64, Payload.write(out, 0, 64, 12, 34567, Long.MAX_VALUE));
    long[] fields = new long[3];
    assertTrue(Payload.read(out, 0, 64, fields));
    assertEquals(12, fields[0]);
    assertEquals(34567, fields[1]);
    assertEquals(Long.MAX_VALUE, fields[2]);
    assertEquals('x', out[63]);
  }

  /** The bench's own failures are one line on stderr and an exit code, never a stack trace. */
  private int execute(StringBuilder err, String... args) {
    PrintStream saved = System.err;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      CommandLine cli = new CommandLine(new BenchCommand());
      cli.setOut(new PrintWriter(new StringWriter()));
      return cli.execute(args);
    } finally {
      System.setErr(saved);
      err.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void noNodeListeningIsOneLine() {
    StringBuilder err = new StringBuilder();
    assertEquals(2, execute(err, "reqrep", "--node", "127.0.0.1:1", "--warmup", "0", "--duration", "1"));
    assertTrue(err.toString().startsWith("chatnode bench: cannot reach 127.0.0.1:1: "), err.toString());
    assertTrue(err.toString().contains("./chatnode node starts one"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
  }

  @Test
  void aChatWorkloadIsRefusedAgainstANodeWithFloodControl(Vertx vertx) {
    ChatNode limited = TestNodes.start(vertx, new JsonObject().put("limits.chatRate", 10).put("lobby", ""));
    StringBuilder err = new StringBuilder();
    assertEquals(2, execute(err, "fanout", "--node", "127.0.0.1:" + limited.port(), "-S", "2", "-P", "1",
        "--warmup", "0", "--duration", "1"));
    assertEquals("chatnode bench: 127.0.0.1:" + limited.port() + " has flood control on (rate=10 chat lines/s per "
        + "connection, limits.chatRate): the publishers would be refused with rate_limited and nearly every delivery "
        + "lost. Run the node with CHATNODE_LIMITS_CHATRATE=0 (bench/run.sh does)\n", err.toString());
    assertEquals(0, execute(new StringBuilder(), "reqrep", "--node", "127.0.0.1:" + limited.port(), "-C", "1", "-D", "1",
        "--max-messages", "5", "--warmup", "0", "--duration", "60"), "echo is no chat: reqrep runs");
  }

  // ---- protocol 1.1: tags, the seq checks, resume ------------------------------------------

  @Test
  void fanoutWithTagsChecksEverySeqAndFindsThemInOrderAndAgreed() throws Exception {
    JsonObject r = bench("fanout", "--tags", "--node", nodeAddress(), "-S", "4", "-P", "3", "-W", "4",
        "--max-messages", "150", "--warmup", "0", "--duration", "60").getJsonObject("chatnode");
    assertEquals(true, r.getBoolean("tags"), r.encodePrettily());
    assertEquals(1800, r.getLong("deliveries"));
    assertEquals(0, r.getLong("losses"));
    assertEquals(0, r.getLong("malformed"));
    assertEquals(0, r.getLong("order_violations"));
    assertEquals(0, r.getLong("seq_violations"));
    assertEquals(0, r.getLong("mapping_violations"));
    // the publishers are 1.1 members too: their tagged pushes are counted as before
    assertEquals(900, r.getLong("publisher_pushes"));
  }

  @Test
  void resumersThatKeepLeavingEndWithEveryMessageOnce() throws Exception {
    JsonObject r = bench("resume", "--node", nodeAddress(), "-R", "3", "-P", "2", "--rate", "300",
        "--stay-ms", "150", "--away-ms", "150", "--warmup", "0", "--duration", "2").getJsonObject("chatnode");
    long messages = r.getLong("messages");
    assertTrue(messages > 100, r.encodePrettily());
    assertTrue(r.getLong("resumes") >= 3, r.encodePrettily());
    assertTrue(r.getLong("history_requests") >= 3, r.encodePrettily());
    assertEquals(0, r.getLong("missing"), r.encodePrettily());
    assertEquals(0, r.getLong("duplicates"));
    assertEquals(0, r.getLong("errors"));
    assertEquals(0, r.getLong("malformed"));
    assertEquals(0, r.getLong("unplanned_closes"));
    assertEquals(0, r.getLong("live_steps_back"));
    assertEquals(messages * 3, r.getLong("applied"));
  }

  @Test
  void resumeHasNoRedisTwin() {
    StringBuilder err = new StringBuilder();
    assertEquals(2, execute(err, "resume", "--node", nodeAddress(), "--compare", "redis"));
    assertEquals("chatnode bench: resume has no Redis twin\n", err.toString());
  }

  private static byte[] taggedMsg(long seq, int publisher, long publisherSeq) {
    byte[] line = new byte[200];
    byte[] head = ("@seq=" + seq + ";time=2026-11-24T10:15:30.123Z msg bench guest-abc ").getBytes();
    System.arraycopy(head, 0, line, 0, head.length);
    return java.util.Arrays.copyOf(line, Payload.write(line, head.length, 64, publisher, publisherSeq, System.nanoTime()));
  }

  @Test
  void taggedSubscribersCountSeqStepsBackAndDisagreementsBetweenThem() {
    Window window = new Window();
    window.start(0, 60_000_000_000L);
    SeqLedger ledger = new SeqLedger();
    Subscriber a = new Subscriber(Proto.CHATNODE, "bench", 3, window, false, ledger);
    Subscriber b = new Subscriber(Proto.CHATNODE, "bench", 3, window, false, ledger);
    for (byte[] l : List.of(taggedMsg(10, 1, 1), taggedMsg(11, 2, 1), taggedMsg(13, 1, 2))) {
      a.onLine(l, l.length);
    }
    // b: 11 carries another message than a saw under 11, and 12 after 13 steps back
    for (byte[] l : List.of(taggedMsg(10, 1, 1), taggedMsg(11, 1, 2), taggedMsg(13, 2, 1), taggedMsg(12, 2, 2))) {
      b.onLine(l, l.length);
    }
    assertEquals(0, a.seqViolations);
    assertEquals(0, a.mappingViolations);
    assertEquals(1, b.seqViolations);
    assertEquals(2, b.mappingViolations); // 11 and 13
    byte[] untagged = java.util.Arrays.copyOfRange(taggedMsg(14, 1, 3), "@seq=14;time=2026-11-24T10:15:30.123Z ".length(), 200);
    int len = untagged.length;
    while (untagged[len - 1] == 0) {
      len--;
    }
    a.onLine(untagged, len);
    assertEquals(1, a.malformed, "a msg without its tag word on a tags connection");
    assertEquals(3, a.received);
  }

  @Test
  void seqLedgerKeepsTheFirstMessageUnderEachSeqAcrossChunks() {
    SeqLedger ledger = new SeqLedger();
    SeqLedger.Cursor one = ledger.cursor();
    SeqLedger.Cursor two = ledger.cursor();
    assertTrue(one.agrees(5, SeqLedger.messageId(1, 0)));
    assertTrue(two.agrees(5, SeqLedger.messageId(1, 0)));
    assertTrue(!two.agrees(5, SeqLedger.messageId(0, 1)));
    assertTrue(one.agrees(1L << 20, SeqLedger.messageId(2, 7)));
    assertTrue(two.agrees(1L << 20, SeqLedger.messageId(2, 7)));
    assertTrue(!one.agrees(1L << 20, SeqLedger.messageId(2, 8)));
    assertTrue(one.agrees(5, SeqLedger.messageId(1, 0)), "back to the first chunk");
  }

  @Test
  void seqTagIsParsedAndAnythingElseIsNot() {
    long[] seq = new long[1];
    byte[] ok = "@seq=42;time=2026-11-24T10:15:30.123Z msg r n hi".getBytes();
    int at = Proto.seqTag(ok, ok.length, seq);
    assertEquals(42, seq[0]);
    assertEquals("msg r n hi", new String(ok, at, ok.length - at));
    for (String bad : List.of("msg r n hi", "@seq=;time=x msg", "@seq=4 msg r n hi", "@seq=4;time= msg", "@seq=4;time=x",
        "@time=2026-11-24T10:15:30.123Z dm n hi")) {
      assertEquals(-1, Proto.seqTag(bad.getBytes(), bad.length(), seq), bad);
    }
    byte[] hist = "hist bench 77 2026-11-24T10:15:30.123Z guest-a #1 2 3 x".getBytes();
    assertEquals(77, Proto.historySeq(hist, hist.length));
    assertEquals("#1 2 3 x", new String(hist, Proto.historyText(hist, hist.length), hist.length - Proto.historyText(hist, hist.length)));
    assertEquals(-1, Proto.historySeq("hist bench x".getBytes(), 12));
    assertEquals(12, Proto.numberAfter("ok count=3 latest=12 lost=4-9", " latest="));
    long[] lost = Resumer.lostRange("ok count=3 latest=12 lost=4-9");
    assertEquals(4, lost[0]);
    assertEquals(9, lost[1]);
    assertEquals(0, Resumer.lostRange("ok count=3 latest=12")[0]);
  }

  @Test
  void resumeLogHoldsLiveMessagesDuringAFillAndDropsWhatItHas() {
    ResumeLog log = new ResumeLog();
    log.live(1, 1, 1);
    log.live(2, 2, 1);
    // away; back: live 6 and 7 arrive while history fills 3..7
    log.startFill();
    log.live(6, 1, 3);
    log.live(7, 2, 3);
    log.history(3, 1, 2);
    log.history(4, 2, 2);
    assertTrue(!log.historyReply(2, 7, 0, 0), "count 2, the newest is 7: ask again after 4");
    assertEquals(4, log.highSeq);
    log.history(6, 1, 3);
    log.history(7, 2, 3);
    assertTrue(log.historyReply(2, 7, 0, 0));
    assertEquals(2, log.overlap, "the held 6 and 7 were had already");
    log.live(8, 1, 4);
    assertEquals(8, log.highSeq);
    assertEquals(7, log.applied);
    assertEquals(0, log.duplicates);
    // publisher 1 sent 4, publisher 2 sent 4: 2's fourth never came (seq 5 is a gap the node left)
    assertEquals(1, log.missing(new long[] {0, 4, 4}));
    // the same message again under a new seq is a duplicate
    log.live(9, 2, 3);
    assertEquals(1, log.duplicates);
    log.startFill();
    assertTrue(log.historyReply(0, 9, 2, 5));
    assertEquals(4, log.reportedLost);
    assertEquals(0, log.liveStepsBack);
  }

  @Test
  void resumeLogCountsLiveMessagesOutOfOrderOnOneConnectionOnly() {
    ResumeLog log = new ResumeLog();
    log.newConnection();
    log.live(5, 1, 1);
    log.live(4, 1, 2); // a step back on the same connection
    assertEquals(1, log.liveStepsBack);
    log.newConnection();
    log.startFill();
    log.live(3, 1, 3); // a new connection's live messages start afresh
    assertEquals(1, log.liveStepsBack);
    assertTrue(log.historyReply(0, 5, 0, 0));
    assertEquals(2, log.overlap, "4 and 3 were below 5 when applied");
  }
}
