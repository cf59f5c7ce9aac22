package io.planetscale.cdc.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.Configuration;

/** URL and driver properties, checked as built and as the driver itself parses them. */
class ConnectionSettingsTest {
  private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final PlanetScaleSource TLS = PlanetScaleSource.builder().host("aws.connect.psdb.cloud")
      .database("connect-test").username("user-us-east-4").password("pscale_pw_S3cret").build();

  @Test
  void defaultUrlRoutesToPrimaryWithoutCredentialsOrParameters() {
    String url = ConnectionSettings.url(TLS, JdbcOptions.defaults());

    assertThat(url).isEqualTo("jdbc:mariadb://aws.connect.psdb.cloud:3306/connect-test@primary");
    assertThat(url).doesNotContain("pscale_pw_S3cret").doesNotContain("user-us-east-4");
  }

  @Test
  void tabletTypeComesFromTheSourceUnlessTheOptionsSetIt() {
    PlanetScaleSource replica = TLS.toBuilder().useReplica(true).build();

    assertThat(ConnectionSettings.url(replica, JdbcOptions.defaults())).endsWith("/connect-test@replica");
    assertThat(ConnectionSettings.url(replica, JdbcOptions.builder().tabletType(TabletType.PRIMARY).build()))
        .endsWith("/connect-test@primary");
    assertThat(ConnectionSettings.url(TLS, JdbcOptions.builder().tabletType(TabletType.REPLICA).build()))
        .endsWith("/connect-test@replica");
    // Go's TabletTypeToString: anything but replica is "primary".
    assertThat(ConnectionSettings.url(TLS, JdbcOptions.builder().tabletType(TabletType.BATCH).build()))
        .endsWith("/connect-test@primary");
  }

  @Test
  void plaintextSourceHasNoSuffixAndNoTls() throws Exception {
    PlanetScaleSource local = TLS.toBuilder().host("127.0.0.1").port(15306).plaintext(true).build();

    String url = ConnectionSettings.url(local, JdbcOptions.defaults());
    Properties p = ConnectionSettings.properties(local, JdbcOptions.defaults());

    assertThat(url).isEqualTo("jdbc:mariadb://127.0.0.1:15306/connect-test");
    assertThat(p.getProperty("sslMode")).isEqualTo("disable");
    assertThat(Configuration.parse(url, p).sslMode()).isEqualTo(org.mariadb.jdbc.export.SslMode.DISABLE);
  }

  @Test
  void propertiesCarryCredentialsFullTlsVerificationAndTimeouts() throws Exception {
    String url = ConnectionSettings.url(TLS, JdbcOptions.defaults());
    Properties p = ConnectionSettings.properties(TLS, JdbcOptions.defaults());

    assertThat(p.getProperty("user")).isEqualTo("user-us-east-4");
    assertThat(p.getProperty("password")).isEqualTo("pscale_pw_S3cret");
    assertThat(p.getProperty("sslMode")).isEqualTo("verify-full");
    assertThat(p.getProperty("connectTimeout")).isEqualTo("10000");
    assertThat(p.getProperty("socketTimeout")).isEqualTo("31000");
    assertThat(p.getProperty("allowLocalInfile")).isEqualTo("false");
    assertThat(p).doesNotContainKey("serverSslCert");

    Configuration driver = Configuration.parse(url, p);
    assertThat(driver.database()).isEqualTo("connect-test@primary");
    assertThat(driver.user()).isEqualTo("user-us-east-4");
    assertThat(driver.sslMode()).isEqualTo(org.mariadb.jdbc.export.SslMode.VERIFY_FULL);
    assertThat(driver.connectTimeout()).isEqualTo(10_000);
    assertThat(driver.socketTimeout()).isEqualTo(31_000);
  }

  @Test
  void everySslModeReachesTheDriver() throws Exception {
    for (SslMode mode : SslMode.values()) {
      JdbcOptions options = JdbcOptions.builder().sslMode(mode).build();
      Configuration driver = Configuration.parse(ConnectionSettings.url(TLS, options), ConnectionSettings.properties(TLS, options));
      assertThat(driver.sslMode().name()).isEqualTo(mode.name());
    }
  }

  @Test
  void trustedCertificatesGoToServerSslCertUnlessTlsIsOff() throws Exception {
    PlanetScaleSource privateCa = TLS.toBuilder().trustedCertificatesPem(PEM).build();

    Properties p = ConnectionSettings.properties(privateCa, JdbcOptions.defaults());
    assertThat(p.getProperty("serverSslCert")).isEqualTo(PEM);
    assertThat(Configuration.parse(ConnectionSettings.url(privateCa, JdbcOptions.defaults()), p).serverSslCert()).isEqualTo(PEM);

    JdbcOptions off = JdbcOptions.builder().sslMode(SslMode.DISABLE).build();
    assertThat(ConnectionSettings.properties(privateCa, off)).doesNotContainKey("serverSslCert");
  }

  @Test
  void customTimeoutsReachTheDriver() {
    JdbcOptions options = JdbcOptions.builder().connectTimeout(Duration.ofMillis(1500)).queryTimeout(Duration.ofSeconds(5)).build();

    Properties p = ConnectionSettings.properties(TLS, options);

    assertThat(p.getProperty("connectTimeout")).isEqualTo("1500");
    assertThat(p.getProperty("socketTimeout")).isEqualTo("6000");
    assertThat(ConnectionSettings.seconds(Duration.ofMillis(1500))).isEqualTo(2);
    assertThat(ConnectionSettings.seconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(ConnectionSettings.seconds(Duration.ofSeconds(30))).isEqualTo(30);
  }

  @Test
  void unusualDatabaseNamesReachTheDriverIntact() throws Exception {
    PlanetScaleSource odd = TLS.toBuilder().database("select `café` 表&x=1").build();

    String url = ConnectionSettings.url(odd, JdbcOptions.defaults());

    assertThat(Configuration.parse(url, ConnectionSettings.properties(odd, JdbcOptions.defaults())).database())
        .isEqualTo("select `café` 表&x=1@primary");
  }

  @Test
  void aQuestionMarkInTheDatabaseNameIsRejected() {
    PlanetScaleSource odd = TLS.toBuilder().database("what?").build();

    assertThatThrownBy(() -> JdbcMysqlAccess.open(odd)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("database").hasMessageContaining("'?'");
  }
}
