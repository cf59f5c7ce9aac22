package io.planetscale.cdc.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed server certificates made with the JDK's keytool (the JDK has no certificate builder API), one
 * per host name, cached for the test run.
 */
final class TestCertificates {
  static final char[] PASSWORD = "changeit".toCharArray();
  private static final Map<String, TestCertificates> CACHE = new ConcurrentHashMap<>();

  private final KeyStore keyStore;
  private final String certificatePem;

  private TestCertificates(KeyStore keyStore, String certificatePem) {
    this.keyStore = keyStore;
    this.certificatePem = certificatePem;
  }

  /**
   * A key pair and self-signed certificate for {@code dnsName} (CN and subjectAltName; an IPv4 literal gets an
   * IP subjectAltName).
   */
  static TestCertificates selfSigned(String dnsName) throws IOException {
    try {
      return CACHE.computeIfAbsent(dnsName, name -> {
        try {
          return generate(name);
        } catch (IOException | GeneralSecurityException | InterruptedException e) {
          throw new IllegalStateException("keytool failed for " + name + ": " + e, e);
        }
      });
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static TestCertificates generate(String dnsName)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path dir = Files.createTempDirectory("test-certificates");
    Path store = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + dnsName, "-ext", (dnsName.matches("[0-9.]+") ? "san=ip:" : "san=dns:") + dnsName, "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD)))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool -genkeypair failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    Files.delete(store);
    Files.delete(dir);
    Certificate cert = ks.getCertificate("server");
    String pem = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
    return new TestCertificates(ks, pem);
  }

  /** The server's key store (PKCS12, password {@link #PASSWORD}). */
  KeyStore keyStore() {
    return keyStore;
  }

  /** The private key in PEM (PKCS #8), as a server's key file. */
  String privateKeyPem() {
    try {
      java.security.Key key = keyStore.getKey("server", PASSWORD);
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test key: " + e, e);
    }
  }

  /** The certificate in PEM. */
  String certificatePem() {
    return certificatePem;
  }
}
