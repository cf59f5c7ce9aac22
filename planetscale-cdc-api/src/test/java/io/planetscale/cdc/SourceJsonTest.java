package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceJsonTest {

  private static final String PASSWORD = "pscale_pw_Sup3rS3cret";

  /** An Airbyte configuration using every key of reference §4.1. */
  private static final String AIRBYTE_CONFIG = "{\"host\":\"aws.connect.psdb.cloud\",\"database\":\"connect-test\","
      + "\"username\":\"user1\",\"password\":\"" + PASSWORD + "\",\"use_replica\":true,\"use_rdonly\":false,"
      + "\"shards\":\"-40,40-80\",\"include_metadata\":false,"
      + "\"starting_gtids\":\"{\\\"connect-test\\\":{\\\"-40\\\":\\\"MySQL56/MYGTID1:1-3\\\","
      + "\\\"40-80\\\":\\\"MySQL56/MYGTID2:1-3\\\"}}\","
      + "\"max_retries\":5,\"timeout_seconds\":600,\"use_gtid_with_table_pks\":true,"
      + "\"options\":{\"do_not_treat_tiny_int_as_boolean\":true}}";

  private static Map<String, Map<String, String>> exampleGtids() {
    Map<String, String> byShard = new LinkedHashMap<>();
    byShard.put("-40", "MySQL56/MYGTID1:1-3");
    byShard.put("40-80", "MySQL56/MYGTID2:1-3");
    return Map.of("connect-test", byShard);
  }

  @Test
  void readsEveryAirbyteKey() {
    PlanetScaleSource s = PlanetScaleSource.fromJson(AIRBYTE_CONFIG);
    assertThat(s.host()).isEqualTo("aws.connect.psdb.cloud");
    assertThat(s.database()).isEqualTo("connect-test");
    assertThat(s.username()).isEqualTo("user1");
    assertThat(s.password()).isEqualTo(PASSWORD);
    assertThat(s.useReplica()).isTrue();
    assertThat(s.useRdonly()).isFalse();
    assertThat(s.tabletType()).isEqualTo(TabletType.REPLICA);
    assertThat(s.shards()).containsExactly("-40", "40-80");
    assertThat(s.startingGtids()).isEqualTo(exampleGtids());
    assertThat(s.maxRetries()).isEqualTo(5);
    assertThat(s.timeoutSeconds()).isEqualTo(600);
    assertThat(s.useGtidWithTablePks()).isTrue();
    assertThat(s.doNotTreatTinyIntAsBoolean()).isTrue();
    assertThat(s.plaintext()).isFalse();
    assertThat(s.port()).isZero();
    assertThat(s.trustedCertificatesPem()).isNull();
  }

  @Test
  void writesEveryAirbyteKeyInSpecOrder() {
    PlanetScaleSource s = PlanetScaleSource.fromJson(AIRBYTE_CONFIG);
    // include_metadata is not part of PlanetScaleSource, so it is the only key not written back.
    assertThat(s.toJson()).isEqualTo(AIRBYTE_CONFIG.replace("\"include_metadata\":false,", ""));
  }

  @Test
  void roundTripsThroughJson() {
    PlanetScaleSource s = PlanetScaleSource.fromJson(AIRBYTE_CONFIG);
    assertThat(PlanetScaleSource.fromJson(s.toJson())).isEqualTo(s);
  }

  @Test
  void minimalConfigTakesAirbyteDefaults() {
    PlanetScaleSource s = PlanetScaleSource.fromJson("{\"host\":\"h.example\",\"database\":\"db\"}");
    assertThat(s.username()).isEmpty();
    assertThat(s.password()).isEmpty();
    assertThat(s.shards()).isEmpty();
    assertThat(s.startingGtids()).isEmpty();
    assertThat(s.timeoutSeconds()).isEqualTo(300);
    assertThat(s.maxRetries()).isEqualTo(3);
    assertThat(s.tabletType()).isEqualTo(TabletType.PRIMARY);
    assertThat(s.toJson()).isEqualTo("{\"host\":\"h.example\",\"database\":\"db\",\"username\":\"\",\"password\":\"\","
        + "\"use_replica\":false,\"use_rdonly\":false,\"shards\":\"\",\"starting_gtids\":\"\",\"max_retries\":3,"
        + "\"timeout_seconds\":300,\"use_gtid_with_table_pks\":false,"
        + "\"options\":{\"do_not_treat_tiny_int_as_boolean\":false}}");
  }

  @Test
  void nullValuesTakeDefaults() {
    PlanetScaleSource s = PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"timeout_seconds\":null,"
        + "\"max_retries\":null,\"shards\":null,\"starting_gtids\":null,\"options\":null,\"use_replica\":null}");
    assertThat(s.timeoutSeconds()).isEqualTo(300);
    assertThat(s.maxRetries()).isEqualTo(3);
    assertThat(s.shards()).isEmpty();
    assertThat(s.startingGtids()).isEmpty();
    assertThat(s.useReplica()).isFalse();
  }

  @Test
  void shardsAreTrimmedAndEmptyEntriesDropped() {
    PlanetScaleSource s = PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"shards\":\" -80 ,, 80- ,\"}");
    assertThat(s.shards()).containsExactly("-80", "80-");
    assertThat(s.toJson()).contains("\"shards\":\"-80,80-\"");
  }

  @Test
  void shardsMayBeAJsonArray() {
    PlanetScaleSource s = PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"shards\":[\"-80\",\" 80-\",\"\"]}");
    assertThat(s.shards()).containsExactly("-80", "80-");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"shards\":[\"-80\",1]}"))
        .hasMessage("config: shards[1]: expected a string, got 1");
  }

  @Test
  void booleansAlsoAcceptStrings() {
    PlanetScaleSource s = PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"use_rdonly\":\"true\","
        + "\"use_replica\":\"false\",\"plaintext\":\"TRUE\",\"options\":{\"do_not_treat_tiny_int_as_boolean\":\"true\"}}");
    assertThat(s.useRdonly()).isTrue();
    assertThat(s.useReplica()).isFalse();
    assertThat(s.plaintext()).isTrue();
    assertThat(s.doNotTreatTinyIntAsBoolean()).isTrue();
    assertThat(s.tabletType()).isEqualTo(TabletType.BATCH);
  }

  @Test
  void startingGtidsMayBeAnObject() {
    String json = "{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":{\"connect-test\":{\"-40\":\"MySQL56/MYGTID1:1-3\","
        + "\"40-80\":\"MySQL56/MYGTID2:1-3\"}}}";
    PlanetScaleSource s = PlanetScaleSource.fromJson(json);
    assertThat(s.startingGtids()).isEqualTo(exampleGtids());
    assertThat(s.toJson()).contains("\"starting_gtids\":\"{\\\"connect-test\\\":{\\\"-40\\\":\\\"MySQL56/MYGTID1:1-3\\\","
        + "\\\"40-80\\\":\\\"MySQL56/MYGTID2:1-3\\\"}}\"");
  }

  @Test
  void blankStartingGtidsMeanNone() {
    assertThat(PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":\"  \"}").startingGtids())
        .isEmpty();
    assertThat(PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":\"{}\"}").startingGtids())
        .isEmpty();
  }

  @Test
  void unparsableStartingGtidsAreReportedWithTheReason() {
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":\"{ks:1}\"}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("config: starting_gtids: cannot parse starting gtids: invalid JSON at line 1, column 2: ");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(
        "{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":\"{\\\"ks\\\":{\\\"-\\\":5}}\"}"))
        .hasMessage("config: starting_gtids: cannot parse starting gtids: ks[\"-\"]: expected a string, got 5");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":\"[1]\"}"))
        .hasMessageStartingWith("config: starting_gtids: cannot parse starting gtids: expected an object");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"starting_gtids\":7}"))
        .hasMessageStartingWith("config: starting_gtids: expected a JSON string or an object");
  }

  @Test
  void sdkKeysAreWrittenOnlyWhenSet() {
    PlanetScaleSource s = PlanetScaleSource.builder().host("127.0.0.1").database("ks").plaintext(true).port(15991)
        .trustedCertificatesPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").build();
    String json = s.toJson();
    assertThat(json).endsWith("\"options\":{\"do_not_treat_tiny_int_as_boolean\":false},\"plaintext\":true,"
        + "\"port\":15991,\"trusted_certificates_pem\":\"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"}");
    assertThat(PlanetScaleSource.fromJson(json)).isEqualTo(s);
  }

  @Test
  void builderSourceRoundTrips() {
    PlanetScaleSource s = PlanetScaleSource.builder().host("h.example:8443").database("db").username("u")
        .password("p<&>\"w").shards("-80", "80-").useRdonly(true).startingGtids(exampleGtids()).timeoutSeconds(900)
        .maxRetries(0).doNotTreatTinyIntAsBoolean(true).build();
    assertThat(PlanetScaleSource.fromJson(s.toJson())).isEqualTo(s);
  }

  @Test
  void missingHostOrDatabaseNamesTheKey() {
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"database\":\"d\"}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("config: host: is required");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"  \"}"))
        .hasMessage("config: database: is required");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{}")).hasMessageContaining("host");
  }

  @Test
  void wrongTypesNameTheKey() {
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"timeout_seconds\":\"soon\"}"))
        .hasMessage("config: timeout_seconds: expected an integer, got \"soon\"");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"use_replica\":1}"))
        .hasMessage("config: use_replica: expected a boolean, got 1");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"options\":"
        + "{\"do_not_treat_tiny_int_as_boolean\":\"nope\"}}"))
        .hasMessage("config: options.do_not_treat_tiny_int_as_boolean: expected a boolean, got \"nope\"");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":42,\"database\":\"d\"}"))
        .hasMessage("config: host: expected a string, got 42");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"options\":[]}"))
        .hasMessage("config: options: expected an object, got an array");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("[\"h\"]"))
        .hasMessage("config: expected an object, got an array");
  }

  @Test
  void recordValidationStillApplies() {
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"timeout_seconds\":0}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("timeout_seconds");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"port\":70000}"))
        .hasMessageContaining("port");
  }

  @Test
  void errorsNeverEchoThePassword() {
    String wrongTypeNextToPassword = "{\"host\":\"h\",\"database\":\"d\",\"password\":\"" + PASSWORD
        + "\",\"max_retries\":\"" + PASSWORD + "x\"}";
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(wrongTypeNextToPassword))
        .hasMessageStartingWith("config: max_retries: expected an integer")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));

    String longPassword = "L0ng-" + "p".repeat(80);
    String longPasted = "{\"host\":\"h\",\"database\":\"d\",\"password\":\"" + longPassword
        + "\",\"use_rdonly\":\"" + longPassword + "\"}";
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(longPasted))
        .hasMessage("config: use_rdonly: expected a boolean, got a string")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("L0ng-pppp"));

    String plainWrongType = "{\"host\":\"h\",\"database\":\"d\",\"password\":\"" + PASSWORD + "\",\"max_retries\":true}";
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(plainWrongType))
        .hasMessage("config: max_retries: expected an integer, got true");

    String wrongTypedPassword = "{\"host\":\"h\",\"database\":\"d\",\"password\":31415926535}";
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(wrongTypedPassword))
        .hasMessage("config: password: expected a string, got a number");

    String unquotedPassword = "{\"host\":\"h\",\"database\":\"d\",\"password\":" + PASSWORD + "}";
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(unquotedPassword))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("config: invalid JSON at line 1, column ")
        .hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain("Sup3r"));
  }

  /**
   * A value holding the password (pasted into the wrong key, or into starting_gtids) is described by
   * its kind; any other value is quoted whole, however short the password: it is never cut out of
   * other text, which for "p" or "shop" would mangle the message and reveal the password. (A long
   * password is hidden inside longer values too: see errorsNeverEchoThePassword.)
   */
  @ParameterizedTest(name = "password \"{0}\"")
  @ValueSource(strings = {"p", "a", "shop", PASSWORD})
  void onlyAValueHoldingThePasswordIsHidden(String password) {
    String base = "{\"host\":\"h\",\"database\":\"d\",\"password\":\"" + password + "\",";
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(base + "\"use_rdonly\":\"shop table parsing\"}"))
        .hasMessage("config: use_rdonly: expected a boolean, got \"shop table parsing\"");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(base + "\"use_rdonly\":\"" + password + "\"}"))
        .hasMessage("config: use_rdonly: expected a boolean, got a string");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(base + "\"max_retries\":\" " + password + "\\n\"}"))
        .hasMessage("config: max_retries: expected an integer, got a string");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(base + "\"starting_gtids\":{\"d\":\"shop table\"}}"))
        .hasMessage("config: starting_gtids.d: expected an object, got \"shop table\"");
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(base + "\"starting_gtids\":{\"d\":\"" + password + "\"}}"))
        .hasMessage("config: starting_gtids.d: expected an object, got a string");
    // starting_gtids as a JSON string holding JSON: the nested document hides the password too.
    assertThatThrownBy(() -> PlanetScaleSource.fromJson(base + "\"starting_gtids\":\"\\\"" + password + "\\\"\"}"))
        .hasMessage("config: starting_gtids: cannot parse starting gtids: expected an object of"
            + " {\"<keyspace>\":{\"<shard>\":\"<gtid>\"}}, got a string");
  }

  @Test
  void toStringAndToJsonOfAParsedSource() {
    PlanetScaleSource s = PlanetScaleSource.fromJson(AIRBYTE_CONFIG);
    assertThat(s.toString()).doesNotContain(PASSWORD);
    // The config file itself must carry the password to be usable.
    assertThat(s.toJson()).contains("\"password\":\"" + PASSWORD + "\"");
  }

  @Test
  void unknownKeysAreIgnored() {
    PlanetScaleSource s = PlanetScaleSource.fromJson("{\"host\":\"h\",\"database\":\"d\",\"include_metadata\":true,"
        + "\"future_option\":{\"x\":[1,2]}}");
    assertThat(s.host()).isEqualTo("h");
    assertThat(s.shards()).isEqualTo(List.of());
  }
}
