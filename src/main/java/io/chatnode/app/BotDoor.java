package io.chatnode.app;

import io.chatnode.bridge.ChatDoor;
import io.chatnode.node.LoopContext;
import io.chatnode.node.LoopListener;
import io.chatnode.node.Transport;
import io.chatnode.protocol.ServerLine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bridge's way into chat: each bot gets a chat connection of its own on one of the node's event
 * loops, over an in-memory {@link Transport}, so its {@code join}/{@code say} go through the very
 * pipeline a line client's do (parsing, flood control, membership, the hand-off, and whatever else
 * a {@code say} does), under the name it logged in with. The bot's connection logs in to the node
 * with the same password or certificate when {@code auth.enabled}, and takes its name with
 * {@code nick} otherwise.
 */
final class BotDoor implements ChatDoor {

  /** One server event loop, as its listener saw it when it started. */
  private record Loop(LoopContext context, Context vertxContext, Set<MemoryTransport> open) {}

  private final List<Loop> loops = new CopyOnWriteArrayList<>();
  private final AtomicInteger next = new AtomicInteger();

  /** A listener per event loop: it accepts nothing, it only makes the loop known to the door. */
  LoopListener listener() {
    return new LoopListener() {
      private Loop loop;

      @Override
      public Future<?> start(LoopContext context) {
        loop = new Loop(context, Vertx.currentContext(), new HashSet<>());
        loops.add(loop);
        return Future.succeededFuture();
      }

      @Override
      public Future<?> shutdown(Duration grace) {
        loops.remove(loop);
        List.copyOf(loop.open()).forEach(MemoryTransport::shutdown);
        return Future.succeededFuture();
      }
    };
  }

  @Override
  public Future<BotSession> open(String user, char[] password, List<Certificate> certificates, SocketAddress remote,
      Runnable closed) {
    if (loops.isEmpty()) {
      return Future.failedFuture("the node is not accepting connections");
    }
    Loop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    Context bridgeContext = Vertx.currentContext();
    MemoryTransport transport = new MemoryTransport(loop, bridgeContext, remote, certificates, closed);
    loop.vertxContext().runOnContext(v -> {
      loop.open().add(transport);
      loop.context().open(transport);
    });
    String login = loop.context().auth().enabled()
        ? (password == null ? null : "auth " + user + " " + new String(password))
        : "nick " + user;
    return transport.greeted().compose(nick -> {
      if (login == null) {
        return Future.succeededFuture(nick); // logged in by its certificate when the connection opened
      }
      return transport.request(login).compose(reply -> {
        ServerLine parsed = ServerLine.parse(reply);
        return parsed.isOk() ? Future.succeededFuture(parsed.field("result").trim())
            : Future.failedFuture("the node refused " + login.substring(0, login.indexOf(' ')) + ": " + reply);
      });
    }).compose(nick -> {
      if (!nick.equals(user)) {
        return Future.failedFuture("the name " + user + " is in use by another connection");
      }
      return Future.<BotSession>succeededFuture(transport);
    }).onFailure(e -> transport.close());
  }

  /**
   * A chat connection whose peer is a bridge client. The node's side runs on the loop's context,
   * the bridge's on its own: every hand-over between the two is a {@code runOnContext}.
   */
  private static final class MemoryTransport implements Transport, BotSession {
    private final Loop loop;
    private final Context bridge;
    private final SocketAddress remote;
    private final List<Certificate> certificates;
    private final Runnable closedByNode;
    // node side
    private final ArrayDeque<String> input = new ArrayDeque<>();
    private Receiver receiver;
    private boolean paused = true;
    private boolean closed;
    // bridge side
    private final Promise<String> greeted = Promise.promise();
    private final ArrayDeque<Promise<String>> waiting = new ArrayDeque<>();
    private boolean gone;

    MemoryTransport(Loop loop, Context bridge, SocketAddress remote, List<Certificate> certificates,
        Runnable closedByNode) {
      this.loop = loop;
      this.bridge = bridge;
      this.remote = remote;
      this.certificates = List.copyOf(certificates);
      this.closedByNode = closedByNode;
    }

    Future<String> greeted() {
      return greeted.future();
    }

    // ---- BotSession: bridge side ----

    @Override
    public Future<String> request(String line) {
      if (gone) {
        return Future.failedFuture("the chat session is closed");
      }
      Promise<String> reply = Promise.promise();
      waiting.add(reply);
      loop.vertxContext().runOnContext(v -> {
        input.add(line);
        pump();
      });
      return reply.future();
    }

    @Override
    public int pending() {
      return waiting.size();
    }

    @Override
    public void close() {
      gone = true;
      loop.vertxContext().runOnContext(v -> closeNodeSide());
    }

    private void fromNode(List<String> lines) {
      for (String line : lines) {
        if (!greeted.future().isComplete() && line.startsWith("hello ")) {
          greeted.tryComplete(line.split(" ", 3)[1]);
        } else if (ServerLine.isReplyLine(line)) {
          Promise<String> head = waiting.poll();
          if (head != null) {
            head.complete(line);
          }
        } // pushes: a bridge client receives room events by registering on chatnode.rooms
      }
    }

    private void closedOnNodeSide() {
      greeted.tryFail("the node closed the chat session");
      waiting.forEach(p -> p.tryFail("the chat session is closed"));
      waiting.clear();
      if (!gone) {
        gone = true;
        closedByNode.run();
      }
    }

    // ---- Transport: node side ----

    private void pump() {
      if (closed || paused || receiver == null || input.isEmpty()) {
        return;
      }
      while (!input.isEmpty() && !paused && !closed) {
        byte[] bytes = input.poll().getBytes(StandardCharsets.UTF_8);
        receiver.line(bytes, 0, bytes.length);
      }
      receiver.readComplete();
    }

    private void closeNodeSide() {
      if (closed) {
        return;
      }
      closed = true;
      loop.open().remove(this);
      input.clear();
      if (receiver != null) {
        receiver.closed();
      }
      bridge.runOnContext(v -> closedOnNodeSide());
    }

    void shutdown() {
      if (receiver != null && !closed) {
        receiver.shutdownRequested();
      }
    }

    @Override
    public void start(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void write(Buffer lines) {
      // only the greeting and the replies matter to the bridge; room pushes stay on this loop
      List<String> wanted = List.of(lines.toString(StandardCharsets.UTF_8).split("\n")).stream()
          .filter(line -> line.startsWith("hello ") || ServerLine.isReplyLine(line)).toList();
      if (!wanted.isEmpty()) {
        bridge.runOnContext(v -> fromNode(wanted));
      }
    }

    @Override
    public void setWriteQueueMaxSize(int maxBytes) {
      // nothing is queued: lines go straight to the bridge connection, which bounds its own queue
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public void pause() {
      paused = true;
    }

    @Override
    public void resume() {
      paused = false;
      pump();
    }

    @Override
    public void closeAfterWrites() {
      closeNodeSide();
    }

    @Override
    public void abort() {
      closeNodeSide();
    }

    @Override
    public SocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public List<Certificate> peerCertificates() {
      return certificates;
    }

    @Override
    public String name() {
      return "bridge";
    }
  }
}
