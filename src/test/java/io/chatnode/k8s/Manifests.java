package io.chatnode.k8s;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The documents of k8s/, read and checked against the Kubernetes API schema with the official
 * Java client's generated models: their {@code validateJsonElement} refuses a field the API does
 * not define and a missing required one.
 */
final class Manifests {

  static final Path DIR = Path.of("k8s");

  /** One YAML document of a file. */
  record Doc(Path file, String kind, JsonObject json) {
    <T> T as(Class<T> type) {
      return JSON.getGson().fromJson(json, type);
    }

    String name() {
      return json.getAsJsonObject("metadata").get("name").getAsString();
    }
  }

  /** The models of the kinds chatnode deploys, by apiVersion and kind. */
  static final Map<String, Class<?>> MODELS = Map.of(
      "v1/ConfigMap", V1ConfigMap.class,
      "v1/Service", V1Service.class,
      "apps/v1/Deployment", V1Deployment.class,
      "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
      "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

  private Manifests() {}

  /** Every Kubernetes object under k8s/ (kustomization.yaml is kustomize's, not the API's). */
  static List<Doc> all() {
    try (Stream<Path> files = Files.walk(DIR)) {
      List<Doc> docs = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        if (!file.getFileName().toString().equals("kustomization.yaml")) {
          docs.addAll(read(file));
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kustomization.yaml of a directory under k8s/ ("" for k8s/ itself). */
  static Map<String, Object> kustomization(String dir) {
    try {
      return yaml().load(Files.readString(DIR.resolve(dir).resolve("kustomization.yaml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Doc> read(Path file) throws IOException {
    List<Doc> docs = new ArrayList<>();
    for (Object doc : yaml().loadAll(Files.readString(file))) {
      if (doc == null) {
        continue;
      }
      JsonObject json = new Gson().toJsonTree(doc).getAsJsonObject();
      docs.add(new Doc(file, json.get("kind").getAsString(), json));
    }
    return docs;
  }

  static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  /** Checks a document against its kind's schema; throws IllegalArgumentException if it does not match. */
  static void validate(String apiVersion, String kind, JsonElement json) {
    Class<?> model = MODELS.get(apiVersion + "/" + kind);
    if (model == null) {
      throw new IllegalArgumentException("no model for " + apiVersion + " " + kind);
    }
    try {
      model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalArgumentException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static void validate(Doc doc) {
    validate(doc.json().get("apiVersion").getAsString(), doc.kind(), doc.json());
  }

  static List<Doc> ofKind(List<Doc> docs, String kind) {
    return docs.stream().filter(d -> d.kind().equals(kind)).toList();
  }
}
