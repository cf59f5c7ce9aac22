package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.DerWriter.bitString;
import static io.planetscale.cdc.testkit.DerWriter.bool;
import static io.planetscale.cdc.testkit.DerWriter.explicit;
import static io.planetscale.cdc.testkit.DerWriter.implicit;
import static io.planetscale.cdc.testkit.DerWriter.integer;
import static io.planetscale.cdc.testkit.DerWriter.octetString;
import static io.planetscale.cdc.testkit.DerWriter.oid;
import static io.planetscale.cdc.testkit.DerWriter.sequence;
import static io.planetscale.cdc.testkit.DerWriter.set;
import static io.planetscale.cdc.testkit.DerWriter.time;
import static io.planetscale.cdc.testkit.DerWriter.utf8String;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away TLS identity for loopback test servers: an EC P-256 key pair and a self-signed X.509
 * v3 certificate for {@code CN=localhost}, with subject alternative names {@code DNS:localhost},
 * {@code IP:127.0.0.1} and {@code IP:::1}, valid from one hour ago for two days.
 *
 * <p>Everything is built in memory with {@link DerWriter} and the JDK's public JCA APIs: no files,
 * no {@code keytool} process, no BouncyCastle and no {@code sun.security} internals. Generation
 * takes a few milliseconds, so each test server can have its own certificate.
 */
final class SelfSignedCertificate {
  static final String HOST_NAME = "localhost";

  private static final String OID_EC_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String OID_COMMON_NAME = "2.5.4.3";
  private static final String OID_SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String OID_KEY_USAGE = "2.5.29.15";
  private static final String OID_EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final int X509_V3 = 2;
  private static final int GENERAL_NAME_DNS = 2;
  private static final int GENERAL_NAME_IP = 7;
  private static final byte[] IPV4_LOOPBACK = {127, 0, 0, 1};
  private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Duration LIFETIME = Duration.ofDays(2);
  private static final String KEY_ALIAS = "server";
  // Protects the key only inside an in-memory KeyStore that never leaves the JVM.
  private static final char[] KEY_STORE_PASSWORD = "testkit".toCharArray();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Generates a fresh key pair and certificate.
   *
   * @return the new identity
   * @throws IllegalStateException if the JDK lacks EC P-256 or SHA256withECDSA (it never should)
   */
  static SelfSignedCertificate generate() {
    try {
      SecureRandom random = new SecureRandom();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keyPair = generator.generateKeyPair();

      // Backdated an hour so a client with a slightly slow clock still accepts it.
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      byte[] tbs = toBeSigned(keyPair, serialNumber(random), now.minus(BACKDATE), now.plus(LIFETIME));

      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keyPair.getPrivate(), random);
      signer.update(tbs);
      // The JCA signature is already the DER ECDSA-Sig-Value that X.509 expects.
      byte[] der = sequence(tbs, signatureAlgorithm(), bitString(signer.sign()));

      // Parsing back fails fast on any encoding mistake instead of at the first TLS handshake.
      X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
      parsed.verify(keyPair.getPublic());
      return new SelfSignedCertificate(parsed, keyPair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a self-signed test certificate", e);
    }
  }

  /**
   * The certificate.
   *
   * @return the self-signed certificate
   */
  X509Certificate certificate() {
    return certificate;
  }

  /**
   * The certificate's private key.
   *
   * @return the EC private key
   */
  PrivateKey privateKey() {
    return privateKey;
  }

  /**
   * The certificate as PEM, the form a client's trust configuration usually takes.
   *
   * @return {@code -----BEGIN CERTIFICATE-----}, Base64 in 64-character lines, {@code -----END CERTIFICATE-----}
   */
  String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the test certificate", e);
    }
  }

  /**
   * The private key as unencrypted PKCS#8 PEM, for servers configured from PEM streams such as
   * {@code TlsServerCredentials.create(certChain, privateKey)}.
   *
   * @return {@code -----BEGIN PRIVATE KEY-----} ... {@code -----END PRIVATE KEY-----}
   */
  String privateKeyPem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /**
   * Key managers presenting this certificate, backed by an in-memory PKCS12 key store.
   *
   * @return key managers for a TLS server
   */
  KeyManager[] keyManagers() {
    try {
      KeyStore store = emptyKeyStore();
      store.setKeyEntry(KEY_ALIAS, privateKey, KEY_STORE_PASSWORD, new Certificate[] {certificate});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, KEY_STORE_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build key managers for the test certificate", e);
    }
  }

  /**
   * Trust managers that trust exactly this certificate (PKIX accepts a self-signed leaf that is
   * itself a trust anchor).
   *
   * @return trust managers for a TLS client
   */
  TrustManager[] trustManagers() {
    try {
      KeyStore store = emptyKeyStore();
      store.setCertificateEntry(KEY_ALIAS, certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build trust managers for the test certificate", e);
    }
  }

  private static byte[] toBeSigned(KeyPair keyPair, BigInteger serial, Instant notBefore, Instant notAfter) {
    byte[] name = sequence(set(sequence(oid(OID_COMMON_NAME), utf8String(HOST_NAME))));
    return sequence(
        explicit(0, integer(X509_V3)),
        integer(serial),
        signatureAlgorithm(),
        name, // issuer: self-signed, so the same as the subject
        sequence(time(notBefore), time(notAfter)),
        name,
        keyPair.getPublic().getEncoded(), // already a DER SubjectPublicKeyInfo
        explicit(3, sequence(
            extension(OID_BASIC_CONSTRAINTS, true, sequence()), // empty = cA FALSE: a leaf
            extension(OID_KEY_USAGE, true, keyUsageDigitalSignature()),
            extension(OID_EXTENDED_KEY_USAGE, false, sequence(oid(OID_SERVER_AUTH), oid(OID_CLIENT_AUTH))),
            extension(OID_SUBJECT_ALT_NAME, false, sequence(
                implicit(GENERAL_NAME_DNS, HOST_NAME.getBytes(StandardCharsets.US_ASCII)),
                implicit(GENERAL_NAME_IP, IPV4_LOOPBACK),
                implicit(GENERAL_NAME_IP, IPV6_LOOPBACK))))));
  }

  private static byte[] signatureAlgorithm() {
    // RFC 5758: ecdsa-with-SHA256 has absent (not NULL) parameters.
    return sequence(oid(OID_EC_WITH_SHA256));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    // critical is DEFAULT FALSE, and DER omits default values.
    return critical
        ? sequence(oid(oid), bool(true), octetString(value))
        : sequence(oid(oid), octetString(value));
  }

  private static byte[] keyUsageDigitalSignature() {
    // KeyUsage BIT STRING with only bit 0 (digitalSignature): one byte 0x80, seven unused bits.
    return DerWriter.element(0x03, new byte[] {0x07, (byte) 0x80});
  }

  private static BigInteger serialNumber(SecureRandom random) {
    // At most 20 octets and positive (RFC 5280 4.1.2.2); 127 random bits plus one is never zero.
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static String pem(String label, byte[] der) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
  }
}
