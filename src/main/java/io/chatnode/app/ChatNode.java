package io.chatnode.app;

import io.chatnode.auth.LoginUsers;
import io.chatnode.chat.DeadNodeReaper;
import io.chatnode.cluster.ClusterMembers;
import io.chatnode.cluster.NodeVertx;
import io.chatnode.cluster.PartitionWatch;
import io.chatnode.command.CommandWorkerVerticle;
import io.chatnode.config.NodeConfig;
import io.chatnode.node.LoopListener;
import io.chatnode.node.NodeRuntime;
import io.chatnode.node.ServerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.chatnode.ops.NodeMetrics;
import io.chatnode.ops.OpsServer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
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
  /** What a partition does to this node, in logs and meters; null when not clustered. */
  private final PartitionWatch partitions;
  private long usersTimer = -1;

  private ChatNode(Vertx vertx, NodeRuntime runtime, String workersDeployment, String serversDeployment,
      String opsDeployment, PartitionWatch partitions) {
    this.partitions = partitions;
    this.vertx = vertx;
    this.runtime = runtime;
    this.workersDeployment = workersDeployment;
    this.serversDeployment = serversDeployment;
    this.opsDeployment = opsDeployment;
  }

  /** A node on a Vert.x instance that is not clustered. */
  public static Future<ChatNode> start(Vertx vertx, NodeConfig config) {
    return start(NodeVertx.standalone(vertx), config);
  }

  public static Future<ChatNode> start(NodeVertx nodeVertx, NodeConfig config) {
    return start(nodeVertx, config, List.of());
  }

  /**
   * A node whose event loops run {@code extraListeners} (one listener of each kind per loop) beside
   * the TCP and TLS ones: the place to add a transport.
   */
  public static Future<ChatNode> start(NodeVertx nodeVertx, NodeConfig config,
      List<Function<NodeRuntime, LoopListener>> extraListeners) {
    Vertx vertx = nodeVertx.vertx();
    Future<LoginUsers> users = config.auth().enabled()
        ? vertx.executeBlocking(() -> LoginUsers.load(Path.of(config.auth().usersFile())), false)
        : Future.succeededFuture();
    return users.compose(loginUsers -> {
          NodeRuntime runtime = new NodeRuntime(config, nodeVertx.nodeId(), nodeVertx.clusterSize(), nodeVertx::joined,
              new NodeMetrics(nodeVertx.registry()), loginUsers);
          return start(nodeVertx, config, runtime, extraListeners);
        })
        .onSuccess(node -> node.watchUsersFile());
  }

  /** Checks the users file every {@code auth.reloadSeconds} (a Kubernetes Secret changes in place). */
  private void watchUsersFile() {
    int seconds = runtime.config().auth().reloadSeconds();
    if (runtime.users() == null || seconds == 0) {
      return;
    }
    usersTimer = vertx.setPeriodic(seconds * 1000L, id -> vertx.executeBlocking(() -> runtime.reloadUsers(false), false));
  }

  private static Future<ChatNode> start(NodeVertx nodeVertx, NodeConfig config, NodeRuntime runtime,
      List<Function<NodeRuntime, LoopListener>> extraListeners) {
    Vertx vertx = nodeVertx.vertx();
    DeploymentOptions workers = new DeploymentOptions()
        .setThreadingModel(ThreadingModel.WORKER)
        .setInstances(config.workerInstances());
    DeploymentOptions servers = new DeploymentOptions().setInstances(config.effectiveServerInstances());
    PartitionWatch partitions = nodeVertx.clustered()
        ? PartitionWatch.start(ClusterMembers.of(vertx, config.cluster()), nodeVertx.registry(), runtime::rejoined,
            runtime::memberJoined)
        : null;
    Future<String> reaper = nodeVertx.clustered()
        ? vertx.deployVerticle(new DeadNodeReaper(config.cluster().sweepSeconds(), ClusterMembers.of(vertx, config.cluster())))
        : Future.succeededFuture();
    return reaper.compose(ignored -> vertx.deployVerticle(() -> new CommandWorkerVerticle(config.limits()), workers))
        .compose(workersId -> vertx.deployVerticle(() -> new ServerVerticle(runtime, extraListeners), servers)
            .compose(serversId -> vertx.deployVerticle(new OpsServer(config.host(), config.httpPort(), runtime,
                    nodeVertx.registry(), runtime::httpListeningOn))
                .map(opsId -> new ChatNode(vertx, runtime, workersId, serversId, opsId, partitions))
                .recover(e -> vertx.undeploy(serversId).transform(ignored -> Future.failedFuture(e))))
            .recover(e -> vertx.undeploy(workersId).transform(ignored -> Future.failedFuture(e))));
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
    return vertx.undeploy(serversDeployment)
        .eventually(() -> vertx.undeploy(workersDeployment))
        .eventually(() -> vertx.undeploy(opsDeployment));
  }
}
