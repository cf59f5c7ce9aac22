package io.planetscale.cdc.postgres.internal.tls;

import io.planetscale.cdc.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.postgresql.ssl.WrappedFactory;

/**
 * A PgJDBC {@code sslfactory} that trusts exactly the PEM certificates given in {@code sslfactoryarg}, so a
 * source's trusted certificates need no file on disk. PgJDBC instantiates it by name with the argument;
 * host name verification stays PgJDBC's ({@code sslmode=verify-full}).
 */
public final class PemTrustSocketFactory extends WrappedFactory {

  /**
   * Builds the TLS context trusting the certificates.
   *
   * @param pem one or more PEM {@code CERTIFICATE} blocks
   * @throws ConfigurationException if the PEM holds no certificate or cannot be read
   */
  public PemTrustSocketFactory(String pem) {
    List<Certificate> certificates = parseCertificates(pem);
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        trust.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      factory = context.getSocketFactory();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS context from the trusted certificates: " + e, e);
    }
  }

  /**
   * Reads the certificates of a PEM text.
   *
   * @param pem one or more PEM {@code CERTIFICATE} blocks
   * @return the certificates, at least one
   * @throws ConfigurationException naming what is wrong with the PEM
   */
  public static List<Certificate> parseCertificates(String pem) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigurationException("trustedCertificatesPem holds no \"-----BEGIN CERTIFICATE-----\" block;"
          + " give the server's CA certificate(s) in PEM");
    }
    try {
      Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (read.isEmpty()) {
        throw new ConfigurationException("trustedCertificatesPem holds no readable certificate");
      }
      return new ArrayList<>(read);
    } catch (CertificateException e) {
      throw new ConfigurationException("trustedCertificatesPem is not valid PEM X.509: " + e.getMessage(), e);
    }
  }
}
