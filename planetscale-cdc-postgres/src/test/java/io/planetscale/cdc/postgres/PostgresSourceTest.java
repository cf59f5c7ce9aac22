package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.postgres.internal.tls.PemTrustSocketFactory;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PostgresSourceTest {

  private static PostgresSource.Builder valid() {
    return PostgresSource.newBuilder().host("db.example.com").database("app").user("reader.abc123")
        .password("s3cret-pw");
  }

  @Test
  void defaultsArePort5432PublicSchemaAndVerifiedTlsAgainstTheJdkTrustStore() {
    PostgresSource source = valid().build();

    assertThat(source.port()).isEqualTo(5432);
    assertThat(source.schema()).isEqualTo("public");
    assertThat(source.publication()).isEmpty();
    assertThat(source.plaintext()).isFalse();
    assertThat(source.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/app");
    Properties p = source.jdbcProperties();
    assertThat(p.getProperty("user")).isEqualTo("reader.abc123");
    assertThat(p.getProperty("password")).isEqualTo("s3cret-pw");
    assertThat(p.getProperty("ssl")).isEqualTo("true");
    assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(p.getProperty("sslfactory")).isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
    assertThat(p.getProperty("sslfactoryarg")).isNull();
    assertThat(p.getProperty("ApplicationName")).isEqualTo("planetscale-cdc");
    // Text values on every connection: the snapshot and the stream convert the same text.
    assertThat(p.getProperty("binaryTransfer")).isEqualTo("false");
    // No startup settings: a proxy in front of the server may refuse them.
    assertThat(p.getProperty("options")).isNull();
  }

  @Test
  void plaintextDisablesTls() {
    Properties p = valid().plaintext(true).build().jdbcProperties();

    assertThat(p.getProperty("sslmode")).isEqualTo("disable");
    assertThat(p.getProperty("ssl")).isNull();
    assertThat(p.getProperty("sslfactory")).isNull();
  }

  @Test
  void trustedCertificatesArePassedToThePemFactoryWithoutAFile() throws Exception {
    String pem = TestCertificates.selfSigned("localhost").certificatePem();

    PostgresSource source = valid().trustedCertificatesPem(pem).build();

    Properties p = source.jdbcProperties();
    assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(p.getProperty("sslfactory")).isEqualTo(PemTrustSocketFactory.class.getName());
    assertThat(p.getProperty("sslfactoryarg")).isEqualTo(pem);
    assertThat(source.trustedCertificatesPem()).contains(pem);
    assertThat(source.toString()).contains("trusted certificates PEM");
  }

  @Test
  void toStringRedactsThePassword() {
    PostgresSource source = valid().publication("cdc_pub").build();

    assertThat(source.toString()).doesNotContain("s3cret-pw").contains("password=<redacted>")
        .contains("host=db.example.com").contains("user=reader.abc123").contains("publication=cdc_pub")
        .contains("verify-full");
    assertThat(valid().password(null).build().toString()).contains("password=<empty>");
  }

  @Test
  void requiredFieldsAreNamedWhenMissing() {
    assertThatThrownBy(() -> valid().host(null).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("host is required");
    assertThatThrownBy(() -> valid().database(" ").build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database is required");
    assertThatThrownBy(() -> valid().user("").build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("user is required");
    assertThatThrownBy(() -> valid().schema(null).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("schema is required");
  }

  @Test
  void badHostPortAndCertificatesAreRejectedWithTheField() {
    assertThatThrownBy(() -> valid().host("db.example.com:6432").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("host \"db.example.com:6432\"")
        .hasMessageContaining("port(int)");
    assertThatThrownBy(() -> valid().host("[::1]:5432").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("host \"[::1]:5432\"");
    assertThatThrownBy(() -> valid().port(0).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("port 0");
    assertThatThrownBy(() -> valid().port(70000).build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("port 70000");
    assertThatThrownBy(() -> valid().trustedCertificatesPem("not a certificate").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("trustedCertificatesPem");
    assertThatThrownBy(() -> valid().trustedCertificatesPem(
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("trustedCertificatesPem");
  }

  @Test
  void certificatesWithPlaintextAreContradictory() throws Exception {
    String pem = TestCertificates.selfSigned("localhost").certificatePem();

    assertThatThrownBy(() -> valid().plaintext(true).trustedCertificatesPem(pem).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("plaintext");
  }

  @Test
  void ipv6HostsAreBracketedAndDatabaseNamesEncodedInTheUrl() {
    assertThat(valid().host("::1").database("my db").port(6543).build().jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:6543/my+db");
    assertThat(valid().host("[::1]").database("app").build().jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/app");
  }

  @Test
  void toBuilderCopiesEveryValue() {
    PostgresSource source = valid().port(15432).schema("Sales").publication("pub").plaintext(true).build();

    assertThat(source.toBuilder().build()).isEqualTo(source).hasSameHashCodeAs(source);
    assertThat(source.toBuilder().password("other").build()).isNotEqualTo(source);
  }
}
