package io.chatnode.bench;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A room member (chatnode) or channel subscriber (Redis) that counts deliveries, checks each
 * publisher's sequence numbers for loss and order, and records delivery latency from the send
 * time carried in the message. A stalled subscriber stops reading once subscribed, to play the
 * slow consumer. Given a {@link SeqLedger} (chatnode only), it turns on the {@code tags}
 * capability (protocol 1.1) and checks the room's {@code seq}s too: strictly increasing, and the
 * same message under a {@code seq} for every subscriber of the run.
 */
final class Subscriber extends BenchConn {

  private static final Buffer PING = Buffer.buffer("ping\n");

  private final String room;
  private final Window window;
  private final boolean stalled;
  final Histogram latency;
  private final long[] lastSeq;
  private final long[] fields = new long[3];
  private final SeqLedger.Cursor ledger;
  private final long[] seq = new long[1];
  private long lastRoomSeq;
  private int repliesToReady;

  long received;
  long inWindow;
  long orderViolations;
  long malformed;
  /** tags: a room seq that did not increase. */
  long seqViolations;
  /** tags: a seq under which another subscriber got another message. */
  long mappingViolations;
  long firstReceipt = Long.MAX_VALUE;
  long lastReceipt;
  private long expected = Long.MAX_VALUE;
  final Promise<Void> complete = Promise.promise();

  Subscriber(Proto proto, String room, int publishers, Window window, boolean stalled) {
    this(proto, room, publishers, window, stalled, null);
  }

  Subscriber(Proto proto, String room, int publishers, Window window, boolean stalled, SeqLedger ledger) {
    super(proto);
    this.ledger = ledger == null ? null : ledger.cursor();
    this.repliesToReady = ledger == null ? 1 : 2;
    this.room = room;
    this.window = window;
    this.stalled = stalled;
    this.latency = stalled ? null : Stats.newHistogram();
    this.lastSeq = new long[publishers];
  }

  @Override
  Buffer setup() {
    return ledger == null ? proto.subscribe(room) : Proto.TAGS_ON.copy().appendBuffer(proto.subscribe(room));
  }

  @Override
  void onLine(byte[] l, int len) {
    if (proto == Proto.CHATNODE) {
      long idleSeconds = Proto.helloIdleSeconds(l, len);
      if (idleSeconds > 0 && !stalled) {
        // A subscriber only reads; like any client it pings within the node's idle timeout, or a
        // run longer than the timeout (the 10-minute soak) would see it closed as idle.
        every(TimeUnit.SECONDS.toMillis(idleSeconds) / 3, PING);
        return;
      }
      if (Proto.isChatReply(l, len)) {
        if (Proto.isChatError(l, len)) {
          ready.tryFail(new String(l, 0, len, StandardCharsets.UTF_8));
        } else if (--repliesToReady == 0 && ready.tryComplete() && stalled) {
          socket.pause();
        }
        return;
      }
      if (ledger != null) {
        tagged(l, len);
        return;
      }
      int text = Proto.chatMessageText(l, len);
      if (text >= 0) {
        message(l, text, len);
      }
    } else if (len > 0) {
      switch (l[0]) {
        case ':' -> {
          if (ready.tryComplete() && stalled) {
            socket.pause();
          }
        }
        case '#' -> message(l, 0, len);
        case '-' -> ready.tryFail(new String(l, 0, len, StandardCharsets.UTF_8));
        default -> { }
      }
    }
  }

  /** A line to a {@code tags} connection: a {@code msg} must carry its tag word. */
  private void tagged(byte[] l, int len) {
    int push = Proto.seqTag(l, len, seq);
    int text = Proto.chatMessageText(l, Math.max(push, 0), len);
    if (text < 0) {
      return; // another push (joined, left, ...)
    }
    if (push < 0) {
      if (!stalled) {
        malformed++; // a msg without its tag word
      }
      return;
    }
    if (message(l, text, len)) {
      if (seq[0] <= lastRoomSeq) {
        seqViolations++;
      }
      lastRoomSeq = Math.max(lastRoomSeq, seq[0]);
      if (!ledger.agrees(seq[0], SeqLedger.messageId(fields[0], fields[1]))) {
        mappingViolations++;
      }
    }
  }

  /** Counts a message; true if it was one of the bench's (its numbers are in {@link #fields}). */
  private boolean message(byte[] l, int at, int len) {
    if (stalled) {
      return false; // a stalled subscriber is only there to be slow; what it reads at the end is not counted
    }
    long now = System.nanoTime();
    if (!Payload.read(l, at, len, fields)) {
      malformed++;
      return false;
    }
    int publisher = (int) fields[0];
    long seq = fields[1];
    long sent = fields[2];
    received++;
    if (firstReceipt == Long.MAX_VALUE) {
      firstReceipt = now;
    }
    lastReceipt = now;
    if (now >= window.from && now <= window.to) {
      inWindow++;
    }
    if (sent >= window.from) {
      latency.recordValue(Math.min(Math.max(0, now - sent), Stats.HIGHEST));
    }
    if (publisher < 0 || publisher >= lastSeq.length) {
      malformed++;
    } else {
      if (seq != lastSeq[publisher] + 1) {
        orderViolations++;
      }
      if (seq > lastSeq[publisher]) {
        lastSeq[publisher] = seq;
      }
    }
    if (received >= expected) {
      complete.tryComplete();
    }
    return true;
  }

  /** Tells how many messages to expect in all; completes {@link #complete} once they are in. */
  void expect(long total) {
    expected = total;
    if (received >= expected || isClosed) {
      complete.tryComplete();
    }
  }

  @Override
  void onClose() {
    complete.tryComplete();
  }
}
