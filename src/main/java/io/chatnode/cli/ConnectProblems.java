package io.chatnode.cli;

import java.util.Locale;

/**
 * What went wrong when connecting, said so that the user knows what to change: an untrusted
 * certificate names {@code --ca}, a plain client on a TLS port names {@code --tls}, a TLS client
 * on a plain port says so, instead of the TLS library's "Failed to create SSL connection".
 */
final class ConnectProblems {

  /**
   * Sent by a plain client right after connecting: five empty lines, which a node ignores (the
   * protocol's rule for empty lines), but which are five bytes that are no TLS record, so a TLS
   * port closes the connection at once instead of waiting seconds for a handshake.
   */
  static final String PLAIN_PROBE = "\n\n\n\n\n";

  private ConnectProblems() {}

  /** Why connecting to {@code where} failed, from the exception and its causes. */
  static String describe(HostPort where, boolean tls, Throwable failure) {
    String all = chain(failure);
    if (all.contains("not an ssl/tls record") || all.contains("notsslrecordexception")) {
      return where + " does not speak TLS (it sent plain text): drop --tls, or connect to its TLS port "
          + "(default " + TlsOptions.DEFAULT_TLS_PORT + ")";
    }
    if (all.contains("pkix path") || all.contains("unable to find valid certification path")
        || all.contains("certpath") || all.contains("validatorexception")) {
      return where + ": the node's certificate is not trusted (it is not signed by a CA this client trusts). "
          + "If the node uses its own CA (e.g. conf/make-dev-cert.sh), trust it with --ca FILE "
          + "(e.g. --ca dev-certs/ca.crt)";
    }
    if (all.contains("no subject alternative") || all.contains("no name matching")) {
      return where + ": the node's certificate does not name " + where.host()
          + "; connect with a host name the certificate names";
    }
    if (tls && (all.contains("ssl") || all.contains("handshake"))) {
      return where + ": the TLS handshake failed (" + failure.getMessage() + ")";
    }
    return "cannot connect to " + where + ": " + failure.getMessage();
  }

  /** The node closed the connection before its greeting. */
  static String noGreeting(HostPort where, boolean tls) {
    return tls ? where + " closed the connection without a greeting"
        : where + " closed the connection without a greeting: it looks like a TLS port; try --tls "
            + "(with --ca FILE if the node has its own CA)";
  }

  private static String chain(Throwable failure) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      b.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }
}
