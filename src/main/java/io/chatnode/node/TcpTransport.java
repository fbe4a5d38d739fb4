package io.chatnode.node;

import io.chatnode.protocol.LineFramer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A {@link Transport} over a Vert.x {@link NetSocket}, plain or TLS: the byte stream is split
 * into lines by a {@link LineFramer} bounded by {@code limits.maxLineBytes}.
 *
 * <p>The one place in chatnode that uses an internal Vert.x API ({@link NetSocketInternal}), for
 * {@link #abort()}: the public {@code close()} is graceful and waits for the backlog to flush,
 * which for a client that does not read is forever; no public API drops the backlog.
 */
final class TcpTransport implements Transport, Handler<Buffer> {

  private final NetSocket socket;
  private final LineFramer framer;
  private Receiver receiver;

  TcpTransport(NetSocket socket, int maxLineBytes) {
    this.socket = socket;
    this.framer = new LineFramer(maxLineBytes);
  }

  @Override
  public void start(Receiver receiver) {
    this.receiver = receiver;
    socket.pause();
    socket.handler(this);
    socket.closeHandler(ignored -> receiver.closed());
    socket.exceptionHandler(receiver::failed);
    socket.drainHandler(ignored -> receiver.drained());
    socket.shutdownHandler(grace -> receiver.shutdownRequested());
  }

  /** What the socket read: its lines to the receiver, then the end of the read. */
  @Override
  public void handle(Buffer data) {
    byte[] bytes = data.getBytes();
    framer.feed(bytes, 0, bytes.length, receiver);
    receiver.readComplete();
  }

  @Override
  public void write(Buffer lines) {
    socket.write(lines);
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
   * Queues an empty write behind everything else and closes when it completes: writes complete in
   * order, so by then all that was queued has reached the socket. Not Vert.x's {@code close()}:
   * that waited out the whole grace period although nothing was queued (issue 14).
   */
  @Override
  public void closeAfterWrites() {
    socket.write(Buffer.buffer(0)).onComplete(ignored -> abort());
  }

  @Override
  public void abort() {
    ((NetSocketInternal) socket).channelHandlerContext().close();
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public List<Certificate> peerCertificates() {
    if (!socket.isSsl()) {
      return List.of();
    }
    try {
      return socket.peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return List.of(); // no certificate (tls.clientAuth request)
    }
  }

  @Override
  public String name() {
    return socket.isSsl() ? "tls" : "tcp";
  }
}
