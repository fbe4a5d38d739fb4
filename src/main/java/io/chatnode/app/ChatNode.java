package io.chatnode.app;

import io.chatnode.auth.LoginUsers;
import io.chatnode.bridge.BridgeMetrics;
import io.chatnode.bridge.BridgeServer;
import io.chatnode.chat.DeadNodeReaper;
import io.chatnode.chat.UserDirectory;
import io.chatnode.cluster.ClusterMembers;
import io.chatnode.cluster.NodeVertx;
import io.chatnode.cluster.PartitionWatch;
import io.chatnode.command.CommandWorkerVerticle;
import io.chatnode.config.NodeConfig;
import io.chatnode.history.HazelcastHistoryStore;
import io.chatnode.history.HistoryStore;
import io.chatnode.history.InMemoryHistoryStore;
import io.chatnode.node.LoopListener;
import io.chatnode.node.NodeRuntime;
import io.chatnode.node.RoomMessageHub;
import io.chatnode.node.ServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.chatnode.ops.NodeMetrics;
import io.chatnode.ops.OpsServer;
import io.chatnode.web.WebEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the command worker verticles and the NetServer verticle instances, deployed
 * on a given Vert.x instance (clustered or not) and stopped together.
 */
public final class ChatNode {

  private static final Logger log = LoggerFactory.getLogger(ChatNode.class);

  private final Vertx vertx;
  private final NodeRuntime runtime;
  private final String workersDeployment;
  private final String serversDeployment;
  private final String opsDeployment;
  private final String hubDeployment;
  /** What a partition does to this node, in logs and meters; null when not clustered. */
  private final PartitionWatch partitions;
  private long usersTimer = -1;
  /** The web port, when {@code web.enabled}; else null. */
  private WebEndpoint web;
  private BridgeServer bridge;
  private LoginUsers bridgeUsers;
  private BridgeMetrics bridgeMetrics;
  private String bridgeDeployment;

  private ChatNode(Vertx vertx, NodeRuntime runtime, String workersDeployment, String serversDeployment,
      String opsDeployment, String hubDeployment, PartitionWatch partitions) {
    this.partitions = partitions;
    this.vertx = vertx;
    this.runtime = runtime;
    this.workersDeployment = workersDeployment;
    this.serversDeployment = serversDeployment;
    this.opsDeployment = opsDeployment;
    this.hubDeployment = hubDeployment;
  }

  /** A node on a Vert.x instance that is not clustered. */
  public static Future<ChatNode> start(Vertx vertx, NodeConfig config) {
    return start(NodeVertx.standalone(vertx), config);
  }

  /** A node with its TCP/TLS listeners and, when {@code web.enabled}, the web page and WebSocket. */
  public static Future<ChatNode> start(NodeVertx nodeVertx, NodeConfig config) {
    if (!config.web().enabled()) {
      return start(nodeVertx, config, List.of());
    }
    WebEndpoint web = new WebEndpoint(config);
    return start(nodeVertx, config, List.of(web.listeners())).map(node -> {
      node.web = web;
      return node;
    });
  }

  /**
   * A node whose event loops run {@code extraListeners} (one listener of each kind per loop) beside
   * the TCP and TLS ones: the place to add a transport.
   */
  public static Future<ChatNode> start(NodeVertx nodeVertx, NodeConfig config,
      List<Function<NodeRuntime, LoopListener>> extraListeners) {
    Vertx vertx = nodeVertx.vertx();
    Future<LoginUsers> users = config.auth().enabled() || config.bridge().enabled()
        ? vertx.executeBlocking(() -> LoginUsers.load(Path.of(config.auth().usersFile())), false)
        : Future.succeededFuture();
    return users.compose(loginUsers -> {
          // the chat port asks for logins only with auth.enabled; the bridge always does
          NodeRuntime runtime = new NodeRuntime(config, nodeVertx.nodeId(), nodeVertx.clusterSize(), nodeVertx::joined,
              new NodeMetrics(nodeVertx.registry()), config.auth().enabled() ? loginUsers : null);
          if (!config.bridge().enabled()) {
            return start(nodeVertx, config, runtime, extraListeners);
          }
          BotDoor door = new BotDoor();
          List<Function<NodeRuntime, LoopListener>> listeners = new ArrayList<>(extraListeners);
          listeners.add(rt -> door.listener());
          return start(nodeVertx, config, runtime, listeners).compose(node -> node.startBridge(nodeVertx, loginUsers, door));
        })
        .onSuccess(node -> node.watchUsersFile());
  }

  /** The bridge for services, after the chat servers (its bots' sessions live on their loops). */
  private Future<ChatNode> startBridge(NodeVertx nodeVertx, LoginUsers users, BotDoor door) {
    BridgeMetrics metrics = new BridgeMetrics(nodeVertx.registry());
    BridgeServer server = new BridgeServer(runtime.config(), users, door, metrics);
    return vertx.deployVerticle(server)
        .map(id -> {
          bridge = server;
          bridgeUsers = users;
          bridgeMetrics = metrics;
          bridgeDeployment = id;
          return this;
        })
        .recover(e -> stop().transform(ignored -> Future.failedFuture(e)));
  }

  /** The bridge's port (the actual one when 0 was configured), or -1 when {@code bridge.enabled} is false. */
  public int bridgePort() {
    return bridge == null ? -1 : bridge.port();
  }

  /** The bridge's meters, or null when {@code bridge.enabled} is false. */
  public BridgeMetrics bridgeMetrics() {
    return bridgeMetrics;
  }

  /** Checks the users file every {@code auth.reloadSeconds} (a Kubernetes Secret changes in place). */
  private void watchUsersFile() {
    int seconds = runtime.config().auth().reloadSeconds();
    // with auth.enabled the bridge shares the chat's users; without, only the bridge has them
    boolean chatUsers = runtime.users() != null;
    if ((!chatUsers && bridgeUsers == null) || seconds == 0) {
      return;
    }
    usersTimer = vertx.setPeriodic(seconds * 1000L, id -> vertx.executeBlocking(
        () -> chatUsers ? runtime.reloadUsers(false) : bridgeUsers.reload(false), false));
  }


  private static Future<ChatNode> start(NodeVertx nodeVertx, NodeConfig config, NodeRuntime runtime,
      List<Function<NodeRuntime, LoopListener>> extraListeners) {
    Vertx vertx = nodeVertx.vertx();
    DeploymentOptions workers = new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setInstances(config.workerInstances());
    DeploymentOptions servers = new DeploymentOptions().setInstances(config.effectiveServerInstances());
    PartitionWatch partitions = nodeVertx.clustered()
        ? PartitionWatch.start(ClusterMembers.of(vertx, config.cluster()), nodeVertx.registry(),
            runtime.clusterEvents()::rejoined, runtime.clusterEvents()::memberJoined, runtime.clusterEvents()::minorityEntered)
        : null;
    Future<String> reaper = nodeVertx.clustered()
        ? vertx.deployVerticle(new DeadNodeReaper(config.cluster().sweepSeconds(),
            config.cluster().failureDetectionSeconds() * 1000L, ClusterMembers.of(vertx, config.cluster())))
        : Future.succeededFuture();
    return reaper.compose(ignored -> startRoomMessages(nodeVertx, config, runtime))
        .compose(hubId -> vertx.deployVerticle(() -> new CommandWorkerVerticle(config.limits()), workers)
            .compose(workersId -> vertx.deployVerticle(() -> new ServerVerticle(runtime, extraListeners), servers)
                .compose(serversId -> vertx.deployVerticle(new OpsServer(config.host(), config.httpPort(), runtime,
                        nodeVertx.registry(), runtime::httpListeningOn))
                    .map(opsId -> new ChatNode(vertx, runtime, workersId, serversId, opsId, hubId, partitions))
                    .recover(e -> vertx.undeploy(serversId).transform(ignored -> Future.failedFuture(e))))
                .recover(e -> vertx.undeploy(workersId).transform(ignored -> Future.failedFuture(e))))
            .recover(e -> vertx.undeploy(hubId).transform(ignored -> Future.failedFuture(e))));
  }

  /**
   * The history store (cluster-wide on Hazelcast when clustered, else in memory) and the node's
   * hub of numbered room messages, which the server verticles need from their start.
   */
  private static Future<String> startRoomMessages(NodeVertx nodeVertx, NodeConfig config, NodeRuntime runtime) {
    Vertx vertx = nodeVertx.vertx();
    Clock clock = Clock.systemUTC();
    Future<HistoryStore> store;
    Supplier<Set<String>> alive;
    if (nodeVertx.clustered()) {
      ClusterMembers members = ClusterMembers.of(vertx, config.cluster());
      store = HazelcastHistoryStore.open(vertx, members.hazelcast(), config.history(), clock);
      alive = () -> Set.copyOf(members.nodes());
    } else {
      store = Future.succeededFuture(new InMemoryHistoryStore(config.history(), clock));
      alive = () -> Set.of(runtime.nodeId());
    }
    return store.compose(opened -> {
      RoomMessageHub hub = new RoomMessageHub(runtime, opened, alive);
      runtime.attach(hub);
      return vertx.deployVerticle(hub);
    });
  }

  public int port() {
    return runtime.port();
  }

  /** The operators' HTTP port (the actual one when 0 was configured). */
  public int httpPort() {
    return runtime.httpPort();
  }

  /** The TLS port, or -1 when {@code tls.enabled} is false. */
  public int tlsPort() {
    return runtime.tlsPort();
  }

  /** The web port (the actual one when 0 was configured), or -1 when {@code web.enabled} is false. */
  public int webPort() {
    return web == null ? -1 : web.port();
  }

  public String nodeId() {
    return runtime.nodeId();
  }

  public NodeRuntime runtime() {
    return runtime;
  }

  /**
   * Readiness turns false first; then the servers stop accepting and say {@code bye shutdown} to
   * every client (within {@code limits.shutdownGraceSeconds}); then the workers and the HTTP port
   * stop.
   */
  public Future<Void> stop() {
    if (usersTimer >= 0) {
      vertx.cancelTimer(usersTimer);
    }
    runtime.beginShutdown();
    if (partitions != null) {
      partitions.stop();
    }
    log.info("node {} not ready: shutting down", runtime.nodeId());
    // Said before the node goes, so the survivors free its users' nicknames at once (not cut off).
    Future<Void> marked = runtime.config().cluster().enabled()
        ? UserDirectory.open(vertx).compose(directory -> directory.markLeaving(runtime.nodeId())).recover(e -> {
          log.warn("node {}: could not mark itself as leaving: {}", runtime.nodeId(), e.toString());
          return Future.succeededFuture();
        })
        : Future.succeededFuture();
    Future<Void> bridgeStopped = bridgeDeployment == null ? marked
        : marked.eventually(() -> vertx.undeploy(bridgeDeployment));
    return bridgeStopped.eventually(() -> vertx.undeploy(serversDeployment))
        .eventually(() -> vertx.undeploy(workersDeployment))
        .eventually(() -> vertx.undeploy(opsDeployment))
        .eventually(() -> vertx.undeploy(hubDeployment));
  }
}
