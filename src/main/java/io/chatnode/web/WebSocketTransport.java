package io.chatnode.web;

import io.chatnode.node.Transport;
import io.chatnode.protocol.LineFramer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.List;

/**
 * A {@link Transport} over a WebSocket: one line per message each way, so that a browser speaks
 * the protocol with {@code socket.send(line)} and gets one line per {@code onmessage}.
 *
 * <p>Inbound, every data frame (text or binary: a binary message is the bytes of one line) runs
 * through the same bounded {@link LineFramer} as TCP, and the end of a message is the end of its
 * line. So a message longer than {@code limits.maxLineBytes} is reported once as a line too long,
 * its rest skipped without being buffered, and the socket stays open; bytes that are not UTF-8 are
 * found by the pipeline as on TCP; and a message holding LF is taken as several lines, as TCP
 * would. Frames are taken one by one rather than as whole messages, so a long message is never
 * held in memory.
 *
 * <p>{@link #abort()} closes the upgraded HTTP connection underneath rather than the WebSocket:
 * a WebSocket close first sends what is queued and then waits for the peer's close frame, which
 * for a peer that does not read is never.
 */
final class WebSocketTransport implements Transport {

  private static final byte[] END_OF_LINE = {'\n'};

  private final ServerWebSocket socket;
  private final HttpConnection connection;
  private final LineFramer framer;
  private final Runnable onClosed;
  /** The last write's completion: a graceful close waits for it. */
  private Future<Void> lastWrite = Future.succeededFuture();
  private boolean closeRequested;

  /**
   * @param connection the HTTP connection the socket was upgraded from
   * @param onClosed told once the socket is closed, before the pipeline is
   */
  WebSocketTransport(ServerWebSocket socket, HttpConnection connection, int maxLineBytes, Runnable onClosed) {
    this.socket = socket;
    this.connection = connection;
    this.framer = new LineFramer(maxLineBytes);
    this.onClosed = onClosed;
  }

  @Override
  public void start(Receiver receiver) {
    socket.pause();
    socket.frameHandler(frame -> onFrame(frame, receiver));
    socket.closeHandler(ignored -> {
      onClosed.run();
      receiver.closed();
    });
    socket.exceptionHandler(receiver::failed);
    socket.drainHandler(ignored -> receiver.drained());
    socket.shutdownHandler(ignored -> receiver.shutdownRequested());
  }

  private void onFrame(WebSocketFrame frame, Receiver receiver) {
    if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
      return; // ping, pong and close are the WebSocket layer's own business
    }
    byte[] bytes = frame.binaryData().getBytes();
    framer.feed(bytes, 0, bytes.length, receiver);
    if (frame.isFinal()) {
      framer.feed(END_OF_LINE, 0, 1, receiver);
      receiver.readComplete();
    }
  }

  /** One text message per line; the lines come LF-terminated from the pipeline. */
  @Override
  public void write(Buffer lines) {
    int start = 0;
    int length = lines.length();
    for (int i = 0; i < length; i++) {
      if (lines.getByte(i) == '\n') {
        lastWrite = socket.writeTextMessage(lines.getString(start, i, StandardCharsets.UTF_8.name()));
        start = i + 1;
      }
    }
  }

  @Override
  public void setWriteQueueMaxSize(int maxBytes) {
    socket.setWriteQueueMaxSize(maxBytes);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    socket.resume();
  }

  /**
   * A normal WebSocket close (1000) once the last message has been written. Reading resumes: the
   * close handshake needs the peer's close frame (the pipeline ignores any line still coming).
   */
  @Override
  public void closeAfterWrites() {
    if (closeRequested) {
      return;
    }
    closeRequested = true;
    lastWrite.onComplete(ignored -> {
      socket.resume();
      socket.close();
    });
  }

  @Override
  public void abort() {
    connection.close();
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  /** No client certificate is asked for on the web port: browsers would prompt for one. */
  @Override
  public List<Certificate> peerCertificates() {
    return List.of();
  }

  @Override
  public String name() {
    return socket.isSsl() ? "wss" : "ws";
  }
}
