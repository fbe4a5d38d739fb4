package io.chatnode.bench;

/** A {@code host:port} to load. Only loopback addresses are accepted: the bench loads nothing else. */
record Endpoint(String host, int port) {

  static Endpoint parse(String text, int defaultPort) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    Endpoint e = colon < 0 ? new Endpoint(t, defaultPort)
        : new Endpoint(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
    if (!e.isLoopback()) {
      throw new IllegalArgumentException(text + " is not a loopback address (127.0.0.0/8, localhost, ::1)");
    }
    return e;
  }

  boolean isLoopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
