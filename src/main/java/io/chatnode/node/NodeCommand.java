package io.chatnode.node;

import io.chatnode.config.ConfigException;
import io.chatnode.config.ConfigLoader;
import io.chatnode.config.EnvOverrides;
import io.chatnode.config.NodeConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    EnvOverrides.unknownVariables(env, ConfigLoader.defaults(), LAUNCHER_VARIABLES)
        .forEach(name -> log.warn("ignoring environment variable {}: it names no configuration key", name));
    Vertx vertx = Vertx.vertx();
    NodeConfig config;
    try {
      config = await(ConfigLoader.load(vertx, confFile, env).toCompletionStage().toCompletableFuture(), 30);
    } catch (ConfigException e) {
      System.err.println("chatnode: " + e.getMessage());
      vertx.close();
      return 2;
    }
    ChatNode node;
    try {
      node = await(ChatNode.start(vertx, config).toCompletionStage().toCompletableFuture(), 60);
    } catch (Exception e) {
      System.err.println("chatnode: cannot start the node: " + e.getMessage());
      vertx.close();
      return 1;
    }
    log.info("node {} listening on {}:{} ({} event loops, {} workers)", node.nodeId(), config.host(),
        node.port(), config.effectiveServerInstances(), config.workerInstances());
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

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future, int seconds) throws Exception {
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
