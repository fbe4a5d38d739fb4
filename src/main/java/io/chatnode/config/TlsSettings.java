package io.chatnode.config;

import java.util.Locale;

/**
 * The TLS listener.
 *
 * @param cert PEM certificate chain, or a PKCS#12/JKS keystore (then {@code key} is empty)
 * @param key PEM private key (PKCS#8 or PKCS#1)
 * @param keystorePassword password of a keystore given as {@code cert}
 * @param clientCa PEM CA certificate(s) that client certificates must chain to; empty: none
 * @param clientAuth whether clients are asked for a certificate
 * @param reloadSeconds how often the files are checked for change; 0: never (SIGHUP still reloads)
 */
public record TlsSettings(
    boolean enabled,
    int port,
    String cert,
    String key,
    String keystorePassword,
    String clientCa,
    ClientAuthMode clientAuth,
    int reloadSeconds) {

  public enum ClientAuthMode { NONE, REQUEST, REQUIRED;

    static ClientAuthMode parse(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("invalid configuration: tls.clientAuth must be none, request or required (got \""
            + value + "\")");
      }
    }
  }

  /** A keystore rather than PEM files: recognised by its file name. */
  public boolean isKeystore() {
    String name = cert.toLowerCase(Locale.ROOT);
    return name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks");
  }
}
