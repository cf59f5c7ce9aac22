package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Builder defaults, DSN, initial state (airbyte-source's planetscale_connection_test.go), secrecy. */
class PlanetScaleSourceTest {
  private final PlanetScaleSource source = PlanetScaleSource.builder().host("useast.psdb.connect")
      .database("connect-test").username("usernameus-east-4").password("pscale_password").build();

  @Test
  void builderHasTheGoAndAirbyteDefaults() {
    assertThat(source.timeoutSeconds()).isEqualTo(300);
    assertThat(source.maxRetries()).isEqualTo(3);
    assertThat(source.shards()).isEmpty();
    assertThat(source.startingGtids()).isEmpty();
    assertThat(source.plaintext()).isFalse();
    assertThat(source.tabletType()).isEqualTo(TabletType.PRIMARY);
    assertThat(source.grpcPort()).isEqualTo(443);
    assertThat(source.mysqlPort()).isEqualTo(3306);
  }

  @Test
  void secureJdbcUrlUsesTabletSuffixAndFullVerification() {
    assertThat(source.jdbcUrl(TabletType.PRIMARY))
        .isEqualTo("jdbc:mariadb://useast.psdb.connect:3306/connect-test@primary?sslMode=verify-full");
    assertThat(source.jdbcUrl(TabletType.REPLICA))
        .isEqualTo("jdbc:mariadb://useast.psdb.connect:3306/connect-test@replica?sslMode=verify-full");
    // Go's TabletTypeToString maps rdonly to primary.
    assertThat(source.jdbcUrl(TabletType.BATCH)).contains("/connect-test@primary?");
  }

  @Test
  void plaintextJdbcUrlHasNoSuffixAndNoTls() {
    PlanetScaleSource local = source.toBuilder().plaintext(true).port(33306).build();
    assertThat(local.jdbcUrl(TabletType.PRIMARY))
        .isEqualTo("jdbc:mariadb://useast.psdb.connect:33306/connect-test?sslMode=disable");
  }

  @Test
  void hostPortWinsForGrpc() {
    PlanetScaleSource withPort = source.toBuilder().host("127.0.0.1:50051").build();
    assertThat(withPort.hostName()).isEqualTo("127.0.0.1");
    assertThat(withPort.grpcPort()).isEqualTo(50051);
    assertThat(source.toBuilder().port(8443).build().grpcPort()).isEqualTo(8443);
    assertThatThrownBy(() -> source.toBuilder().host("h:abc").build().grpcPort())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("h:abc");
  }

  @Test
  void toStringNeverShowsThePassword() {
    assertThat(source.toString()).doesNotContain("pscale_password").contains("<redacted>")
        .contains("usernameus-east-4");
  }

  @Test
  void tabletTypeFollowsAirbytePrecedence() {
    assertThat(source.toBuilder().useReplica(true).build().tabletType()).isEqualTo(TabletType.REPLICA);
    assertThat(source.toBuilder().useReplica(true).useRdonly(true).build().tabletType()).isEqualTo(TabletType.BATCH);
  }

  @Test
  void requiredFieldsAreNamed() {
    assertThatThrownBy(() -> PlanetScaleSource.builder().database("d").build())
        .isInstanceOf(ConfigurationException.class).hasMessage("host is required");
    assertThatThrownBy(() -> PlanetScaleSource.builder().host("h").database(" ").build())
        .isInstanceOf(ConfigurationException.class).hasMessage("database is required");
    assertThatThrownBy(() -> source.toBuilder().timeoutSeconds(0).build())
        .hasMessageContaining("timeout_seconds");
    assertThatThrownBy(() -> source.toBuilder().maxRetries(-1).build()).hasMessageContaining("max_retries");
    assertThatThrownBy(() -> source.toBuilder().port(70000).build()).hasMessageContaining("port");
    assertThatThrownBy(() -> source.toBuilder().shards("-80", "").build()).hasMessageContaining("shards");
  }

  @Test
  void initialStateShardedHasOneEmptyCursorPerShard() {
    ShardStates states = source.initialState("connect-test", List.of("-40", "40-80", "80-c0", "c0-"));
    assertThat(states.shards()).containsOnlyKeys("-40", "40-80", "80-c0", "c0-");
    assertThat(states.shards().get("40-80")).isEqualTo(
        SerializedCursor.of(TableCursor.of("40-80", "connect-test", "")));
  }

  @Test
  void initialStateWithCustomShardsHasOnlyThose() {
    ShardStates states = source.toBuilder().shards("80-c0").build()
        .initialState("connect-test", List.of("-40", "40-80", "80-c0", "c0-"));
    assertThat(states.shards()).containsOnlyKeys("80-c0");
  }

  @Test
  void initialStateUnsharded() {
    ShardStates states = source.initialState("connect-test", List.of("-"));
    assertThat(states.shards()).containsOnlyKeys("-");
    assertThat(states.shards().get("-").cursor()).isEqualTo("CgEtEgxjb25uZWN0LXRlc3Q=");
  }

  @Test
  void initialStateWithStartingGtids() {
    ShardStates states = source.toBuilder()
        .startingGtids(Map.of("connect-test", Map.of("-40", "MySQL56/MYGTID1:1-3", "40-80", "MySQL56/MYGTID2:1-3")))
        .build().initialState("connect-test", List.of("-40", "40-80", "80-c0"));
    assertThat(states.shards().get("-40").toTableCursor().position()).isEqualTo("MySQL56/MYGTID1:1-3");
    assertThat(states.shards().get("40-80").toTableCursor().position()).isEqualTo("MySQL56/MYGTID2:1-3");
    assertThat(states.shards().get("80-c0").toTableCursor().position()).isEmpty();
  }

  @Test
  void startingGtidsOfAnotherKeyspaceAreIgnored() {
    ShardStates states = source.toBuilder().startingGtids(Map.of("other", Map.of("-", "MySQL56/x:1")))
        .build().initialState("connect-test", List.of("-"));
    assertThat(states.shards().get("-").toTableCursor().position()).isEmpty();
  }

  @Test
  void componentsAreImmutable() {
    PlanetScaleSource s = source.toBuilder().shards("-").startingGtids(Map.of("k", Map.of("-", "p"))).build();
    assertThatThrownBy(() -> s.shards().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.startingGtids().get("k").put("y", "z"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
