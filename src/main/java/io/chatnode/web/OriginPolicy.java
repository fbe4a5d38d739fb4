package io.chatnode.web;

import io.chatnode.config.WebSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Who may open the WebSocket. A browser sends the page's origin with every upgrade; without this
 * check any site a user visits could open a chat connection in their name (cross-site WebSocket
 * hijacking), since browsers do not apply the same-origin policy to WebSockets. The page's own
 * origin is always allowed, and so are {@code web.allowedOrigins}. A request without
 * {@code Origin} comes from a program, not a page, and is allowed: it could send any header anyway.
 */
final class OriginPolicy {

  private final boolean anyOrigin;
  private final Set<String> allowed;

  OriginPolicy(WebSettings web) {
    this.anyOrigin = web.anyOrigin();
    this.allowed = Set.copyOf(web.allowedOrigins());
  }

  /**
   * @param origin the {@code Origin} header, or null
   * @param scheme {@code http} or {@code https}, as the request came in
   * @param host the request's {@code Host} header (host and optional port), or null
   */
  boolean allows(String origin, String scheme, String host) {
    if (origin == null) {
      return true;
    }
    if (anyOrigin) {
      return true;
    }
    String normalised = normalised(origin);
    if (normalised == null) {
      return false; // "null" (a sandboxed frame or a file) or garbage
    }
    return allowed.contains(normalised) || (host != null && normalised.equals(normalised(scheme + "://" + host)));
  }

  /** {@code scheme://host[:port]} in lower case with the scheme's default port left out; null if not an origin. */
  static String normalised(String origin) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme();
      String host = uri.getHost();
      if (scheme == null || host == null) {
        return null;
      }
      scheme = scheme.toLowerCase(Locale.ROOT);
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
