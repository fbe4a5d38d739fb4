package io.chatnode.cli;

import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The client's TLS options. {@code --tls} verifies the node's certificate against the JVM's
 * trusted CAs, or against {@code --ca}, and checks that it names the host connected to;
 * {@code --cert/--key} present a client certificate (mutual TLS); {@code --insecure} accepts any
 * certificate, for test nodes only, with a warning. Any of them implies {@code --tls}, whose
 * default port is 6255.
 */
public final class TlsOptions {

  public static final int DEFAULT_TLS_PORT = 6255;

  @Option(names = "--tls", description = "Connect with TLS (default port 6255); the node's certificate is verified.")
  boolean tls;

  @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA certificate(s) to trust instead of the JVM's (implies --tls).")
  Path caFile;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate for mutual TLS (with --key; implies --tls).")
  Path certFile;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert.")
  Path keyFile;

  @Option(names = "--insecure", description = "Accept any certificate and host name: test nodes only (implies --tls; warns).")
  boolean insecure;

  /** True if the connection is to use TLS. */
  public boolean enabled() {
    return tls || caFile != null || certFile != null || keyFile != null || insecure;
  }

  /** The port when the address names none. */
  public int defaultPort() {
    return enabled() ? DEFAULT_TLS_PORT : HostPort.DEFAULT_PORT;
  }

  /** What is wrong with the options, or null. */
  public String problem() {
    if ((certFile == null) != (keyFile == null)) {
      return "--cert and --key go together";
    }
    if (insecure && caFile != null) {
      return "--insecure and --ca contradict each other: --ca verifies, --insecure does not";
    }
    for (Path file : new Path[] {caFile, certFile, keyFile}) {
      if (file != null && !Files.isReadable(file)) {
        return "cannot read " + file;
      }
    }
    return null;
  }

  /** A warning to print before connecting, or null. */
  public String warning() {
    return insecure ? "warning: --insecure: the node's certificate is not checked; anyone in between can read "
        + "and change this session. Use it with test certificates only." : null;
  }

  /** The socket options for a connection. */
  public NetClientOptions clientOptions() {
    NetClientOptions options = NodeLink.defaultOptions();
    if (!enabled()) {
      return options;
    }
    options.setSsl(true).setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
    if (insecure) {
      options.setTrustAll(true).setHostnameVerificationAlgorithm("");
    } else {
      options.setHostnameVerificationAlgorithm("HTTPS");
      if (caFile != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
      }
    }
    if (certFile != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(certFile.toString()).setKeyPath(keyFile.toString()));
    }
    return options;
  }
}
