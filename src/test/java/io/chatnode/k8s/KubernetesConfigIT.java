package io.chatnode.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.testing.Await;
import io.chatnode.testing.NodeProcesses;
import io.chatnode.testing.LineClient;
import io.chatnode.testing.TestClusters;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node processes of the packaged jar (the one the Dockerfile ships) with exactly the environment
 * k8s/ gives a pod: the ConfigMap's variables and the Deployment's env, with only what a pod has
 * and one machine has not replaced: the pod IP and the headless Service's DNS name become
 * loopback ({@code localhost} resolves to it, as the Service's name resolves to the pods), and
 * ports become free ones, since the nodes share one machine. They must find each other through
 * DNS discovery, form a cluster and become ready; SIGTERM must turn readiness false before the
 * goodbyes. Prints the measured times.
 */
class KubernetesConfigIT {

  private NodeProcesses processes;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Vertx vertx;

  record Node(Process process, int port, int httpPort, Path log) {}

  @BeforeEach
  void setUp() {
    processes = new NodeProcesses();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    processes.destroyAll();
    Await.await(vertx.close());
  }

  /** The pod's environment from k8s/: ConfigMap data, then the container's own env. */
  static Map<String, String> podEnvironment(String podIp) {
    List<Manifests.Doc> docs = Manifests.all();
    V1ConfigMap configMap = Manifests.ofKind(docs, "ConfigMap").get(0).as(V1ConfigMap.class);
    V1Deployment deployment = Manifests.ofKind(docs, "Deployment").get(0).as(V1Deployment.class);
    Map<String, String> env = new LinkedHashMap<>(configMap.getData());
    for (V1EnvVar var : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValueFrom() != null) {
        assertEquals("status.podIP", var.getValueFrom().getFieldRef().getFieldPath());
        env.put(var.getName(), podIp);
      } else {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private Node startPod(String name, String clusterName, int clusterPort) throws IOException {
    Map<String, String> env = podEnvironment("127.0.0.1");
    // What differs on one machine: DNS name and ports (several "pods" share the host).
    env.put("CHATNODE_CLUSTER_DNSSERVICE", "localhost");
    env.put("CHATNODE_CLUSTER_NAME", clusterName); // a cluster of this test's own
    env.put("CHATNODE_CLUSTER_PORT", Integer.toString(clusterPort));
    env.put("CHATNODE_CLUSTER_EVENTBUSPORT", Integer.toString(NodeProcesses.freePort()));
    int port = NodeProcesses.freePort();
    int httpPort = NodeProcesses.freePort();
    env.put("CHATNODE_PORT", Integer.toString(port));
    env.put("CHATNODE_HTTP_PORT", Integer.toString(httpPort));
    env.put("CHATNODE_SERVER_INSTANCES", "1");
    env.put("JAVA_TOOL_OPTIONS", env.get("JAVA_TOOL_OPTIONS") + " -Xmx256m"); // two JVMs on a small machine
    Path log = NodeProcesses.LOGS.resolve("k8s-" + name + ".log");
    Files.deleteIfExists(log);
    Process process = processes.start("k8s-" + name, List.of(), List.of("node"), env);
    return new Node(process, port, httpPort, log);
  }

  /** Status of a GET on the node's HTTP port; -1 when nothing listens. */
  private int status(Node node, String path) {
    return get(node, path).statusCode();
  }

  private HttpResponse<String> get(Node node, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private boolean ready(Node node) {
    if (!node.process().isAlive()) {
      throw new AssertionError("the node exited with " + node.process().exitValue() + "; see " + node.log());
    }
    HttpResponse<String> res = get(node, "/health/ready");
    return res != null && res.statusCode() == 200;
  }

  private static double sample(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private double clusterNodes(Node node) {
    HttpResponse<String> res = get(node, "/metrics");
    return res == null ? Double.NaN : sample(res.body(), "chatnode_cluster_nodes");
  }

  @Test
  void podsConfiguredByTheManifestsFormAClusterBecomeReadyAndDrainOnSigterm() throws Exception {
    String clusterName = TestClusters.newClusterName();
    int clusterPort = TestClusters.newClusterPort();
    long t0 = System.nanoTime();
    Node a = startPod("a", clusterName, clusterPort);
    Node b = startPod("b", clusterName, clusterPort);
    Await.poll(vertx, () -> ready(a) && ready(b), 120);
    System.out.printf("k8s config: both nodes ready %d ms after start%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    Await.poll(vertx, () -> clusterNodes(a) == 2 && clusterNodes(b) == 2, 60);
    JsonObject readyBody = new JsonObject(get(a, "/health/ready").body());
    assertEquals(true, readyBody.getBoolean("cluster"));

    // One cluster, through DNS discovery: users of b are seen from a.
    LineClient alice = LineClient.connect(vertx, a.port());
    LineClient bob = LineClient.connect(vertx, b.port());
    assertEquals("ok alice", alice.call("nick alice"));
    assertEquals("ok bob", bob.call("nick bob"));
    assertEquals("ok", alice.call("msg bob hi"));
    assertEquals("dm alice hi", bob.pushMatching(p -> p.startsWith("dm ")));

    // Scrape time, a warmed-up node.
    long best = Long.MAX_VALUE;
    long total = 0;
    for (int i = 0; i < 20; i++) {
      long s = System.nanoTime();
      assertEquals(200, status(a, "/metrics"));
      long took = System.nanoTime() - s;
      best = Math.min(best, took);
      total += took;
    }
    System.out.printf("k8s config: /metrics scrape %.1f ms mean, %.1f ms best (%d bytes)%n",
        total / 20 / 1e6, best / 1e6, get(a, "/metrics").body().length());

    // SIGTERM: readiness turns false, then bob gets his goodbye, then b leaves the cluster.
    long term = System.nanoTime();
    b.process().destroy();
    int seen = 200;
    while (seen == 200) {
      HttpResponse<String> res = get(b, "/health/ready");
      seen = res == null ? -1 : res.statusCode();
      assertTrue(System.nanoTime() - term < TimeUnit.SECONDS.toNanos(30), "readiness never turned false");
    }
    long notReady = System.nanoTime() - term;
    assertEquals("bye shutdown", bob.pushMatching(p -> p.startsWith("bye ")));
    long bye = System.nanoTime() - term;
    Await.poll(vertx, () -> clusterNodes(a) == 1, 30);
    long left = System.nanoTime() - term;
    assertTrue(b.process().waitFor(30, TimeUnit.SECONDS), "b exits");
    long exited = System.nanoTime() - term;
    System.out.printf("k8s config: SIGTERM -> readiness %s %d ms, bye shutdown %d ms, a sees 1 node %d ms,"
            + " process exit %d ms (code %d)%n", seen == 503 ? "503" : "port closed",
        notReady / 1_000_000, bye / 1_000_000, left / 1_000_000, exited / 1_000_000, b.process().exitValue());
    assertTrue(b.process().exitValue() == 0 || b.process().exitValue() == 143, "a clean exit");
    assertEquals("ok pong", alice.call("ping"), "the survivor serves on");

    // The log: JSON lines (log.format=json from the ConfigMap), readiness false before goodbyes.
    List<JsonObject> events = new ArrayList<>();
    for (String line : Files.readAllLines(b.log())) {
      if (!line.isBlank()) {
        events.add(new JsonObject(line)); // every line one JSON object
      }
    }
    int notReadyAt = -1;
    int firstGoodbye = -1;
    for (int i = 0; i < events.size(); i++) {
      String message = events.get(i).getString("formattedMessage", "");
      if (notReadyAt < 0 && message.contains("not ready: shutting down")) {
        notReadyAt = i;
      }
      if (firstGoodbye < 0 && message.contains("closed reason=shutdown")) {
        firstGoodbye = i;
      }
    }
    assertTrue(notReadyAt >= 0, "the node logs readiness turning false");
    assertTrue(firstGoodbye > notReadyAt, "readiness turns false before the first goodbye");
  }
}
