package io.chatnode.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The web port: the chat page and its WebSocket ({@code GET /ws}) on {@code host}.
 *
 * @param enabled serve the page and the WebSocket at all
 * @param port the web port; 0 picks a free one
 * @param tls serve HTTPS and {@code wss://} there with the node's certificate ({@code tls.cert})
 * @param allowedOrigins origins besides the page's own whose pages may open the WebSocket
 *     ({@code scheme://host[:port]}, lower case); {@code *} alone allows any
 * @param idleTimeoutSeconds an HTTP keep-alive connection with no request for this long is closed
 *     (a WebSocket never is, for being quiet); 0: never
 */
public record WebSettings(boolean enabled, int port, boolean tls, List<String> allowedOrigins, int idleTimeoutSeconds) {

  public WebSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** Any origin may open the WebSocket ({@code web.allowedOrigins} is {@code *}). */
  public boolean anyOrigin() {
    return allowedOrigins.contains("*");
  }

  /**
   * Parses {@code web.allowedOrigins}: comma-separated origins as browsers send them in the
   * {@code Origin} header, or {@code *}. A path, a missing scheme or host is refused here, where
   * the mistake is made, rather than silently never matching.
   */
  static List<String> parseOrigins(String value) {
    List<String> origins = new ArrayList<>();
    for (String part : value.split(",")) {
      String origin = part.trim();
      if (origin.isEmpty()) {
        continue;
      }
      if (origin.equals("*")) {
        origins.add(origin);
        continue;
      }
      origins.add(normalised(origin));
    }
    return origins;
  }

  private static String normalised(String origin) {
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
          && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && bare) {
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw new ConfigException("invalid configuration: web.allowedOrigins must be * or origins like "
        + "https://chat.example.com[:port], comma-separated (got \"" + origin + "\")");
  }
}
