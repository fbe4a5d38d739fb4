package io.chatnode.node;

import io.chatnode.auth.FailureGuard;
import io.chatnode.auth.LoginUsers;
import io.chatnode.auth.UserFile;
import io.chatnode.config.NodeConfig;
import io.chatnode.ops.Health;
import io.chatnode.ops.NodeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** State of one node shared by its NetServer verticle instances. Thread-safe. */
public final class NodeRuntime implements NodeStatus, Health {

  /** The protocol version advertised in {@code hello} and {@code stats}. */
  public static final String PROTOCOL_VERSION = io.chatnode.protocol.Capabilities.VERSION;

  private final NodeConfig config;
  private final String nodeId;
  private final IntSupplier clusterSize;
  private final long startedAtNanos = System.nanoTime();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicLong connectionSequence = new AtomicLong();
  private final AtomicInteger loopSequence = new AtomicInteger();
  private final AtomicLong readPauses = new AtomicLong();
  private final BooleanSupplier clusterJoined;
  private final NodeMetrics metrics;
  private volatile int port = -1;
  private volatile int httpPort = -1;
  private volatile boolean shuttingDown;
  private volatile int tlsPort = -1;
  private final LoginUsers users;
  private final FailureGuard authFailures;
  private final List<Runnable> tlsReloadHooks = new CopyOnWriteArrayList<>();
  private final ClusterEvents clusterEvents = new ClusterEvents();
  private final AtomicLong tlsReloads = new AtomicLong();
  private final LocalHandOffs handOffs;
  private volatile RoomMessageHub hub;
  private final Map<String, BooleanSupplier> otherListeners = new ConcurrentHashMap<>();

  /** A runtime whose meters go nowhere (pure tests). */
  public NodeRuntime(NodeConfig config, String nodeId, IntSupplier clusterSize) {
    this(config, nodeId, clusterSize, () -> true, new NodeMetrics(new SimpleMeterRegistry()), null);
  }

  /** @param users who may log in, when {@code auth.enabled}; else null */
  public NodeRuntime(NodeConfig config, String nodeId, IntSupplier clusterSize, BooleanSupplier clusterJoined,
      NodeMetrics metrics, LoginUsers users) {
    this.users = users;
    this.authFailures = new FailureGuard(config.auth().addressMaxFailures(),
        config.auth().addressWindowSeconds());
    this.config = config;
    this.nodeId = nodeId;
    this.clusterSize = clusterSize;
    this.clusterJoined = clusterJoined;
    this.metrics = metrics;
    this.handOffs = new LocalHandOffs(nodeId);
    metrics.gauge("chatnode.connections.open", "Open client connections", openConnections::get);
    metrics.gauge("chatnode.cluster.nodes", "Nodes in the cluster as this node sees it (1: not clustered)",
        clusterSize::getAsInt);
    metrics.gauge("chatnode.read.pauses", "Times a connection's reads were paused (replies not taken)",
        readPauses::get);
  }

  /** The node's numbered room messages and history; set once, before the server verticles start. */
  public void attach(RoomMessageHub roomMessages) {
    this.hub = roomMessages;
  }

  RoomMessageHub hub() {
    return hub;
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  /**
   * In the cluster, and the cluster as this node sees it is a majority of {@code cluster.expectedNodes}
   * (always true when not clustered). False on the minority side of a partition, which must not
   * take clients: its view of nicknames and presence is not the cluster's.
   */
  @Override
  public boolean clusterJoined() {
    return clusterJoined.getAsBoolean() && majority();
  }

  /**
   * This node sees a majority of the cluster's expected members (or no size is expected, or it is
   * not clustered): it may hand out nicknames.
   */
  @Override
  public boolean majority() {
    return !config.cluster().enabled() || config.cluster().majority(clusterSize());
  }

  /** About when the next merge attempt could make this node part of a majority again. */
  @Override
  public long minorityRetryMs() {
    return config.cluster().mergeNextDelaySeconds() * 1000L;
  }

  @Override
  public boolean inCluster() {
    return config.cluster().enabled() && clusterJoined();
  }

  /** Ready for clients: listening, in the cluster, and not shutting down. */
  @Override
  public boolean ready() {
    return !shuttingDown && listening() && clusterJoined();
  }

  /** Every configured listener (plain and/or TLS, and those added, such as the web port) is accepting connections. */
  @Override
  public boolean listening() {
    return !listeners().containsValue(false);
  }

  @Override
  public Map<String, Boolean> listeners() {
    Map<String, Boolean> listeners = new LinkedHashMap<>();
    if (config.plainEnabled()) {
      listeners.put("plain", port > 0);
    }
    if (config.tls().enabled()) {
      listeners.put("tls", tlsPort > 0);
    }
    otherListeners.forEach((name, accepting) -> listeners.put(name, accepting.getAsBoolean()));
    return listeners;
  }

  /**
   * A client listener besides the chat ports (the web port), named in {@code /health/ready}: the
   * node is ready only while it accepts connections too.
   */
  public void addListener(String name, BooleanSupplier accepting) {
    otherListeners.putIfAbsent(name, accepting);
  }

  @Override
  public boolean shuttingDown() {
    return shuttingDown;
  }

  /** The first step of a stop: readiness turns false before anything else happens. */
  public void beginShutdown() {
    shuttingDown = true;
  }

  public NodeConfig config() {
    return config;
  }

  @Override
  public String nodeId() {
    return nodeId;
  }

  /** Nodes in the cluster, 1 when not clustered. */
  @Override
  public int clusterSize() {
    return clusterSize.getAsInt();
  }

  @Override
  public long uptimeSeconds() {
    return (System.nanoTime() - startedAtNanos) / 1_000_000_000L;
  }

  @Override
  public int openConnections() {
    return openConnections.get();
  }

  /** Counts a new connection in, unless the node is full. */
  boolean tryAdmit() {
    int max = config.limits().maxConnections();
    while (true) {
      int now = openConnections.get();
      if (now >= max) {
        return false;
      }
      if (openConnections.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void released() {
    openConnections.decrementAndGet();
  }

  /** A connection id unique in the cluster: node id and a sequence number. */
  String nextConnectionId() {
    return nodeId + "-" + connectionSequence.incrementAndGet();
  }

  /** Which of this node's loops have yet to fan out a {@code say}. */
  LocalHandOffs handOffs() {
    return handOffs;
  }

  int nextLoopIndex() {
    return loopSequence.getAndIncrement();
  }

  /** Times a connection's reads were paused because its replies were not being taken. */
  public long readPauses() {
    return readPauses.get();
  }

  void readsPaused() {
    readPauses.incrementAndGet();
  }

  /** The port the node listens on (the actual one when 0 was configured). */
  public int port() {
    return port;
  }

  void listeningOn(int actualPort) {
    this.port = actualPort;
  }

  /** The operators' HTTP port (the actual one when 0 was configured); -1 until it listens. */
  public int httpPort() {
    return httpPort;
  }

  public void httpListeningOn(int actualPort) {
    this.httpPort = actualPort;
  }

  /** The TLS port (the actual one when 0 was configured); -1 without TLS. */
  public int tlsPort() {
    return tlsPort;
  }

  void tlsListeningOn(int actualPort) {
    this.tlsPort = actualPort;
  }

  /** The users who may log in now; null unless {@code auth.enabled}. */
  public UserFile users() {
    return users == null ? null : users.current();
  }

  /**
   * Re-reads {@code auth.usersFile} and takes it up if it changed (or {@code force}). Blocking.
   *
   * @return true if new users were taken up
   */
  public boolean reloadUsers(boolean force) {
    return users != null && users.reload(force);
  }

  /** Times the users file was taken up again after start-up. */
  public long usersReloads() {
    return users == null ? 0 : users.reloads();
  }

  FailureGuard authFailures() {
    return authFailures;
  }

  /** Partitions healing, members joining, and the live connections they are checked against. */
  public ClusterEvents clusterEvents() {
    return clusterEvents;
  }

  void onTlsReloadRequest(Runnable hook) {
    tlsReloadHooks.add(hook);
  }

  /** Re-reads the certificate files now (SIGHUP), whether or not they changed. */
  public void requestTlsReload() {
    tlsReloadHooks.forEach(Runnable::run);
  }

  /** Times a listener took up new certificate material. */
  public long tlsReloads() {
    return tlsReloads.get();
  }

  void tlsReloaded() {
    tlsReloads.incrementAndGet();
  }
}
