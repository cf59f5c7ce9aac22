package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The TLS settings of {@link PostgresSource#jdbcProperties()} against a loopback server that speaks the start of
 * the PostgreSQL protocol: it accepts the SSLRequest, completes a TLS handshake with its certificate, and answers
 * the startup message with an error, so a connection attempt shows how far the client got.
 */
class PostgresSourceTlsTest {
  private static final String REACHED = "tls handshake completed by the test server";

  @Test
  void trustedPemAndMatchingHostNameCompleteTheHandshake() throws Exception {
    TestCertificates cert = TestCertificates.selfSigned("localhost");
    try (TlsOnlyServer server = new TlsOnlyServer(cert)) {
      PostgresSource source = source(server.port()).trustedCertificatesPem(cert.certificatePem()).build();

      assertThatThrownBy(() -> connect(source)).isInstanceOf(SQLException.class).hasMessageContaining(REACHED);
      assertThat(server.handshake().get(30, TimeUnit.SECONDS)).isEqualTo("handshake ok");
    }
  }

  @Test
  void aCertificateForAnotherHostIsRejected() throws Exception {
    TestCertificates cert = TestCertificates.selfSigned("other.example");
    try (TlsOnlyServer server = new TlsOnlyServer(cert)) {
      PostgresSource source = source(server.port()).trustedCertificatesPem(cert.certificatePem()).build();

      assertThatThrownBy(() -> connect(source)).isInstanceOf(SQLException.class)
          .hasMessageContaining("localhost").satisfies(e -> assertThat(e.getMessage()).doesNotContain(REACHED));
    }
  }

  @Test
  void byDefaultAnUntrustedCertificateIsRejected() throws Exception {
    TestCertificates cert = TestCertificates.selfSigned("localhost");
    try (TlsOnlyServer server = new TlsOnlyServer(cert)) {
      PostgresSource source = source(server.port()).build();

      assertThatThrownBy(() -> connect(source)).isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(REACHED));
      assertThat(server.handshake().get(30, TimeUnit.SECONDS)).startsWith("handshake failed");
    }
  }

  private static PostgresSource.Builder source(int port) {
    return PostgresSource.newBuilder().host("localhost").port(port).database("app").user("u").password("pw");
  }

  private static void connect(PostgresSource source) throws SQLException {
    var props = source.jdbcProperties();
    props.setProperty("connectTimeout", "20");
    props.setProperty("socketTimeout", "20");
    DriverManager.getConnection(source.jdbcUrl(), props).close();
  }

  /** One connection: SSLRequest → 'S' → TLS handshake → ErrorResponse to the startup message. */
  private static final class TlsOnlyServer implements AutoCloseable {
    private final ServerSocket listener;
    private final CompletableFuture<String> handshake = new CompletableFuture<>();
    private final Thread thread;

    TlsOnlyServer(TestCertificates cert) throws Exception {
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(cert.keyStore(), TestCertificates.PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> serve(context), "tls-only-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    CompletableFuture<String> handshake() {
      return handshake;
    }

    private void serve(SSLContext context) {
      try (Socket plain = listener.accept()) {
        DataInputStream in = new DataInputStream(plain.getInputStream());
        int length = in.readInt();
        int code = in.readInt();
        if (length != 8 || code != 80877103) {
          handshake.complete("no SSLRequest: length " + length + " code " + code);
          return;
        }
        plain.getOutputStream().write('S');
        plain.getOutputStream().flush();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        try {
          tls.startHandshake();
        } catch (IOException e) {
          handshake.complete("handshake failed: " + e.getMessage());
          return;
        }
        DataInputStream tin = new DataInputStream(tls.getInputStream());
        byte[] startup = new byte[tin.readInt() - 4];
        tin.readFully(startup);
        handshake.complete("handshake ok");
        writeError(tls.getOutputStream());
        tls.close();
      } catch (IOException e) {
        handshake.complete("server failed: " + e);
      }
    }

    private static void writeError(OutputStream out) throws IOException {
      byte[] fields = ("SFATAL\0VFATAL\0C28000\0M" + REACHED + "\0\0").getBytes(StandardCharsets.UTF_8);
      int length = 4 + fields.length;
      out.write(new byte[] {'E', (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
          (byte) length});
      out.write(fields);
      out.flush();
    }

    @Override
    public void close() throws Exception {
      listener.close();
      thread.join(TimeUnit.SECONDS.toMillis(30));
    }
  }
}
