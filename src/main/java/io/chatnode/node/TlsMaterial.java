package io.chatnode.node;

import io.chatnode.config.TlsSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The TLS listener's certificate material, read from the configured files into memory. Reading
 * the bytes once (instead of handing paths to Vert.x) means that what is checked for change is
 * exactly what is loaded; a digest of all files tells a rotation apart from nothing happening.
 * Blocking: read it off the event loop.
 */
public record TlsMaterial(ServerSSLOptions sslOptions, byte[] digest) {

  /** TLS 1.2 and 1.3 only. */
  static final Set<String> PROTOCOLS = new LinkedHashSet<>(List.of("TLSv1.3", "TLSv1.2"));

  /**
   * Forward-secret AEAD suites only (Mozilla's "intermediate" list, in JDK names): TLS 1.3's
   * three, and for TLS 1.2 ECDHE with AES-GCM or ChaCha20-Poly1305.
   */
  static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  public static TlsMaterial read(TlsSettings tls) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ServerSSLOptions ssl = new ServerSSLOptions();
    byte[] cert = readFile("tls.cert", tls.cert());
    digest.update(cert);
    if (tls.isKeystore()) {
      String type = tls.cert().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
      ssl.setKeyCertOptions(new KeyStoreOptions().setType(type).setValue(Buffer.buffer(cert))
          .setPassword(tls.keystorePassword()));
    } else {
      byte[] key = readFile("tls.key", tls.key());
      digest.update(key);
      ssl.setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(cert)).addKeyValue(Buffer.buffer(key)));
    }
    if (!tls.clientCa().isEmpty()) {
      byte[] ca = readFile("tls.clientCa", tls.clientCa());
      digest.update(ca);
      ssl.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(ca)));
    }
    ssl.setClientAuth(switch (tls.clientAuth()) {
      case NONE -> ClientAuth.NONE;
      case REQUEST -> ClientAuth.REQUEST;
      case REQUIRED -> ClientAuth.REQUIRED;
    });
    ssl.setEnabledSecureTransportProtocols(PROTOCOLS);
    CIPHER_SUITES.forEach(ssl::addEnabledCipherSuite);
    return new TlsMaterial(ssl, digest.digest());
  }

  public boolean sameFilesAs(TlsMaterial other) {
    return other != null && Arrays.equals(digest, other.digest);
  }

  private static byte[] readFile(String key, String path) throws IOException {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (IOException e) {
      throw new IOException("cannot read " + key + " " + path + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
