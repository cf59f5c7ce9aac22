package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {
  static final String SECRET = "pscale_pw_S3CRET";

  static Map<String, String> minimal() {
    Map<String, String> p = new HashMap<>();
    p.put("planetscale.host", "aws.connect.psdb.cloud");
    p.put("planetscale.database", "shop");
    p.put("planetscale.username", "user1");
    p.put("planetscale.password", SECRET);
    p.put("topic.prefix", "ps");
    return p;
  }

  static Map<String, String> with(String key, String value) {
    Map<String, String> p = minimal();
    p.put(key, value);
    return p;
  }

  @Test
  void optionalKeysHaveTheirDocumentedDefaults() {
    ConnectorConfig c = new ConnectorConfig(minimal());
    assertThat(c.snapshotMode()).isEqualTo(SnapshotMode.INITIAL);
    assertThat(c.eventSettings()).isEqualTo(new ChangeEventSettings("ps", true));
    assertThat(c.tabletType()).isEqualTo(TabletType.PRIMARY);
    assertThat(c.tables()).isEmpty();
    assertThat(c.shards()).isEmpty();
    assertThat(c.heartbeatTopic()).isEqualTo("ps.heartbeat");
    assertThat(c.connectOptions().heartbeatInterval()).isEqualTo(Duration.ZERO);
    assertThat(c.discoverSettings().treatTinyIntAsBoolean()).isFalse();
    assertThat(c.shardPollInterval()).isEqualTo(Duration.ofMinutes(1));
    PlanetScaleSource s = c.source();
    assertThat(s.plaintext()).as("TLS unless plaintext is asked for").isFalse();
    assertThat(s.trustedCertificatesPem()).isNull();
    assertThat(s.password()).isEqualTo(SECRET);
    assertThat(s.toString()).doesNotContain(SECRET);
  }

  @Test
  void everyKeyIsDocumentedAndGrouped() {
    for (ConfigDef.ConfigKey k : ConnectorConfig.DEF.configKeys().values()) {
      if (k.internalConfig) {
        continue;
      }
      assertThat(k.documentation).as(k.name).isNotBlank();
      assertThat(k.group).as(k.name).isNotBlank();
    }
    assertThat(ConnectorConfig.DEF.configKeys().get("planetscale.password").type).isEqualTo(ConfigDef.Type.PASSWORD);
    assertThat(ConnectorConfig.DEF.names()).contains("planetscale.host", "planetscale.database",
        "planetscale.username", "planetscale.password", "planetscale.plaintext", "planetscale.trusted.certificates.pem",
        "planetscale.tables", "planetscale.shards", "planetscale.tablet.type", "planetscale.transport", "topic.prefix",
        "snapshot.mode", "tombstones.on.delete", "planetscale.tables.exclude", "tinyint.as.boolean",
        "planetscale.starting.gtids", "heartbeat.interval.ms", "retry.max.attempts");
  }

  @Test
  void parsesConnectionTablesShardsAndStartingGtids() {
    Map<String, String> p = minimal();
    p.put("planetscale.host", "127.0.0.1:15991");
    p.put("planetscale.plaintext", "true");
    p.put("planetscale.tables", "orders, customers,items");
    p.put("planetscale.tables.exclude", "items");
    p.put("planetscale.shards", "-80,80-");
    p.put("planetscale.tablet.type", "REPLICA");
    p.put("snapshot.mode", "when_needed");
    p.put("tinyint.as.boolean", "true");
    p.put("heartbeat.interval.ms", "2000");
    p.put("planetscale.starting.gtids", "{\"shop\":{\"-80\":\"MySQL56/a1:1-5\"}}");
    ConnectorConfig c = new ConnectorConfig(p);
    PlanetScaleSource s = c.source();
    assertThat(s.hostName()).isEqualTo("127.0.0.1");
    assertThat(s.grpcPort()).isEqualTo(15991);
    assertThat(s.plaintext()).isTrue();
    assertThat(s.tabletType()).isEqualTo(TabletType.REPLICA);
    assertThat(s.startingGtids()).isEqualTo(Map.of("shop", Map.of("-80", "MySQL56/a1:1-5")));
    assertThat(c.tables()).containsExactly("orders", "customers");
    assertThat(c.discoverSettings().excludedTables()).containsExactly("items");
    assertThat(c.discoverSettings().treatTinyIntAsBoolean()).isTrue();
    assertThat(c.shards()).containsExactly("-80", "80-");
    assertThat(c.snapshotMode()).isEqualTo(SnapshotMode.WHEN_NEEDED);
    assertThat(c.connectOptions().heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void badValuesAreRejectedNamingTheKey() {
    Map<String, String> bad = Map.of(
        "snapshot.mode", "sometimes",
        "planetscale.transport", "psdbconnect",
        "planetscale.tablet.type", "leader",
        "topic.prefix", "bad prefix!",
        "planetscale.starting.gtids", "{\"shop\": [1]",
        "heartbeat.interval.ms", "-1",
        "tombstones.on.delete", "perhaps",
        "retry.max.attempts", "0");
    bad.forEach((key, value) -> assertThatThrownBy(() -> new ConnectorConfig(with(key, value)))
        .as(key).isInstanceOf(ConfigException.class).hasMessageContaining(key)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET)));
    assertThatThrownBy(() -> new ConnectorConfig(with("planetscale.transport", "psdbconnect")))
        .hasMessageContaining("VStream only");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    for (String key : List.of("planetscale.host", "planetscale.database", "planetscale.username",
        "planetscale.password", "topic.prefix")) {
      Map<String, String> p = minimal();
      p.remove(key);
      assertThatThrownBy(() -> new ConnectorConfig(p)).as(key).isInstanceOf(ConfigException.class)
          .hasMessageContaining(key);
    }
  }

  @Test
  void backoffsOutOfOrderAreRejected() {
    Map<String, String> p = with("retry.initial.backoff.ms", "5000");
    p.put("retry.max.backoff.ms", "100");
    assertThatThrownBy(() -> new ConnectorConfig(p).connectOptions()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("retry.max.backoff.ms");
  }
}
