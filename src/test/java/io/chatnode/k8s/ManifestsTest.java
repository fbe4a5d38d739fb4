package io.chatnode.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.chatnode.config.ConfigLoader;
import io.chatnode.config.EnvOverrides;
import io.chatnode.config.NodeConfig;
import io.chatnode.k8s.Manifests.Doc;
import io.chatnode.ops.OpsServer;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * k8s/ is what operators apply: every document matches the Kubernetes API schema with no unknown
 * field, and the documents agree with each other and with the node (ports, endpoints, keys).
 */
class ManifestsTest {

  private final List<Doc> docs = Manifests.all();

  private <T> T only(String kind, Class<T> type) {
    List<Doc> found = Manifests.ofKind(docs, kind);
    assertEquals(1, found.size(), "one " + kind + " in k8s/");
    return found.get(0).as(type);
  }

  private V1Deployment deployment() {
    return only("Deployment", V1Deployment.class);
  }

  private V1Container container() {
    List<V1Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  private V1ConfigMap configMap() {
    return only("ConfigMap", V1ConfigMap.class);
  }

  private Map<String, String> podLabels() {
    return deployment().getSpec().getTemplate().getMetadata().getLabels();
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
  }

  private V1ContainerPort port(String name) {
    return container().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError("the container has no port named " + name));
  }

  @Test
  void everyDocumentMatchesItsKubernetesSchema() {
    assertFalse(docs.isEmpty());
    for (Doc doc : docs) {
      try {
        Manifests.validate(doc);
      } catch (IllegalArgumentException e) {
        throw new AssertionError(doc.file() + " " + doc.kind() + " " + doc.name() + ": " + e.getMessage(), e);
      }
    }
    Set<String> kinds = docs.stream().map(Doc::kind).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler",
        "PodDisruptionBudget", "Service")), kinds);
  }

  @Test
  void theValidationRefusesAFieldTheApiDoesNotDefine() {
    Doc deployment = Manifests.ofKind(docs, "Deployment").get(0);
    JsonObject broken = deployment.json().deepCopy();
    broken.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
        .getAsJsonArray("containers").get(0).getAsJsonObject().addProperty("livenesProbe", "typo");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Manifests.validate("apps/v1", "Deployment", broken));
    assertTrue(e.getMessage().contains("livenesProbe"), e.getMessage());
    JsonObject deep = deployment.json().deepCopy();
    deep.getAsJsonObject("spec").getAsJsonObject("template").getAsJsonObject("spec")
        .getAsJsonArray("containers").get(0).getAsJsonObject().getAsJsonObject("lifecycle")
        .getAsJsonObject("preStop").getAsJsonObject("sleep").addProperty("secondz", 5);
    e = assertThrows(IllegalArgumentException.class, () -> Manifests.validate("apps/v1", "Deployment", deep));
    assertTrue(e.getMessage().contains("secondz"), e.getMessage());
    JsonObject missing = deployment.json().deepCopy();
    missing.getAsJsonObject("spec").remove("selector");
    assertThrows(IllegalArgumentException.class, () -> Manifests.validate("apps/v1", "Deployment", missing));
  }

  @Test
  void theBaseListsEveryManifestOfItsDirectoryAndPinsTheImage() throws IOException {
    Map<String, Object> kustomization = Manifests.kustomization("base");
    @SuppressWarnings("unchecked")
    List<String> resources = (List<String>) kustomization.get("resources");
    Set<String> files;
    try (var list = Files.list(Manifests.DIR.resolve("base"))) {
      files = list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(files, new TreeSet<>(resources));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> images = (List<Map<String, Object>>) kustomization.get("images");
    assertEquals(1, images.size());
    assertEquals(container().getImage(), images.get(0).get("name"));
    String tag = String.valueOf(images.get(0).get("newTag"));
    assertFalse(tag.isBlank() || tag.equals("latest"), "a fixed image tag, never latest");
  }

  @Test
  void theConfigMapCarriesValidNodeConfigurationAndAgreesWithThePodsPorts() {
    Map<String, String> data = configMap().getData();
    assertEquals(Set.of(), EnvOverrides.unknownVariables(data, ConfigLoader.defaults(), Set.of()),
        "every variable names a configuration key");
    Map<String, String> env = new HashMap<>(data);
    container().getEnv().stream().filter(v -> v.getName().startsWith("CHATNODE_"))
        .forEach(v -> env.put(v.getName(), "10.0.0.1")); // the pod IP, from the downward API
    NodeConfig config = NodeConfig.from(ConfigLoader.defaults().mergeIn(EnvOverrides.from(env, ConfigLoader.defaults()), true));
    assertTrue(config.cluster().enabled());
    assertEquals(config.port(), port("chat").getContainerPort());
    assertEquals(config.httpPort(), port("http").getContainerPort());
    assertEquals(config.web().port(), port("web").getContainerPort());
    assertEquals(config.cluster().port(), port("hazelcast").getContainerPort());
    assertEquals(config.cluster().eventBusPort(), port("eventbus").getContainerPort());
    assertEquals("10.0.0.1", config.cluster().publicHost());
    assertEquals("10.0.0.1", config.cluster().eventBusPublicHost());
    assertEquals("json", config.logFormat());
    assertEquals(deployment().getSpec().getReplicas(), config.cluster().expectedNodes(),
        "a majority is counted of the Deployment's replicas");
    // discovery: the DNS name is the headless Service, which lists not-ready pods too
    V1Service headless = Manifests.ofKind(docs, "Service").stream().map(d -> d.as(V1Service.class))
        .filter(s -> s.getMetadata().getName().equals(config.cluster().dnsService())).findFirst()
        .orElseThrow(() -> new AssertionError("no Service named " + config.cluster().dnsService()));
    assertEquals("None", headless.getSpec().getClusterIP());
    assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses());
    assertEquals(config.cluster().port(), headless.getSpec().getPorts().get(0).getPort());
    // the shutdown budget: preStop pause, goodbyes, leaving the cluster (10 s allowed), under the grace period
    long preStop = container().getLifecycle().getPreStop().getSleep().getSeconds();
    long budget = preStop + config.limits().shutdownGraceSeconds() + 10;
    long grace = deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertTrue(budget <= grace && grace <= 30, "shutdown takes up to " + budget + " s of " + grace);
  }

  @Test
  void crossReferencesHold() {
    Map<String, String> labels = podLabels();
    V1Deployment deployment = deployment();
    assertTrue(selects(deployment.getSpec().getSelector().getMatchLabels(), labels), "Deployment selector");
    for (Doc doc : Manifests.ofKind(docs, "Service")) {
      V1Service service = doc.as(V1Service.class);
      assertTrue(selects(service.getSpec().getSelector(), labels), doc.name() + " selects the pods");
      for (V1ServicePort p : service.getSpec().getPorts()) {
        IntOrString target = p.getTargetPort();
        if (target.isInteger()) {
          assertTrue(container().getPorts().stream().anyMatch(c -> c.getContainerPort().equals(target.getIntValue())));
        } else {
          port(target.getStrValue());
        }
      }
    }
    V1PodDisruptionBudget pdb = only("PodDisruptionBudget", V1PodDisruptionBudget.class);
    assertTrue(selects(pdb.getSpec().getSelector().getMatchLabels(), labels), "PDB selector");
    V2HorizontalPodAutoscaler hpa = only("HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);
    assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
    assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
    assertTrue(hpa.getSpec().getMinReplicas() >= deployment.getSpec().getReplicas());
    // the ConfigMap the pod reads exists; the Secrets (TLS, users) may not yet: optional
    String configMapName = container().getEnvFrom().get(0).getConfigMapRef().getName();
    assertEquals(configMap().getMetadata().getName(), configMapName);
    V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Set<String> secrets = new TreeSet<>();
    for (V1Volume volume : pod.getVolumes()) {
      if (volume.getSecret() != null) {
        assertEquals(Boolean.TRUE, volume.getSecret().getOptional(), volume.getName() + " is optional");
        secrets.add(volume.getSecret().getSecretName());
      }
    }
    assertEquals(Set.of("chatnode-tls", "chatnode-users"), secrets);
    Set<String> volumes = pod.getVolumes().stream().map(V1Volume::getName).collect(Collectors.toSet());
    container().getVolumeMounts().forEach(m -> assertTrue(volumes.contains(m.getName()), m.getName()));
    for (V1EnvVar var : container().getEnv()) {
      if (var.getValueFrom() != null) {
        assertEquals("status.podIP", var.getValueFrom().getFieldRef().getFieldPath());
      }
    }
  }

  @Test
  void probesPointAtTheNodesHealthEndpointsOnTheHttpPort() {
    V1Container c = container();
    Map<V1Probe, String> expected = Map.of(
        c.getLivenessProbe(), OpsServer.LIVE,
        c.getReadinessProbe(), OpsServer.READY,
        c.getStartupProbe(), OpsServer.LIVE);
    expected.forEach((probe, path) -> {
      V1HTTPGetAction get = probe.getHttpGet();
      assertNotNull(get);
      assertEquals(path, get.getPath());
      assertEquals("http", get.getPort().getStrValue());
    });
    port("http");
  }

  @Test
  void podsAreLockedDownAndSized() {
    V1PodSpec pod = deployment().getSpec().getTemplate().getSpec();
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
    assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
    assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
    V1SecurityContext sc = container().getSecurityContext();
    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
    var resources = container().getResources();
    assertNotNull(resources.getRequests().get("cpu"));
    assertNotNull(resources.getRequests().get("memory"));
    assertNotNull(resources.getLimits().get("memory"));
    assertNotNull(resources.getLimits().get("cpu"));
    String javaOpts = container().getEnv().stream().filter(v -> v.getName().equals("JAVA_TOOL_OPTIONS"))
        .findFirst().orElseThrow().getValue();
    assertTrue(javaOpts.contains("-XX:MaxRAMPercentage="), "the heap follows the container's memory limit");
    assertEquals(3, deployment().getSpec().getReplicas());
    var antiAffinity = pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    assertEquals("kubernetes.io/hostname", antiAffinity.get(0).getPodAffinityTerm().getTopologyKey());
    assertTrue(selects(antiAffinity.get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels(), podLabels()));
    assertFalse(container().getImage().contains(":latest"));
  }

  /**
   * One JVM sizing for the node wherever it is started: the launcher's default, bench/run.sh (so the
   * benchmark measures what is deployed), the image and the pod choose the same GC and young
   * generation (docs/OPERATIONS.md, "JVM sizing"); only the heap's bounds differ.
   */
  @Test
  void theNodeHasOneGcAndYoungGenerationEverywhere() throws IOException {
    Matcher launcher = Pattern.compile("NODE_JAVA_OPTS_DEFAULT=\"([^\"]*)\"")
        .matcher(Files.readString(Path.of("chatnode")));
    assertTrue(launcher.find(), "the launcher has a default for the node");
    List<String> sizing = Arrays.stream(launcher.group(1).split("\\s+"))
        .filter(o -> o.matches("-XX:\\+Use\\w+GC|-Xmn\\S+")).toList();
    assertEquals(2, sizing.size(), "a GC and a young generation in " + launcher.group(1));
    String runSh = Files.readString(Path.of("bench/run.sh"));
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    String pod = container().getEnv().stream().filter(v -> v.getName().equals("JAVA_TOOL_OPTIONS"))
        .findFirst().orElseThrow().getValue();
    for (String option : sizing) {
      assertTrue(runSh.lines().anyMatch(l -> l.startsWith("NODE_JAVA_OPTS=${NODE_JAVA_OPTS:-") && l.contains(option)),
          "bench/run.sh runs the node with " + option);
      assertTrue(dockerfile.lines().anyMatch(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS=") && l.contains(option)),
          "the Dockerfile's JAVA_TOOL_OPTIONS has " + option);
      assertTrue(pod.contains(option), "the pod's JAVA_TOOL_OPTIONS has " + option);
    }
  }

  @Test
  void theDockerfileShipsTheJarTheTestsUse() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertTrue(dockerfile.contains("target/chatnode.jar"), "the jar the tests run");
    assertTrue(dockerfile.contains("USER 10001"), "runs as the pod's non-root user");
    assertTrue(dockerfile.contains("HEALTHCHECK"));
    assertTrue(dockerfile.contains(OpsServer.LIVE));
    for (V1ContainerPort p : container().getPorts()) {
      assertTrue(dockerfile.contains("EXPOSE") && dockerfile.contains(String.valueOf(p.getContainerPort())),
          "the Dockerfile documents port " + p.getContainerPort());
    }
    assertFalse(dockerfile.matches("(?s).*FROM\\s+\\S+:latest.*"), "no latest base images");
  }

  /**
   * Two ways to apply, both with {@code -k}: {@code k8s/} (the base: 3 replicas) and
   * {@code k8s/autoscaled/} (the base and an autoscaler that owns the replica count). Every
   * manifest belongs to a kustomization, so a strict validator finds no stray document.
   */
  @Test
  void everyManifestIsInAKustomizationAndBothEntryPointsUseTheBase() throws IOException {
    assertEquals(List.of("base"), Manifests.kustomization("").get("resources"));
    assertEquals(List.of("../base", "hpa.yaml"), Manifests.kustomization("autoscaled").get("resources"));
    Set<Path> listed = new TreeSet<>();
    for (String dir : List.of("", "base", "autoscaled")) {
      @SuppressWarnings("unchecked")
      List<String> resources = (List<String>) Manifests.kustomization(dir).get("resources");
      resources.stream().map(r -> Manifests.DIR.resolve(dir).resolve(r).normalize())
          .filter(p -> p.toString().endsWith(".yaml")).forEach(listed::add);
    }
    Set<Path> files = docs.stream().map(Doc::file).map(Path::normalize).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(files, listed, "every manifest under k8s/ is a resource of a kustomization");
  }

  /**
   * The overlay's first patch takes spec.replicas away from the Deployment, leaving it to the
   * autoscaler; its second turns minority protection off, since no fixed size says what a majority is.
   */
  @Test
  void theAutoscaledOverlayLeavesTheReplicaCountToTheAutoscaler() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> patches = (List<Map<String, Object>>) Manifests.kustomization("autoscaled").get("patches");
    assertEquals(2, patches.size());
    @SuppressWarnings("unchecked")
    Map<String, Object> configTarget = (Map<String, Object>) patches.get(1).get("target");
    assertEquals(Map.of("version", "v1", "kind", "ConfigMap", "name", configMap().getMetadata().getName()), configTarget);
    assertEquals(List.of(Map.of("op", "replace", "path", "/data/CHATNODE_CLUSTER_EXPECTEDNODES", "value", "0")),
        Manifests.yaml().load(String.valueOf(patches.get(1).get("patch"))));
    assertTrue(configMap().getData().containsKey("CHATNODE_CLUSTER_EXPECTEDNODES"), "the replaced key exists in the base");
    @SuppressWarnings("unchecked")
    Map<String, Object> target = (Map<String, Object>) patches.get(0).get("target");
    assertEquals(Map.of("group", "apps", "version", "v1", "kind", "Deployment", "name", deployment().getMetadata().getName()),
        target);
    List<Object> operations = Manifests.yaml().load(String.valueOf(patches.get(0).get("patch")));
    assertEquals(List.of(Map.of("op", "remove", "path", "/spec/replicas")), operations);

    Doc base = Manifests.ofKind(docs, "Deployment").get(0);
    JsonObject patched = base.json().deepCopy();
    assertNotNull(patched.getAsJsonObject("spec").remove("replicas"), "the base sets replicas: the patch applies");
    Manifests.validate("apps/v1", "Deployment", patched);

    V2HorizontalPodAutoscaler hpa = only("HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);
    assertTrue(docs.stream().filter(d -> d.kind().equals("HorizontalPodAutoscaler"))
        .allMatch(d -> d.file().startsWith(Manifests.DIR.resolve("autoscaled"))), "the autoscaler is the overlay's alone");
    assertTrue(hpa.getSpec().getMinReplicas() >= deployment().getSpec().getReplicas(),
        "switching to the overlay never scales below the base");
  }
}
