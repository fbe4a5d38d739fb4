package io.chatnode.cli;

/** Where the client connects: {@code HOST}, {@code HOST:PORT}, {@code :PORT} or {@code [IPv6]:PORT}. Pure. */
public record HostPort(String host, int port) {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 6254;

  /** Parses the command-line form; throws IllegalArgumentException with a readable message. */
  public static HostPort parse(String spec) {
    return parse(spec, DEFAULT_PORT);
  }

  /** As {@link #parse(String)}, with the port to use when the spec names none (6255 for TLS). */
  public static HostPort parse(String spec, int defaultPort) {
    if (spec == null || spec.isBlank()) {
      return new HostPort(DEFAULT_HOST, defaultPort);
    }
    String host;
    String port = null;
    if (spec.startsWith("[")) {
      int close = spec.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("unbalanced [ in " + spec);
      }
      host = spec.substring(1, close);
      String after = spec.substring(close + 1);
      if (after.startsWith(":")) {
        port = after.substring(1);
      } else if (!after.isEmpty()) {
        throw new IllegalArgumentException("expected :PORT after ] in " + spec);
      }
    } else {
      int colon = spec.lastIndexOf(':');
      // More than one colon without brackets: a bare IPv6 address, no port.
      if (colon >= 0 && spec.indexOf(':') == colon) {
        host = spec.substring(0, colon);
        port = spec.substring(colon + 1);
      } else {
        host = spec;
      }
    }
    if (host.isEmpty()) {
      host = DEFAULT_HOST;
    }
    return new HostPort(host, port == null ? defaultPort : parsePort(port, spec));
  }

  private static int parsePort(String port, String spec) {
    try {
      int value = Integer.parseInt(port);
      if (value >= 1 && value <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through to the readable message
    }
    throw new IllegalArgumentException("bad port '" + port + "' in " + spec + " (1 to 65535)");
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
