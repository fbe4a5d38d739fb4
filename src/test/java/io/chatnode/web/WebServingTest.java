package io.chatnode.web;

import static io.chatnode.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatnode.app.ChatNode;
import io.chatnode.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web port's files and headers, read as a browser reads them. */
@ExtendWith(VertxExtension.class)
class WebServingTest {

  static final Path PAGE = Path.of("src/main/resources/web");

  record Response(int status, io.vertx.core.MultiMap headers, String body) {}

  private static Response get(Vertx vertx, int port, HttpMethod method, String path, String acceptEncoding) {
    HttpClient client = vertx.createHttpClient();
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(path);
    if (acceptEncoding != null) {
      options.addHeader("Accept-Encoding", acceptEncoding);
    }
    return await(client.request(options).compose(request -> request.send())
        .compose(response -> response.body().map(body -> new Response(response.statusCode(), response.headers(),
            body.toString())))
        .eventually(client::close)); // and held till then: a client that is garbage closes its connections
  }

  @Test
  void thePageComesWithAStrictPolicyAndNoInlineScript(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    Response page = get(vertx, node.webPort(), HttpMethod.GET, "/", null);
    assertEquals(200, page.status());
    assertTrue(page.headers().get("Content-Type").startsWith("text/html"));
    String csp = page.headers().get("Content-Security-Policy");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
        && csp.contains("frame-ancestors 'none'"), csp);
    assertFalse(csp.contains("unsafe"), "no unsafe-inline, no unsafe-eval: " + csp);
    assertEquals("nosniff", page.headers().get("X-Content-Type-Options"));
    assertEquals("no-referrer", page.headers().get("Referrer-Policy"));
    assertEquals("no-cache", page.headers().get("Cache-Control"), "always revalidated, never stale");
    assertTrue(page.headers().contains("Last-Modified"));
    Matcher inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|\\son[a-z]+=").matcher(page.body());
    assertFalse(inline.find(), "inline script or event handler attribute: " + (inline.hitEnd() ? "" : inline.group()));
  }

  @Test
  void filesAreCompressedAndRevalidated(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    Response script = get(vertx, node.webPort(), HttpMethod.GET, "/js/app.js", "gzip");
    assertEquals(200, script.status());
    assertEquals("gzip", script.headers().get("Content-Encoding"));
    assertTrue(script.headers().get("Content-Type").startsWith("text/javascript"));
    HttpClient client = vertx.createHttpClient();
    int notModified = await(client.request(new RequestOptions().setHost("127.0.0.1").setPort(node.webPort())
            .setURI("/app.css").addHeader("If-Modified-Since", script.headers().get("Last-Modified")))
        .compose(request -> request.send()).map(HttpClientResponse::statusCode).eventually(client::close));
    assertEquals(304, notModified, "an unchanged file is not sent again");
    assertEquals(200, get(vertx, node.webPort(), HttpMethod.HEAD, "/", null).status());
    assertEquals(404, get(vertx, node.webPort(), HttpMethod.GET, "/no-such-file", null).status());
    assertEquals(404, get(vertx, node.webPort(), HttpMethod.GET, "/js/", null).status(), "no directory listing");
    assertEquals(426, get(vertx, node.webPort(), HttpMethod.GET, "/ws", null).status(), "/ws wants an upgrade");
  }

  @Test
  void theOperatorsPortStaysSeparateAndTheWebPortCanBeOff(Vertx vertx) {
    ChatNode node = TestNodes.start(vertx);
    assertEquals(404, get(vertx, node.webPort(), HttpMethod.GET, "/metrics", null).status());
    ChatNode without = TestNodes.start(vertx, new JsonObject().put("web.enabled", false));
    assertEquals(-1, without.webPort());
  }

  /** The page's own JavaScript, CSS and HTML stay small: under 100 KiB uncompressed in all. */
  @Test
  void thePageIsUnder100KiB() throws IOException {
    long bytes;
    try (Stream<Path> files = Files.walk(PAGE)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
    System.out.println("web page: " + bytes + " bytes uncompressed");
    assertTrue(bytes < 100 * 1024, bytes + " bytes");
  }
}
