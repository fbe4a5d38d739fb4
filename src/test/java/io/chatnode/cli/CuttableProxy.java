package io.chatnode.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy in front of a real node that lets a test take a client's connection away while the
 * node keeps running (and keeps its history): {@link #cutAndHold} closes every connection and
 * keeps new ones waiting until {@link #release}; {@link #stall} stops reading what the node sends,
 * as a client that does not read would, until {@link #unstall}.
 *
 * <p>Plain blocking sockets on threads of its own (never an event loop), so that a stall really
 * stops reading: the node's socket fills after the small buffers set here.
 */
final class CuttableProxy implements AutoCloseable {

  private static final int SMALL_BUFFER = 8192;

  /** A client connection and its connection to the node. */
  private record Pair(Socket client, Socket node) {}

  private final ServerSocket server;
  private final int nodePort;
  private final List<Pair> open = new ArrayList<>();
  private final List<Socket> waiting = new ArrayList<>();
  private boolean holding;
  private boolean stalled;
  private boolean closed;

  private CuttableProxy(int nodePort) throws IOException {
    this.nodePort = nodePort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static CuttableProxy start(int nodePort) {
    try {
      return new CuttableProxy(nodePort);
    } catch (IOException e) {
      throw new AssertionError("proxy cannot listen", e);
    }
  }

  int port() {
    return server.getLocalPort();
  }

  /** Closes every connection; new ones wait, unanswered, until {@link #release}. */
  synchronized void cutAndHold() {
    holding = true;
    for (Pair pair : open) {
      closeQuietly(pair.client());
      closeQuietly(pair.node());
    }
    open.clear();
  }

  /** Connects the connections that waited, and new ones from now on, to the node. */
  synchronized void release() {
    holding = false;
    waiting.forEach(this::connect);
    waiting.clear();
  }

  /** Stops reading what the node sends. */
  synchronized void stall() {
    stalled = true;
  }

  synchronized void unstall() {
    stalled = false;
    notifyAll();
  }

  @Override
  public synchronized void close() {
    closed = true;
    cutAndHold();
    waiting.forEach(CuttableProxy::closeQuietly);
    closeQuietly(server);
    notifyAll();
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      synchronized (this) {
        if (holding) {
          waiting.add(client);
        } else {
          connect(client);
        }
      }
    }
  }

  private void connect(Socket client) {
    try {
      Socket node = new Socket();
      node.setReceiveBufferSize(SMALL_BUFFER);
      node.setSendBufferSize(SMALL_BUFFER);
      node.setTcpNoDelay(true);
      node.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort));
      client.setTcpNoDelay(true);
      Pair pair = new Pair(client, node);
      open.add(pair);
      pump(pair, client.getInputStream(), node.getOutputStream(), false);
      pump(pair, node.getInputStream(), client.getOutputStream(), true);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pump(Pair pair, InputStream from, OutputStream to, boolean fromNode) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[SMALL_BUFFER];
      try {
        while (true) {
          if (fromNode) {
            awaitUnstalled();
          }
          int n = from.read(buffer);
          if (n < 0) {
            break;
          }
          to.write(buffer, 0, n);
          to.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the other side closed, or the test is over
      }
      closeQuietly(pair.client());
      closeQuietly(pair.node());
      synchronized (this) {
        open.remove(pair);
      }
    }, fromNode ? "proxy-from-node" : "proxy-to-node");
    pump.setDaemon(true);
    pump.start();
  }

  /** Waits for the monitor's notification (not a sleep): {@link #unstall} or {@link #close} gives it. */
  private synchronized void awaitUnstalled() throws InterruptedException {
    while (stalled && !closed) {
      wait();
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
