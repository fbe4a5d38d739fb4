package io.chatnode.node;

import io.chatnode.protocol.LineFramer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.security.cert.Certificate;
import java.util.List;

/**
 * A client connection's link to its peer, under the session pipeline: the pipeline (framing
 * aside) never knows whether lines come over TCP, TLS or a WebSocket. An implementation owns the
 * framing: TCP runs a {@link LineFramer} over its byte stream; a WebSocket delivers one line per
 * message and reports a message over {@code limits.maxLineBytes} as a line too long.
 *
 * <p>Every method is called on the connection's event loop, and every {@link Receiver} call is
 * made there. To add a transport: implement this interface and hand each accepted peer to
 * {@link LoopContext#open(Transport)} on the loop that accepted it (see {@link LoopListener}).
 */
public interface Transport {

  /** What a transport reports to the session pipeline that owns it. */
  interface Receiver extends LineFramer.Sink {

    /** Every line of one read has been delivered: the pipeline sends its batches and writes replies. */
    void readComplete();

    /** The outbound queue has room again after {@link #writeQueueFull()}. */
    void drained();

    /** The node stops this transport's listener: say goodbye and close. */
    void shutdownRequested();

    /** The transport failed (reset, TLS alert ...); {@link #closed()} follows. */
    void failed(Throwable cause);

    /** The transport is closed, by either side; called once. */
    void closed();
  }

  /** Starts delivering to {@code receiver}. Reading stays paused until {@link #resume()}. */
  void start(Receiver receiver);

  /** Queues one or more complete LF-terminated lines, in order. */
  void write(Buffer lines);

  /** The outbound queue's bound in bytes: above it {@link #writeQueueFull()} is true. */
  void setWriteQueueMaxSize(int maxBytes);

  /** More is queued than the peer has taken, beyond the bound. */
  boolean writeQueueFull();

  /** Stops reading from the peer (back-pressure on a client that sends faster than it reads). */
  void pause();

  void resume();

  /**
   * Closes as soon as everything queued has been written; at once if nothing is. The caller
   * bounds the wait for a peer that does not read with {@link #abort()}.
   */
  void closeAfterWrites();

  /** Closes now and drops whatever is still queued (a slow consumer, or the grace ran out). */
  void abort();

  /** The peer's address, or null if the transport does not know it. */
  SocketAddress remoteAddress();

  /** The peer's address as logged ({@code host:port}). */
  default String remoteText() {
    return String.valueOf(remoteAddress());
  }

  /** The peer's IP address, for per-address limits. */
  default String remoteHost() {
    return remoteAddress() == null ? remoteText() : remoteAddress().hostAddress();
  }

  /** The peer's verified certificate chain; empty without TLS or without a client certificate. */
  List<Certificate> peerCertificates();

  /** A short name for logs and metrics: {@code tcp}, {@code tls}, {@code ws}. */
  String name();
}
