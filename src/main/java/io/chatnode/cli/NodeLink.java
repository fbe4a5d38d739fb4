package io.chatnode.cli;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One TCP connection to a node, as lines: a Vert.x {@link NetClient} socket split on LF.
 *
 * <p>Every line received goes to the line handler on the connection's event loop, in order; the
 * handler must not block (callers hand lines to their own thread). Nothing is delivered before
 * {@link #start}: a node greets at once, and the caller must be ready to tell that greeting's
 * connection apart from an earlier one. {@link #send} may be called from any thread. The close
 * future completes once, however the connection ends.
 */
public final class NodeLink {

  /** Server lines beyond this are a broken or hostile node; the link is closed rather than buffer more. */
  static final int MAX_SERVER_LINE_BYTES = 1024 * 1024;

  private final NetClient client;
  private final NetSocket socket;
  private final Context context;
  private final Promise<Void> closed = Promise.promise();

  private NodeLink(NetClient client, NetSocket socket, Context context, Consumer<String> lines) {
    this.client = client;
    this.socket = socket;
    this.context = context;
    RecordParser parser = RecordParser.newDelimited("\n", record -> {
      String line = record.toString(StandardCharsets.UTF_8);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (!line.isEmpty()) {
        lines.accept(line);
      }
    });
    parser.maxRecordSize(MAX_SERVER_LINE_BYTES);
    socket.pause();
    parser.exceptionHandler(e -> socket.close());
    socket.handler(parser);
    socket.exceptionHandler(e -> socket.close());
    socket.closeHandler(v -> {
      closed.tryComplete();
      client.close();
    });
  }

  /**
   * Connects; {@code lines} receives every server line, starting with the greeting.
   *
   * @param options TCP options (and, once nodes speak TLS, TLS options) prepared by the caller
   */
  public static Future<NodeLink> connect(Vertx vertx, HostPort where, NetClientOptions options, Consumer<String> lines) {
    Context context = vertx.getOrCreateContext();
    Promise<NodeLink> connected = Promise.promise();
    context.runOnContext(v -> {
      NetClient client = vertx.createNetClient(options);
      client.connect(where.port(), where.host())
          .onSuccess(socket -> {
            if (!options.isSsl()) {
              socket.write(ConnectProblems.PLAIN_PROBE); // a TLS port closes at once, a node ignores it
            }
            connected.complete(new NodeLink(client, socket, context, lines));
          })
          .onFailure(e -> {
            client.close();
            connected.fail(e);
          });
    });
    return connected.future();
  }

  /** TCP options that suit an interactive line protocol: no Nagle delay, bounded connect time. */
  public static NetClientOptions defaultOptions() {
    return new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5000);
  }

  /** Starts delivering lines (the greeting first); callable from any thread. */
  public NodeLink start() {
    context.runOnContext(v -> socket.resume());
    return this;
  }

  /** Sends one protocol line (LF appended); callable from any thread. */
  public void send(String line) {
    Buffer data = Buffer.buffer(line + "\n", "UTF-8");
    context.runOnContext(v -> socket.write(data));
  }

  /** Closes the connection; callable from any thread. */
  public Future<Void> close() {
    context.runOnContext(v -> socket.close());
    return closed.future();
  }

  /** Completes when the connection has ended, whoever ended it. */
  public Future<Void> closed() {
    return closed.future();
  }
}
