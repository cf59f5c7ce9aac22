package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Discovery of a fake through its port, as a command line in another process does it. */
class RemoteDiscoveryTest {
  private static FakePlanetScale shop(boolean tls) {
    FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").tls(tls).build().start();
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("paid", "tinyint(1)", false)
        .column("note", "varchar(20)").primaryKey("id").build());
    fake.createTable(TableSpec.builder("pairs").column("a", "int").column("b", "varchar(5)").primaryKey("b", "a")
        .build());
    return fake;
  }

  @ParameterizedTest(name = "tls={0}")
  @ValueSource(booleans = {false, true})
  void remoteDiscoveryAnswersLikeTheLocalOne(boolean tls) {
    try (FakePlanetScale fake = shop(tls); MysqlAccess remote = new FakeMysqlAccessProvider().open(fake.source())) {
      DiscoverSettings settings = new DiscoverSettings(true, List.of(), true, true);
      Catalog viaPort = PlanetScaleCdc.discover(fake.source(), remote, settings);
      Catalog local = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(), settings);
      assertThat(viaPort).isEqualTo(local);
      assertThat(viaPort.toJson()).contains("\"boolean\"");
      assertThat(remote.primaryKeys(fake.source(), "pairs")).containsExactly("b", "a");
      assertThat(remote.vitessShards(fake.source())).containsExactly("-80", "80-");
      assertThat(remote.vitessTablets(fake.source())).hasSize(6);
    }
  }

  @Test
  void wrongPasswordIsAnAuthenticationErrorWithoutThePassword() {
    try (FakePlanetScale fake = shop(false);
        MysqlAccess remote = new FakeMysqlAccessProvider().open(fake.source().toBuilder().password("sekret-123").build())) {
      assertThatThrownBy(() -> remote.ping(fake.source().toBuilder().password("sekret-123").build()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("UNAUTHENTICATED")
          .hasMessageNotContaining("sekret-123");
    }
  }

  @Test
  void theProviderIsNeverPickedUnlessNamed() {
    assertThat(new FakeMysqlAccessProvider().isDefault()).isFalse();
  }

  @Test
  void aNamedProviderIsUsedByPlanetScaleClient() {
    String before = System.getProperty(MysqlAccessProvider.PROPERTY);
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    try (FakePlanetScale fake = shop(false); PlanetScaleClient client = PlanetScaleClient.create(fake.source())) {
      fake.insert("orders", Map.of("id", 1, "paid", true, "note", "x"));
      Catalog catalog = client.discover(new DiscoverSettings(true, List.of(), true, false));
      RecordingSink sink = new RecordingSink();
      client.sync(catalog, State.empty(), sink);
      assertThat(sink.records()).hasSize(1);
    } finally {
      restore(before);
    }
  }

  @Test
  void anUnknownNamedProviderIsAClearConfigurationError() {
    String before = System.getProperty(MysqlAccessProvider.PROPERTY);
    System.setProperty(MysqlAccessProvider.PROPERTY, "com.example.Missing");
    try (FakePlanetScale fake = shop(false)) {
      assertThatThrownBy(() -> PlanetScaleClient.create(fake.source()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("com.example.Missing");
    } finally {
      restore(before);
    }
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty(MysqlAccessProvider.PROPERTY);
    } else {
      System.setProperty(MysqlAccessProvider.PROPERTY, before);
    }
  }
}
