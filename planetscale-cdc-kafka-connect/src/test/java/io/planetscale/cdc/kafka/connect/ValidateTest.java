package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PlanetScaleSourceConnector#validate}: connectivity and credentials checked, errors on the right keys. */
class ValidateTest {
  static final String PASSWORD = "pscale_pw_validate_S3CRET";
  static FakePlanetScale fake;

  @BeforeAll
  static void startFake() {
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").credentials("ps-user", PASSWORD).build()
        .start();
    for (String t : List.of("orders", "customers")) {
      fake.createTable(TableSpec.builder(t).column("id", "bigint").column("note", "varchar(64)").primaryKey("id")
          .build());
    }
  }

  @AfterAll
  static void stopFake() {
    fake.close();
    System.clearProperty(MysqlAccessProvider.PROPERTY);
  }

  static Map<String, String> props(FakePlanetScale fake) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("connector.class", PlanetScaleSourceConnector.class.getName());
    p.put("planetscale.host", fake.host());
    p.put("planetscale.database", "shop");
    p.put("planetscale.username", "ps-user");
    p.put("planetscale.password", PASSWORD);
    p.put("planetscale.plaintext", "true");
    p.put("topic.prefix", "ps");
    return p;
  }

  static Map<String, List<String>> errors(Config config) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (ConfigValue v : config.configValues()) {
      if (!v.errorMessages().isEmpty()) {
        errors.put(v.name(), v.errorMessages());
      }
    }
    return errors;
  }

  Map<String, List<String>> validate(Map<String, String> props) {
    Map<String, List<String>> errors = errors(new PlanetScaleSourceConnector().validate(props));
    assertThat(errors.toString()).doesNotContain(PASSWORD).doesNotContain("wrong-" + PASSWORD);
    return errors;
  }

  @Test
  void aGoodConfigurationHasNoError() {
    assertThat(validate(props(fake))).isEmpty();
    Map<String, String> p = props(fake);
    p.put("planetscale.tables", "orders");
    p.put("planetscale.shards", "80-");
    assertThat(validate(p)).isEmpty();
  }

  @Test
  void aWrongPasswordIsReportedOnThePasswordWithoutIt() {
    Map<String, String> p = props(fake);
    p.put("planetscale.password", "wrong-" + PASSWORD);
    Map<String, List<String>> errors = validate(p);
    assertThat(errors).containsOnlyKeys("planetscale.password");
    assertThat(errors.get("planetscale.password").get(0)).contains("rejected the credentials of user \"ps-user\"");
  }

  @Test
  void anUnreachableHostIsReportedOnTheHost() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> p = props(fake);
    p.put("planetscale.host", "127.0.0.1:" + closedPort);
    Map<String, List<String>> errors = validate(p);
    assertThat(errors).containsOnlyKeys("planetscale.host");
    assertThat(errors.get("planetscale.host").get(0)).contains("127.0.0.1:" + closedPort);
  }

  @Test
  void unknownTablesAndShardsAreReportedOnTheirKeys() {
    Map<String, String> p = props(fake);
    p.put("planetscale.tables", "orders,invoices");
    p.put("planetscale.shards", "-80,c0-");
    Map<String, List<String>> errors = validate(p);
    assertThat(errors).containsOnlyKeys("planetscale.tables", "planetscale.shards");
    assertThat(errors.get("planetscale.tables").get(0)).contains("\"invoices\" is not a table of shop");
    assertThat(errors.get("planetscale.shards").get(0)).contains("\"c0-\" is not a shard of shop")
        .contains("[-80, 80-]");
    p = props(fake);
    p.put("planetscale.tables.exclude", "orders,customers");
    assertThat(validate(p)).containsOnlyKeys("planetscale.tables.exclude");
  }

  @Test
  void badValuesAreReportedWithoutConnecting() {
    Map<String, String> p = props(fake);
    p.remove("topic.prefix");
    p.put("snapshot.mode", "always");
    p.put("planetscale.password", "wrong-" + PASSWORD); // not checked: the values are not valid yet
    Map<String, List<String>> errors = validate(p);
    assertThat(errors).containsOnlyKeys("topic.prefix", "snapshot.mode");
  }

  @Test
  void theConnectorAssignsTheDiscoveredShardsRoundRobin() {
    PlanetScaleSourceConnector c = new PlanetScaleSourceConnector();
    Map<String, String> p = props(fake);
    p.put("shard.poll.interval.ms", "0");
    c.start(p);
    try {
      assertThat(c.taskConfigs(1)).extracting(t -> t.get("planetscale.task.shards")).containsExactly("-80,80-");
      assertThat(c.taskConfigs(3)).extracting(t -> t.get("planetscale.task.shards")).containsExactly("-80", "80-");
      assertThat(c.version()).matches("\\d+\\.\\d+\\.\\d+.*");
    } finally {
      c.stop();
    }
  }
}
