package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * {@link PostgresSource}'s TLS against a real server with {@code ssl = on} and a test certificate: verify-full
 * with the trusted PEM gives an encrypted session (pg_stat_ssl), the JDK trust store refuses the unknown
 * certificate, and plaintext stays unencrypted.
 */
@EachPostgresVersion
class PostgresSourceRealTlsTest {
  private static final String HOST = "127.0.0.1";

  @Parameter
  SharedPostgresServer postgres;

  @Test
  void verifyFullWithTheTrustedPemEncryptsTheSession() throws Exception {
    TestCertificates cert = TestCertificates.selfSigned(HOST);
    boolean root = "root".equals(System.getProperty("user.name"));
    // Under root the server runs as nobody, who may not reach the build directory (a private clone): /tmp it is.
    Path dir = Files.createTempDirectory(root ? Path.of("/tmp") : Path.of(System.getProperty("java.io.tmpdir")),
        "planetscale-cdc-tls-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path certFile = Files.writeString(dir.resolve("server.crt"), cert.certificatePem());
    Path keyFile = Files.writeString(dir.resolve("server.key"), cert.privateKeyPem());
    Files.setPosixFilePermissions(certFile, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    if (root) {
      // The server runs as nobody under root and must own its key file.
      UserPrincipal nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(keyFile, nobody);
    }
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(postgres.major(), List.of("ssl = on",
        "ssl_cert_file = '" + certFile + "'", "ssl_key_file = '" + keyFile + "'"))) {
      PostgresSource.Builder base = TestDatabase.source(server, "postgres").plaintext(false);

      assertThat(sslInUse(base.trustedCertificatesPem(cert.certificatePem()).build())).isTrue();
      assertThatThrownBy(() -> sslInUse(base.trustedCertificatesPem(null).build()))
          .isInstanceOf(SQLException.class).hasMessageContaining("SSL");
      assertThat(sslInUse(base.trustedCertificatesPem(null).plaintext(true).build())).isFalse();
    } finally {
      Files.deleteIfExists(certFile);
      Files.deleteIfExists(keyFile);
      Files.deleteIfExists(dir);
    }
  }

  private static boolean sslInUse(PostgresSource source) throws SQLException {
    try (Connection c = TestDatabase.connect(source); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
