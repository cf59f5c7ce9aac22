package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.postgres.PostgresSource;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Parsing of the Airbyte Postgres config: what each key becomes, and the error naming a bad one. */
class PostgresConfigTest {

  static Map<String, Object> minimal() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("source_type", "postgres");
    c.put("host", "db.example.com");
    c.put("database", "shop");
    c.put("username", "reader");
    c.put("password", "pg-s3cret");
    c.put("replication_method", new LinkedHashMap<>(Map.of("method", "CDC", "replication_slot", "airbyte_slot",
        "publication", "airbyte_pub")));
    return c;
  }

  private static PostgresConfig parse(Map<String, Object> config) {
    Map<String, Object> root = Json.object("config", Json.parse("config", Json.write(config)));
    assertThat(PostgresConfig.isPostgres(root)).isTrue();
    return PostgresConfig.parse(root);
  }

  private static Map<String, Object> with(Object... keysAndValues) {
    Map<String, Object> c = minimal();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      c.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return c;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withMethod(String key, Object value) {
    Map<String, Object> c = minimal();
    ((Map<String, Object>) c.get("replication_method")).put(key, value);
    return c;
  }

  private static void fails(Map<String, Object> config, String... fragments) {
    assertThatThrownBy(() -> parse(config)).isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments).doesNotContain("pg-s3cret"));
  }

  @Test
  void minimalConfigGetsTheDefaults() {
    PostgresConfig c = parse(minimal());
    PostgresSource s = c.source();
    assertThat(s.host()).isEqualTo("db.example.com");
    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.database()).isEqualTo("shop");
    assertThat(s.user()).isEqualTo("reader");
    assertThat(s.password()).isEqualTo("pg-s3cret");
    assertThat(s.plaintext()).as("TLS verify-full by default").isFalse();
    assertThat(s.jdbcProperties().getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(s.trustedCertificatesPem()).isEmpty();
    assertThat(s.schema()).isEqualTo("public");
    assertThat(s.publication()).as("one schema: discovery reads the schema").isEmpty();
    assertThat(c.schemas()).containsExactly("public");
    assertThat(c.slot()).isEqualTo("airbyte_slot");
    assertThat(c.publication()).isEqualTo("airbyte_pub");
    assertThat(c.createIfMissing()).isFalse();
    assertThat(c.failoverSlot()).isTrue();
    assertThat(c.resyncOnInvalidCursor()).isFalse();
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void everyKeyIsRead() {
    Map<String, Object> c = with("port", 6543, "schemas", List.of("sales", "ops"), "ssl_mode", Map.of("mode",
        "disable"));
    c.put("replication_method", Map.of("method", "CDC", "plugin", "pgoutput", "replication_slot", "s1",
        "publication", "p1", "create_if_missing", true, "failover_slot", false,
        "invalid_cdc_cursor_position_behavior", "Re-sync data", "queue_size", 10000));
    PostgresConfig p = parse(c);
    assertThat(p.source().port()).isEqualTo(6543);
    assertThat(p.source().plaintext()).isTrue();
    assertThat(p.schemas()).containsExactly("sales", "ops");
    assertThat(p.source().schema()).isEqualTo("sales");
    assertThat(p.source().publication()).as("several schemas are discovered through the publication")
        .contains("p1");
    assertThat(p.createIfMissing()).isTrue();
    assertThat(p.failoverSlot()).isFalse();
    assertThat(p.resyncOnInvalidCursor()).isTrue();
    assertThat(p.warnings()).singleElement().asString().contains("replication_method.queue_size")
        .contains("ignored");
  }

  @Test
  void schemaAndSslModeAsPlainStrings() {
    PostgresConfig p = parse(with("schema", "sales", "ssl_mode", "disable"));
    assertThat(p.schemas()).containsExactly("sales");
    assertThat(p.source().plaintext()).isTrue();
  }

  @Test
  void caCertificateOrTrustedCertificatesPemAreTrusted() {
    String pem;
    try (FakePlanetScale tls = FakePlanetScale.builder().tls(true).build().start()) {
      pem = tls.certificatePem(); // a real certificate: the source parses the PEM when built
    }
    assertThat(parse(with("ssl_mode", Map.of("mode", "verify-full", "ca_certificate", pem))).source()
        .trustedCertificatesPem()).contains(pem);
    assertThat(parse(with("trusted_certificates_pem", pem)).source().trustedCertificatesPem()).contains(pem);
    fails(with("ssl_mode", Map.of("mode", "verify-full", "ca_certificate", pem), "trusted_certificates_pem", pem),
        "ssl_mode.ca_certificate and trusted_certificates_pem are both given");
    fails(with("ssl_mode", Map.of("mode", "disable", "ca_certificate", pem)), "ssl_mode is \"disable\"",
        "certificates");
  }

  @Test
  void sourceTypeDecidesTheEngine() {
    assertThat(PostgresConfig.isPostgres(Map.of("host", "h"))).as("no source_type: Vitess").isFalse();
    assertThatThrownBy(() -> PostgresConfig.isPostgres(Map.of("source_type", "mysql")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("source_type")
        .hasMessageContaining("\"mysql\"").hasMessageContaining("postgres");
  }

  @Test
  void missingOrBadKeysAreNamed() {
    Map<String, Object> noHost = minimal();
    noHost.remove("host");
    fails(noHost, "host", "missing");
    Map<String, Object> noUser = minimal();
    noUser.remove("username");
    fails(noUser, "username");
    Map<String, Object> noDatabase = minimal();
    noDatabase.remove("database");
    fails(noDatabase, "database");
    fails(with("port", 70000), "port", "70000", "1 to 65535");
    fails(with("port", "5432"), "port", "\"5432\"");
    fails(with("schemas", List.of()), "schemas is empty");
    fails(with("schemas", List.of("a", 7)), "schemas[1]");
    fails(with("schemas", List.of("a"), "schema", "b"), "schemas and schema are both given");
    fails(with("ssl_mode", Map.of("mode", "require")), "ssl_mode.mode \"require\" is not supported",
        "verify-full", "disable");
    fails(with("ssl_mode", Map.of("mode", "verify-full", "client_key", "k")), "ssl_mode.client_key");
    fails(with("tunnel_method", Map.of("tunnel_method", "SSH_KEY_AUTH")), "tunnel_method", "not supported");
    fails(with("password", 12), "password must be a string");
  }

  @Test
  void replicationMethodErrorsAreNamed() {
    Map<String, Object> none = minimal();
    none.remove("replication_method");
    fails(none, "replication_method", "\"method\":\"CDC\"");
    fails(with("replication_method", Map.of("method", "Xmin")), "replication_method.method", "only \"CDC\"",
        "\"Xmin\"");
    fails(with("replication_method", Map.of("method", "CDC", "publication", "p")), "replication_method"
        + ".replication_slot");
    fails(with("replication_method", Map.of("method", "CDC", "replication_slot", "s")), "replication_method"
        + ".publication");
    fails(withMethod("plugin", "wal2json"), "replication_method.plugin", "pgoutput");
    fails(withMethod("create_if_missing", "yes"), "replication_method.create_if_missing", "true or false");
    fails(withMethod("invalid_cdc_cursor_position_behavior", "Ignore"),
        "replication_method.invalid_cdc_cursor_position_behavior", "\"Re-sync data\"");
    fails(withMethod("replication_slot", "Bad-Slot"), "slot name \"Bad-Slot\" is not valid");
  }

  @Test
  void theReadmesPostgresConfigParses() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above the working directory").isNotNull();
    String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```json\n(\\{\n  \"source_type\": \"postgres\".*?)```", Pattern.DOTALL)
        .matcher(readme);
    assertThat(block.find()).as("a ```json block with the Postgres config in README.md").isTrue();
    Map<String, Object> root = Json.object("config", Json.parse("config", block.group(1)));
    assertThat(PostgresConfig.isPostgres(root)).isTrue();
    PostgresConfig c = PostgresConfig.parse(root);
    assertThat(c.source().plaintext()).isFalse();
    assertThat(c.slot()).isEqualTo("airbyte_slot");
    assertThat(c.publication()).isEqualTo("airbyte_publication");
    assertThat(c.warnings()).isEmpty();
  }
}
