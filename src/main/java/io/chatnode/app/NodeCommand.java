package io.chatnode.app;

import io.chatnode.cluster.NodeVertx;
import io.chatnode.config.ConfigException;
import io.chatnode.config.ConfigLoader;
import io.chatnode.config.EnvOverrides;
import io.chatnode.config.NodeConfig;
import io.chatnode.ops.LogFormat;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code chatnode node}: runs a node until SIGTERM or SIGINT. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"Starts a chatnode node (default port 6254).",
        "Configuration: conf/config.json defaults, then --conf FILE, then CHATNODE_* variables "
            + "(see docs/CONFIG.md)."})
public final class NodeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  /** Variables the launcher script reads itself; they are not configuration keys. */
  private static final Set<String> LAUNCHER_VARIABLES = Set.of("CHATNODE_JAVA_OPTS");

  @Option(names = "--conf", paramLabel = "FILE", description = "A JSON file whose keys override the defaults.")
  Path confFile;

  @Option(names = "--cluster", description = "Join a cluster (the key cluster.enabled).")
  boolean cluster;

  @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...",
      description = "Other members' addresses (the key cluster.members); none: 127.0.0.1.")
  String clusterMembers;

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    EnvOverrides.unknownVariables(env, ConfigLoader.defaults(), LAUNCHER_VARIABLES)
        .forEach(name -> log.warn("ignoring environment variable {}: it names no configuration key", name));
    NodeConfig config;
    Vertx configVertx = Vertx.vertx();
    try {
      config = await(ConfigLoader.load(configVertx, confFile, env, commandLineKeys())
          .toCompletionStage().toCompletableFuture(), 30);
    } catch (ConfigException e) {
      System.err.println("chatnode: " + e.getMessage());
      return 2;
    } finally {
      configVertx.close();
    }
    LogFormat.apply(config.logFormat());
    NodeVertx nodeVertx;
    ChatNode node;
    try {
      nodeVertx = await(NodeVertx.create(config).toCompletionStage().toCompletableFuture(), 120);
    } catch (Exception e) {
      System.err.println("chatnode: cannot join the cluster: " + e.getMessage());
      return 1;
    }
    Vertx vertx = nodeVertx.vertx();
    try {
      node = await(ChatNode.start(nodeVertx, config).toCompletionStage().toCompletableFuture(), 60);
    } catch (Exception e) {
      System.err.println("chatnode: cannot start the node: " + e.getMessage());
      vertx.close();
      return 1;
    }
    String ports = (node.port() > 0 ? " plain port " + node.port() : "") + (node.tlsPort() > 0 ? " TLS port " + node.tlsPort() : "")
        + ", HTTP port " + node.httpPort()
        + (config.auth().enabled() ? ", login required (" + node.runtime().users().size() + " users)" : "");
    log.info("node {} listening on {}{} ({} event loops, {} workers{})", node.nodeId(), config.host(),
        ports, config.effectiveServerInstances(), config.workerInstances(),
        nodeVertx.clustered() ? ", cluster " + config.cluster().name() + " of " + nodeVertx.clusterSize().getAsInt() : "");
    if (config.tls().enabled() || config.auth().enabled()) {
      onSighup(node);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("node {} shutting down", node.nodeId());
      int grace = config.limits().shutdownGraceSeconds();
      try {
        await(node.stop().toCompletionStage().toCompletableFuture(), grace + 5);
      } catch (Exception e) {
        log.warn("node {} did not stop cleanly: {}", node.nodeId(), e.toString());
      }
      try {
        // Awaited on its own: once Vert.x is closed, nothing composed on its contexts runs any more.
        await(vertx.close().toCompletionStage().toCompletableFuture(), 10);
      } catch (Exception e) {
        log.warn("node {}: Vert.x did not close cleanly: {}", node.nodeId(), e.toString());
      }
      log.info("node {} stopped", node.nodeId());
      stopped.countDown();
    }, "chatnode-shutdown"));
    stopped.await();
    return 0;
  }

  /** SIGHUP re-reads the TLS certificate files now, as daemons do; where the JVM allows it. */
  @SuppressWarnings("sunapi")
  private static void onSighup(ChatNode node) {
    try {
      Signal.handle(new Signal("HUP"), signal -> {
        log.info("SIGHUP: reloading the TLS certificate files and the users file");
        node.runtime().requestTlsReload();
        Thread reload = new Thread(() -> node.runtime().reloadUsers(true), "chatnode-sighup");
        reload.setDaemon(true);
        reload.start();
      });
    } catch (IllegalArgumentException e) {
      log.warn("SIGHUP is not available here; TLS files are still checked every tls.reloadSeconds");
    }
  }

  /** Options given on the command line, as configuration keys: the top layer. */
  private JsonObject commandLineKeys() {
    JsonObject keys = new JsonObject();
    if (cluster) {
      keys.put("cluster", new JsonObject().put("enabled", true));
    }
    if (clusterMembers != null) {
      JsonObject clusterKeys = keys.getJsonObject("cluster", new JsonObject()).put("members", clusterMembers);
      keys.put("cluster", clusterKeys);
    }
    return keys;
  }

  private static <T> T await(CompletableFuture<T> future, int seconds) throws Exception {
    try {
      return future.get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new TimeoutException("no answer within " + seconds + " s");
    }
  }
}
