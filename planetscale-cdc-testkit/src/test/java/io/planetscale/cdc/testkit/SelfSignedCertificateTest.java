package io.planetscale.cdc.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** The generated certificate on its own, then in real TLS handshakes through grpc-okhttp on loopback. */
class SelfSignedCertificateTest {
  private static final SelfSignedCertificate CERT = SelfSignedCertificate.generate();
  private static final SyncResponse CANNED_RESPONSE = SyncResponse.newBuilder()
      .setCursor(TableCursor.newBuilder()
          .setKeyspace("ks")
          .setShard("-")
          .setPosition("MySQL56/e42292e4-c4b8-11ee-a3cc-0242ac120002:1-3"))
      .build();

  @Test
  void isAnX509v3CertificateForLocalhostIssuedByItself() {
    X509Certificate cert = CERT.certificate();

    assertThat(cert.getVersion()).isEqualTo(3);
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
    assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(CERT.privateKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void verifiesWithItsOwnKeyButNotWithAnother() throws Exception {
    CERT.certificate().verify(CERT.certificate().getPublicKey());

    SelfSignedCertificate other = SelfSignedCertificate.generate();
    assertThatThrownBy(() -> CERT.certificate().verify(other.certificate().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void namesLocalhostAndBothLoopbackAddresses() throws Exception {
    List<List<?>> names = new ArrayList<>();
    for (List<?> name : CERT.certificate().getSubjectAlternativeNames()) {
      names.add(List.copyOf(name));
    }

    assertThat(names).containsExactly(
        List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
  }

  @Test
  void isValidFromAnHourAgoForTwoDays() throws Exception {
    X509Certificate cert = CERT.certificate();
    Instant now = Instant.now();

    cert.checkValidity();
    assertThat(cert.getNotBefore().toInstant()).isCloseTo(now.minus(Duration.ofHours(1)), within(1, ChronoUnit.MINUTES));
    assertThat(cert.getNotAfter().toInstant()).isCloseTo(now.plus(Duration.ofDays(2)), within(1, ChronoUnit.MINUTES));
    assertThatThrownBy(() -> cert.checkValidity(Date.from(now.plus(Duration.ofDays(3)))))
        .isInstanceOf(CertificateExpiredException.class);
  }

  @Test
  void isALeafForServerAuthWithCriticalConstraints() {
    X509Certificate cert = CERT.certificate();

    assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    assertThat(cert.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.17", "2.5.29.37");
  }

  @Test
  void eachGenerationHasItsOwnPositiveSerialAndKey() throws Exception {
    SelfSignedCertificate other = SelfSignedCertificate.generate();

    assertThat(CERT.certificate().getSerialNumber()).isPositive();
    assertThat(other.certificate().getSerialNumber()).isNotEqualTo(CERT.certificate().getSerialNumber());
    assertThat(other.certificate().getPublicKey()).isNotEqualTo(CERT.certificate().getPublicKey());
    assertThat(CERT.certificate().getSerialNumber().bitLength()).isLessThanOrEqualTo(159);
  }

  @Test
  void certificatePemHasStandardArmourAnd64CharacterLinesAndParsesBack() throws Exception {
    String pem = CERT.certificatePem();
    List<String> lines = pem.lines().toList();

    assertThat(lines.get(0)).isEqualTo("-----BEGIN CERTIFICATE-----");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("-----END CERTIFICATE-----");
    List<String> body = lines.subList(1, lines.size() - 1);
    assertThat(body).allSatisfy(line -> assertThat(line.length()).isBetween(1, 64));
    assertThat(body.subList(0, body.size() - 1)).allSatisfy(line -> assertThat(line).hasSize(64));

    X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(US_ASCII)));
    assertThat(parsed).isEqualTo(CERT.certificate());
  }

  @Test
  void privateKeyPemIsPkcs8AndParsesBack() throws Exception {
    String pem = CERT.privateKeyPem();
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");

    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PrivateKey parsed = KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    assertThat(parsed).isEqualTo(CERT.privateKey());
  }

  @Test
  void keyManagersPresentTheCertificateAndKey() {
    X509KeyManager keyManager = (X509KeyManager) CERT.keyManagers()[0];

    String alias = keyManager.chooseServerAlias("EC", null, null);
    assertThat(alias).isNotNull();
    assertThat(keyManager.getCertificateChain(alias)).containsExactly(CERT.certificate());
    assertThat(keyManager.getPrivateKey(alias)).isEqualTo(CERT.privateKey());
  }

  @Test
  void trustManagersTrustThisCertificateOnly() throws Exception {
    X509TrustManager trustManager = (X509TrustManager) CERT.trustManagers()[0];

    trustManager.checkServerTrusted(new X509Certificate[] {CERT.certificate()}, "ECDHE_ECDSA");
    assertThat(trustManager.getAcceptedIssuers()).containsExactly(CERT.certificate());

    X509Certificate stranger = SelfSignedCertificate.generate().certificate();
    assertThatThrownBy(() -> trustManager.checkServerTrusted(new X509Certificate[] {stranger}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void grpcClientTrustingThePemCompletesACallOverTlsByIpAndByName() throws Exception {
    ChannelCredentials trustPem = TlsChannelCredentials.newBuilder()
        .trustManager(new ByteArrayInputStream(CERT.certificatePem().getBytes(US_ASCII)))
        .build();
    Server server = startTlsServer(serverCredentials(CERT));
    try {
      for (String host : List.of("127.0.0.1", "localhost")) {
        ManagedChannel channel = OkHttpChannelBuilder.forAddress(host, server.getPort(), trustPem).build();
        try {
          assertThat(callSync(channel)).as("via %s", host).containsExactly(CANNED_RESPONSE);
        } finally {
          shutDown(channel);
        }
      }
    } finally {
      shutDown(server);
    }
  }

  @Test
  void grpcWorksWithTheTrustManagersAndWithPemServerCredentials() throws Exception {
    // The PEM pair is what TlsServerCredentials.create takes; the trust managers skip PEM entirely.
    ServerCredentials fromPem = TlsServerCredentials.create(
        new ByteArrayInputStream(CERT.certificatePem().getBytes(US_ASCII)),
        new ByteArrayInputStream(CERT.privateKeyPem().getBytes(US_ASCII)));
    Server server = startTlsServer(fromPem);
    try {
      ManagedChannel channel = OkHttpChannelBuilder.forAddress("localhost", server.getPort(),
          TlsChannelCredentials.newBuilder().trustManager(CERT.trustManagers()).build()).build();
      try {
        assertThat(callSync(channel)).containsExactly(CANNED_RESPONSE);
      } finally {
        shutDown(channel);
      }
    } finally {
      shutDown(server);
    }
  }

  @Test
  void grpcClientWithDefaultJdkTrustFailsTheHandshake() throws Exception {
    Server server = startTlsServer(serverCredentials(CERT));
    try {
      ManagedChannel channel =
          OkHttpChannelBuilder.forAddress("localhost", server.getPort(), TlsChannelCredentials.create()).build();
      try {
        assertHandshakeFails(channel);
      } finally {
        shutDown(channel);
      }
    } finally {
      shutDown(server);
    }
  }

  @Test
  void grpcClientTrustingAnotherCertificateFailsTheHandshake() throws Exception {
    SelfSignedCertificate stranger = SelfSignedCertificate.generate();
    Server server = startTlsServer(serverCredentials(CERT));
    try {
      ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", server.getPort(),
          TlsChannelCredentials.newBuilder().trustManager(stranger.trustManagers()).build()).build();
      try {
        assertHandshakeFails(channel);
      } finally {
        shutDown(channel);
      }
    } finally {
      shutDown(server);
    }
  }

  @Test
  void grpcClientRejectsTheCertificateForAHostItDoesNotName() throws Exception {
    Server server = startTlsServer(serverCredentials(CERT));
    try {
      // Trusted certificate, wrong name: proves the client checks the subject alternative names.
      ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", server.getPort(),
              TlsChannelCredentials.newBuilder().trustManager(CERT.trustManagers()).build())
          .overrideAuthority("db.example.com:" + server.getPort())
          .build();
      try {
        assertThatThrownBy(() -> callSync(channel))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> {
                  assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                  assertThat(causes(e)).anySatisfy(cause -> assertThat(cause)
                      .isInstanceOf(SSLPeerUnverifiedException.class)
                      .hasMessageContaining("db.example.com"));
                });
      } finally {
        shutDown(channel);
      }
    } finally {
      shutDown(server);
    }
  }

  /** Answers every Sync with one canned response, enough to prove bytes crossed the TLS session. */
  private static final class OneResponseConnect extends ConnectGrpc.ConnectImplBase {
    @Override
    public void sync(SyncRequest request, StreamObserver<SyncResponse> responses) {
      responses.onNext(CANNED_RESPONSE);
      responses.onCompleted();
    }
  }

  private static ServerCredentials serverCredentials(SelfSignedCertificate cert) {
    return TlsServerCredentials.newBuilder().keyManager(cert.keyManagers()).build();
  }

  private static Server startTlsServer(ServerCredentials credentials) throws IOException {
    return OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0), credentials)
        .addService(new OneResponseConnect())
        .build()
        .start();
  }

  private static List<SyncResponse> callSync(ManagedChannel channel) {
    Iterator<SyncResponse> responses = ConnectGrpc.newBlockingStub(channel)
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .sync(SyncRequest.newBuilder().setTableName("users").build());
    List<SyncResponse> all = new ArrayList<>();
    responses.forEachRemaining(all::add);
    return all;
  }

  private static void assertHandshakeFails(ManagedChannel channel) {
    assertThatThrownBy(() -> callSync(channel))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(causes(e)).anySatisfy(cause -> assertThat(cause).isInstanceOf(SSLException.class));
        });
  }

  private static List<Throwable> causes(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static void shutDown(ManagedChannel channel) throws InterruptedException {
    channel.shutdownNow();
    assertThat(channel.awaitTermination(10, TimeUnit.SECONDS)).as("channel terminated").isTrue();
  }

  private static void shutDown(Server server) throws InterruptedException {
    server.shutdownNow();
    assertThat(server.awaitTermination(10, TimeUnit.SECONDS)).as("server terminated").isTrue();
  }
}
