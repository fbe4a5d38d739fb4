package io.chatnode.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * A protocol 1.1 client that keeps leaving and coming back: it is connected for {@code stayMs},
 * away for {@code awayMs}, and comes back to the next of the nodes (another one in a cluster),
 * where it joins and fills what it missed with {@code history <room> after <seq>} until the
 * newest, as the protocol's gap-free resume says; its {@link ResumeLog} counts what is missing and
 * what came twice. Every session runs on the first one's event loop, so its state needs no locks.
 */
final class Resumer {

  private final Vertx vertx;
  private final NetClient client;
  private final List<Endpoint> nodes;
  private final String room;
  private final long stayMs;
  private final long awayMs;
  private final Buffer setup;
  private int nextNode;

  final ResumeLog log = new ResumeLog();
  /** The round trip of each {@code history} request of a fill. */
  final Histogram fillLatency = Stats.newHistogram();
  long sessions;
  long historyRequests;
  long lostNotices;
  long errors;
  long malformed;
  long unplannedCloses;

  private Session first;
  private Session current;
  private long awayTimer = -1;
  private boolean finishing;
  private boolean finalFill;
  private boolean stopped;
  final Promise<Void> finished = Promise.promise();

  Resumer(Vertx vertx, NetClient client, List<Endpoint> nodes, int firstNode, String room, long stayMs, long awayMs) {
    this.vertx = vertx;
    this.client = client;
    this.nodes = nodes;
    this.nextNode = firstNode;
    this.room = room;
    this.stayMs = stayMs;
    this.awayMs = awayMs;
    this.setup = Buffer.buffer("cap tags\njoin " + room + "\n");
  }

  /** The first session; completes once it has joined. Call from the driver. */
  Future<Void> start() {
    first = connect();
    return first.ready.future();
  }

  private Session connect() {
    Session s = new Session();
    current = s;
    sessions++;
    log.newConnection();
    if (sessions > 1) {
      log.startFill(); // back: live messages after the join wait until history has filled the gap
    }
    s.connect(vertx, client, nodes.get(nextNode++ % nodes.size())).onFailure(e -> {
      errors++;
      if (s.socket == null && s == current) { // no connection, so no close to go on from
        current = null;
        away();
      }
    });
    return s;
  }

  /** Runs {@code action} on the resumer's event loop. */
  <T> Future<T> onContext(Supplier<T> action) {
    return first.onContext(action);
  }

  /** The load is over: one last fill up to the room's newest message, then {@link #finished}. Call on the context. */
  Void finish() {
    finishing = true;
    if (awayTimer >= 0) {
      vertx.cancelTimer(awayTimer);
      awayTimer = -1;
      connect();
    } else if (current != null && current.joined && !log.filling()) {
      finalFill = true;
      current.fill();
    }
    // else: connecting or filling; caughtUp() goes on from there
    return null;
  }

  /** Closes the connection for good. Call on the context. */
  Future<Void> stop() {
    stopped = true;
    if (awayTimer >= 0) {
      vertx.cancelTimer(awayTimer);
    }
    return current == null ? Future.succeededFuture() : current.close();
  }

  private void caughtUp(Session s) {
    if (finishing) {
      if (finalFill) {
        finished.tryComplete();
      } else {
        finalFill = true;
        s.fill();
      }
      return;
    }
    vertx.setTimer(stayMs, id -> {
      if (!finishing && s == current) {
        s.leaving = true;
        s.close();
      }
    });
  }

  private void away() {
    if (stopped) {
      return;
    }
    if (finishing) {
      connect();
    } else {
      awayTimer = vertx.setTimer(awayMs, id -> {
        awayTimer = -1;
        connect();
      });
    }
  }

  /** One connection of the resumer. */
  private final class Session extends BenchConn {
    private int replies;
    boolean joined;
    boolean leaving;
    private long askedAt;
    private final long[] seq = new long[1];
    private final long[] fields = new long[3];

    Session() {
      super(Proto.CHATNODE);
    }

    @Override
    Buffer setup() {
      return setup.copy();
    }

    void fill() {
      log.startFill();
      askedAt = System.nanoTime();
      historyRequests++;
      socket.write("history " + room + " after " + log.highSeq + " 500\n");
    }

    @Override
    void onLine(byte[] l, int len) {
      if (Proto.isChatReply(l, len)) {
        reply(l, len);
        return;
      }
      int push = Proto.seqTag(l, len, seq);
      if (push >= 0) {
        int text = Proto.chatMessageText(l, push, len);
        if (text >= 0 && Payload.read(l, text, len, fields)) {
          log.live(seq[0], fields[0], fields[1]);
        } else if (text >= 0) {
          malformed++;
        }
        return;
      }
      long histSeq = Proto.historySeq(l, len);
      if (histSeq >= 0) {
        int text = Proto.historyText(l, len);
        if (text >= 0 && Payload.read(l, text, len, fields)) {
          log.history(histSeq, fields[0], fields[1]);
        } else {
          malformed++;
        }
      } else if (Proto.startsWith(l, len, Proto.LOST)) {
        lostNotices++;
      }
    }

    private void reply(byte[] l, int len) {
      replies++;
      String line = new String(l, 0, len, StandardCharsets.UTF_8);
      if (Proto.isChatError(l, len)) {
        errors++;
        ready.tryFail(line);
        return;
      }
      if (replies == 2) { // cap, then join
        joined = true;
        ready.tryComplete();
        if (log.filling()) {
          fill();
        } else {
          caughtUp(this);
        }
        return;
      }
      if (replies > 2) {
        fillLatency.recordValue(Math.min(System.nanoTime() - askedAt, Stats.HIGHEST));
        long[] lost = lostRange(line);
        if (log.historyReply(Proto.numberAfter(line, " count="), Proto.numberAfter(line, " latest="), lost[0], lost[1])) {
          caughtUp(this);
        } else {
          fill();
        }
      }
    }

    @Override
    void onClose() {
      if (this != current) {
        return;
      }
      if (!leaving && !stopped) {
        unplannedCloses++;
      }
      current = null;
      away();
    }
  }

  /** {@code lost=<first>-<last>} of a history reply, or {0, 0}. */
  static long[] lostRange(String reply) {
    long first = Proto.numberAfter(reply, " lost=");
    if (first < 0) {
      return new long[] {0, 0};
    }
    return new long[] {first, Proto.numberAfter(reply, " lost=" + first + "-")};
  }
}
