package io.chatnode.cli;

import io.vertx.core.net.NetClientOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The client's TLS options, reserved for when nodes speak TLS (PROTOCOL.md: port 6255).
 *
 * <p>Nodes do not speak TLS yet, so these options are refused rather than faked: a client that
 * claimed TLS and sent plain text would be worse than none. When the node gains TLS,
 * {@link #clientOptions()} is the one place to set {@code setSsl}, the trust store from
 * {@code --ca} and, for {@code --insecure}, a trust-all manager; and the default port becomes 6255.
 */
public final class TlsOptions {

  @Option(names = "--tls", description = "Connect with TLS (not available yet: nodes do not speak TLS).")
  boolean tls;

  @Option(names = "--ca", paramLabel = "FILE", description = "PEM certificate(s) to trust for --tls (not available yet).")
  Path caFile;

  @Option(names = "--insecure", description = "Accept any certificate, for a test node (not available yet).")
  boolean insecure;

  /** Why the options cannot be honoured, or null when none of them is used. */
  public String unsupportedReason() {
    if (tls || caFile != null || insecure) {
      return "--tls, --ca and --insecure are reserved: chatnode nodes do not speak TLS yet";
    }
    return null;
  }

  /** The socket options for a connection; plain TCP until nodes speak TLS. */
  public NetClientOptions clientOptions() {
    return NodeLink.defaultOptions();
  }
}
