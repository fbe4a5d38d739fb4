package io.chatnode.config;

import io.chatnode.protocol.Names;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node's validated configuration. Built only through {@link #from(JsonObject)}, which checks
 * every key's type and range and refuses unknown keys, so that a typo stops start-up with a
 * message naming the key instead of being silently ignored.
 *
 * @param serverInstances NetServer verticle instances; 0 means one per core
 */
public record NodeConfig(
    String host,
    int port,
    String lobby,
    int serverInstances,
    int workerInstances,
    ClusterSettings cluster,
    Limits limits,
    int httpPort,
    String logFormat,
    boolean plainEnabled,
    TlsSettings tls,
    AuthSettings auth,
    ReservedNames reservedNames,
    WebSettings web,
    HistorySettings history,
    BridgeSettings bridge) {

  /** Values of {@code log.format}. */
  public static final Set<String> LOG_FORMATS = Set.of("text", "json");

  public static NodeConfig from(JsonObject json) {
    Reader r = new Reader(json);
    String lobby = r.string("lobby");
    if (!lobby.isEmpty() && !Names.isValid(lobby)) {
      throw new ConfigException("invalid configuration: lobby must be empty or " + Names.RULE
          + " (got \"" + lobby + "\")");
    }
    NodeConfig config = new NodeConfig(
        r.string("host"),
        r.integer("port", 0, 65535),
        Names.key(lobby),
        r.integer("server.instances", 0, MAX_SERVER_INSTANCES),
        r.integer("workers.instances", 1, 256),
        new ClusterSettings(
            r.bool("cluster.enabled"),
            r.string("cluster.name"),
            ClusterSettings.parseMembers(r.string("cluster.members")),
            r.string("cluster.dnsService"),
            r.string("cluster.host"),
            r.integer("cluster.port", 1, 65535),
            r.string("cluster.publicHost"),
            r.string("cluster.eventBusHost"),
            r.integer("cluster.eventBusPort", 0, 65535),
            r.string("cluster.eventBusPublicHost"),
            r.integer("cluster.failureDetectionSeconds", 2, 600),
            r.integer("cluster.sweepSeconds", 1, 3600),
            r.bool("cluster.eventBusTls"),
            r.string("cluster.eventBusCa"),
            r.integer("cluster.expectedNodes", 0, 1000),
            r.integer("cluster.mergeFirstDelaySeconds", 1, 3600),
            r.integer("cluster.mergeNextDelaySeconds", 1, 3600)),
        new Limits(
            r.integer("limits.maxLineBytes", 16, 1 << 20),
            r.integer("limits.chatRate", 0, 1_000_000),
            r.integer("limits.chatBurst", 1, 1_000_000),
            r.integer("limits.maxConnections", 1, 10_000_000),
            r.integer("limits.idleTimeoutSeconds", 0, 86_400 * 7),
            r.integer("limits.maxOutboundBytes", 1024, 1 << 30),
            r.integer("limits.maxPendingReplies", 1, 1_000_000),
            r.integer("limits.maxRoomsPerConnection", 1, 100_000),
            r.integer("limits.sumMaxOperands", 1, 1_000_000),
            r.integer("limits.sumMaxDigits", 1, 1_000_000),
            r.integer("limits.requestTimeoutMs", 100, 600_000),
            r.integer("limits.shutdownGraceSeconds", 1, 300),
            r.integer("limits.closeGraceMs", 0, 60_000),
            r.integer("limits.slowConsumerGraceMs", 0, 600_000),
            r.integer("limits.maxOutboundHardBytes", 1024, 1 << 30)),
        r.integer("http.port", 0, 65535),
        r.oneOf("log.format", LOG_FORMATS),
        r.bool("plain.enabled"),
        new TlsSettings(
            r.bool("tls.enabled"),
            r.integer("tls.port", 0, 65535),
            r.string("tls.cert"),
            r.string("tls.key"),
            r.string("tls.keystorePassword"),
            r.string("tls.clientCa"),
            TlsSettings.ClientAuthMode.parse(r.string("tls.clientAuth")),
            r.integer("tls.reloadSeconds", 0, 86_400)),
        new AuthSettings(
            r.bool("auth.enabled"),
            r.string("auth.usersFile"),
            r.bool("auth.certificateLogin"),
            r.integer("auth.maxFailures", 1, 1000),
            r.integer("auth.failureDelayMs", 0, 60_000),
            r.integer("auth.addressMaxFailures", 1, 1_000_000),
            r.integer("auth.addressWindowSeconds", 1, 86_400),
            r.integer("auth.reloadSeconds", 0, 86_400)),
        ReservedNames.parse(r.string("names.reserved")),
        new WebSettings(
            r.bool("web.enabled"),
            r.integer("web.port", 0, 65535),
            r.bool("web.tls"),
            WebSettings.parseOrigins(r.string("web.allowedOrigins")),
            r.integer("web.idleTimeoutSeconds", 0, 86_400)),
        new HistorySettings(
            r.bool("history.enabled"),
            r.integer("history.roomLength", HistorySettings.MIN_ROOM_LENGTH, 1_000_000),
            r.integer("history.ttlSeconds", HistorySettings.MIN_TTL_SECONDS, 366 * 86_400),
            r.integer("history.maxPerRequest", HistorySettings.MIN_PER_REQUEST, 100_000),
            r.integer("history.gapWaitMs", 10, 60_000)),
        new BridgeSettings(
            r.bool("bridge.enabled"),
            r.integer("bridge.port", 0, 65535),
            BridgeSettings.list(r.string("bridge.users")),
            r.addressRules("bridge.consume"),
            r.addressRules("bridge.send"),
            r.addressRules("bridge.publish"),
            r.integer("bridge.maxFrameBytes", 64, 16 << 20),
            r.integer("bridge.maxOutboundBytes", 1024, 1 << 30),
            r.integer("bridge.maxDroppedFrames", 0, 1_000_000),
            r.integer("bridge.maxRegistrations", 0, 10_000),
            r.integer("bridge.idleTimeoutSeconds", 0, 86_400 * 7)));
    r.refuseUnknownKeys();
    config.checkConsistency();
    return config;
  }

  /** Mistakes that no single key shows: each stops start-up with a message saying what to set. */
  private void checkConsistency() {
    if (!plainEnabled && !tls.enabled()) {
      throw new ConfigException("invalid configuration: plain.enabled is false and tls.enabled is false: "
          + "the node would accept no connection");
    }
    if (tls.enabled()) {
      if (tls.cert().isEmpty()) {
        throw new ConfigException("invalid configuration: tls.enabled needs tls.cert (a PEM certificate or a keystore)");
      }
      if (!tls.isKeystore() && tls.key().isEmpty()) {
        throw new ConfigException("invalid configuration: tls.cert " + tls.cert() + " is PEM, so tls.key is needed");
      }
      if (tls.clientAuth() != TlsSettings.ClientAuthMode.NONE && tls.clientCa().isEmpty()) {
        throw new ConfigException("invalid configuration: tls.clientAuth " + tls.clientAuth().name().toLowerCase(Locale.ROOT)
            + " needs tls.clientCa (the CA that signs client certificates)");
      }
    }
    ListenerPorts.of(this).refuseClashes();
    if (cluster.eventBusTls() && (tls.cert().isEmpty() || (!tls.isKeystore() && tls.key().isEmpty())
        || cluster.eventBusCa().isEmpty())) {
      throw new ConfigException("invalid configuration: cluster.eventBusTls needs tls.cert and tls.key (this node's "
          + "certificate) and cluster.eventBusCa (the CA of all nodes' certificates)");
    }
    checkWeb();
    if (limits.maxOutboundHardBytes() < limits.maxOutboundBytes()) {
      throw new ConfigException("invalid configuration: limits.maxOutboundHardBytes (" + limits.maxOutboundHardBytes()
          + ") must not be below limits.maxOutboundBytes (" + limits.maxOutboundBytes() + ")");
    }
    if (auth.enabled() && auth.usersFile().isEmpty()) {
      throw new ConfigException("invalid configuration: auth.enabled needs auth.usersFile (see docs/SECURITY.md)");
    }
    if (bridge.enabled() && auth.usersFile().isEmpty()) {
      throw new ConfigException("invalid configuration: bridge.enabled needs auth.usersFile (bridge clients log in "
          + "as users of it; see docs/POLYGLOT.md)");
    }
    if (auth.certificateLogin() && (!auth.enabled() || !tls.enabled() || tls.clientAuth() == TlsSettings.ClientAuthMode.NONE)) {
      throw new ConfigException("invalid configuration: auth.certificateLogin needs auth.enabled, tls.enabled "
          + "and tls.clientAuth request or required");
    }
  }

  /** The web port's TLS has a certificate (its port is checked with the other listeners'). */
  private void checkWeb() {
    if (!web.enabled()) {
      return;
    }
    if (web.tls() && (tls.cert().isEmpty() || (!tls.isKeystore() && tls.key().isEmpty()))) {
      throw new ConfigException("invalid configuration: web.tls needs tls.cert and tls.key (the node's certificate)");
    }
  }

  /**
   * The most NetServer instances (event loops) a node runs: a {@code say} is answered once each of
   * them has queued it, and they are tracked as the bits of a {@code long}.
   */
  public static final int MAX_SERVER_INSTANCES = 64;

  /** NetServer instances to deploy: the configured count, or one per core (at most 64). */
  public int effectiveServerInstances() {
    return serverInstances > 0 ? serverInstances
        : Math.min(MAX_SERVER_INSTANCES, Runtime.getRuntime().availableProcessors());
  }

  /** Typed, range-checked access to dotted keys; remembers which keys were read. */
  private static final class Reader {
    private final JsonObject json;
    private final Set<String> known = new TreeSet<>();

    Reader(JsonObject json) {
      this.json = json;
    }

    String string(String key) {
      Object value = value(key);
      if (!(value instanceof String s)) {
        throw invalid(key, "must be a string", value);
      }
      return s;
    }

    String oneOf(String key, Set<String> allowed) {
      String value = string(key);
      if (!allowed.contains(value)) {
        throw invalid(key, "must be one of " + String.join(", ", new TreeSet<>(allowed)), value);
      }
      return value;
    }

    boolean bool(String key) {
      Object value = value(key);
      if (!(value instanceof Boolean b)) {
        throw invalid(key, "must be true or false", value);
      }
      return b;
    }

    /**
     * A comma-separated list of address rules: an exact address, a prefix ending in {@code *}, or
     * a regular expression between slashes ({@code /chatnode\\.rooms/}); a broken regex is refused.
     */
    java.util.List<String> addressRules(String key) {
      java.util.List<String> rules = BridgeSettings.list(string(key));
      for (String rule : rules) {
        if (rule.length() > 1 && rule.startsWith("/") && rule.endsWith("/")) {
          try {
            java.util.regex.Pattern.compile(rule.substring(1, rule.length() - 1));
          } catch (java.util.regex.PatternSyntaxException e) {
            throw invalid(key, "holds a regular expression that does not compile: " + e.getDescription(), rule);
          }
        }
      }
      return rules;
    }

    int integer(String key, int min, int max) {
      Object value = value(key);
      if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw invalid(key, "must be an integer", value);
      }
      long v = n.longValue();
      if (v < min || v > max) {
        throw invalid(key, "must be between " + min + " and " + max, value);
      }
      return (int) v;
    }

    void refuseUnknownKeys() {
      Set<String> present = new TreeSet<>();
      ConfigPaths.flatten(json, "", present);
      present.removeAll(known);
      if (!present.isEmpty()) {
        throw new ConfigException("invalid configuration: unknown key " + String.join(", ", present)
            + " (docs/CONFIG.md lists every key)");
      }
    }

    private Object value(String key) {
      known.add(key);
      refuseNonObjectParent(key);
      Object value = ConfigPaths.get(json, key);
      if (value == null) {
        throw new ConfigException("invalid configuration: " + key + " is missing");
      }
      return value;
    }

    /** {@code {"limits": 5}} is a mistake about {@code limits}, not a missing {@code limits.maxLineBytes}. */
    private void refuseNonObjectParent(String key) {
      int dot = key.indexOf('.');
      while (dot > 0) {
        String parent = key.substring(0, dot);
        Object value = ConfigPaths.get(json, parent);
        if (value != null && !(value instanceof JsonObject)) {
          throw invalid(parent, "must be an object", value);
        }
        dot = key.indexOf('.', dot + 1);
      }
    }

    private static ConfigException invalid(String key, String rule, Object value) {
      String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
      return ConfigException.forKey(key, rule + " (got " + shown + ")");
    }
  }
}
