package io.planetscale.cdc.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.VitessTablet;
import io.planetscale.cdc.spi.MysqlAccess;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryMysqlAccessTest {
  private FakePlanetScale fake;
  private MysqlAccess mysql;

  @BeforeEach
  void setUp() {
    fake = FakePlanetScale.builder().keyspace("shop").shards("80-", "-80").build().start();
    mysql = fake.mysqlAccess();
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("placed", "datetime(6)")
        .column("paid", "tinyint(1)").column("total", "decimal(10,2)", false).column("note", "text")
        .primaryKey("id").build());
    fake.createTable(TableSpec.builder("lines").column("order_id", "bigint").column("line", "int")
        .column("sku", "varchar(32)").primaryKey("line", "order_id").build());
    fake.createTable(TableSpec.builder("accounts").column("email", "varchar(255)").primaryKey("email").build());
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  private PlanetScaleSource withPassword(String password) {
    return fake.source().toBuilder().password(password).build();
  }

  @Test
  void pingWithTheFakesSource() {
    assertThatCode(() -> mysql.ping(fake.source())).doesNotThrowAnyException();
  }

  @Test
  void wrongPasswordIsAnAuthenticationExceptionWithoutThePassword() {
    assertThatThrownBy(() -> mysql.ping(withPassword("hunter2-wrong")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageNotContaining("hunter2-wrong")
        .hasMessageNotContaining(fake.source().password());
    assertThatThrownBy(() -> mysql.tableNames(withPassword("hunter2-wrong")))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void wrongUserIsAnAuthenticationException() {
    PlanetScaleSource other = fake.source().toBuilder().username("mallory").build();
    assertThatThrownBy(() -> mysql.vitessShards(other)).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("mallory");
  }

  @Test
  void rejectCredentialsFault() {
    fake.faults().rejectCredentials(true);
    assertThatThrownBy(() -> mysql.ping(fake.source())).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> mysql.primaryKeys(fake.source(), "orders")).isInstanceOf(AuthenticationException.class);
    fake.faults().reset();
    assertThatCode(() -> mysql.ping(fake.source())).doesNotThrowAnyException();
  }

  @Test
  void wrongDatabase() {
    PlanetScaleSource other = fake.source().toBuilder().database("elsewhere").build();
    assertThatThrownBy(() -> mysql.ping(other)).isInstanceOf(PlanetScaleCdcException.class)
        .isNotInstanceOf(AuthenticationException.class).hasMessageContaining("elsewhere");
    assertThatThrownBy(() -> mysql.tableNames(other)).isInstanceOf(PlanetScaleCdcException.class);
  }

  @Test
  void tableNamesInCreationOrder() {
    assertThat(mysql.tableNames(fake.source())).containsExactly("orders", "lines", "accounts");
    fake.createTable(ServerTestSupport.idTable("aaa"));
    assertThat(mysql.tableNames(fake.source())).containsExactly("orders", "lines", "accounts", "aaa");
  }

  @Test
  void tableSchemaTypesInColumnOrder() {
    Map<String, StreamProperty> schema = mysql.tableSchema(fake.source(), "orders", false);
    assertThat(schema.keySet()).containsExactly("id", "placed", "paid", "total", "note");
    assertThat(schema.get("id").types()).containsExactly("integer"); // key column: NOT NULL
    assertThat(schema.get("placed").types()).containsExactly("null", "string");
    assertThat(schema.get("placed").format()).isEqualTo("date-time");
    assertThat(schema.get("paid").types()).containsExactly("null", "integer");
    assertThat(schema.get("total").types()).containsExactly("number");
    assertThat(schema.get("note").types()).containsExactly("null", "string");
    assertThat(schema.get("note").format()).isNull();
  }

  @Test
  void tinyintOneWithTheBooleanSetting() {
    Map<String, StreamProperty> schema = mysql.tableSchema(fake.source(), "orders", true);
    assertThat(schema.get("paid").types()).containsExactly("null", "boolean");
    assertThat(schema.get("id").types()).containsExactly("integer");
  }

  @Test
  void nullableBigint() {
    Map<String, StreamProperty> schema = mysql.tableSchema(fake.source(), "lines", false);
    assertThat(schema.keySet()).containsExactly("order_id", "line", "sku");
    assertThat(schema.get("order_id").types()).containsExactly("integer");
    fake.createTable(TableSpec.builder("n").column("id", "int").column("big", "bigint").primaryKey("id").build());
    assertThat(mysql.tableSchema(fake.source(), "n", false).get("big").types()).containsExactly("null", "integer");
  }

  @Test
  void primaryKeysInKeyOrder() {
    assertThat(mysql.primaryKeys(fake.source(), "orders")).containsExactly("id");
    assertThat(mysql.primaryKeys(fake.source(), "lines")).containsExactly("line", "order_id");
    assertThat(mysql.primaryKeys(fake.source(), "accounts")).containsExactly("email");
  }

  @Test
  void unknownTable() {
    assertThatThrownBy(() -> mysql.tableSchema(fake.source(), "ghost", false))
        .isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("ghost");
    assertThatThrownBy(() -> mysql.primaryKeys(fake.source(), "ghost"))
        .isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("ghost");
  }

  @Test
  void vitessShardsInKeyRangeOrder() {
    assertThat(mysql.vitessShards(fake.source())).containsExactly("-80", "80-");
  }

  @Test
  void vitessTabletsCoverEveryShardAndType() {
    List<VitessTablet> tablets = mysql.vitessTablets(fake.source());
    assertThat(tablets).extracting(VitessTablet::keyspace).containsOnly("shop");
    for (String shard : List.of("-80", "80-")) {
      assertThat(tablets.stream().filter(t -> t.shard().equals(shard)).map(VitessTablet::tabletType)
          .collect(Collectors.toList())).containsExactlyInAnyOrder("PRIMARY", "REPLICA", "RDONLY");
    }
    assertThat(tablets).hasSize(6);
    assertThat(tablets).extracting(VitessTablet::alias).doesNotHaveDuplicates();
    assertThat(tablets).extracting(VitessTablet::state).containsOnly("SERVING");
  }

  @Test
  void discoverEndToEnd() {
    Catalog catalog = PlanetScaleCdc.discover(fake.source(), mysql, DiscoverSettings.defaults());
    assertThat(catalog.streams()).extracting(Stream::name).containsExactly("orders", "lines", "accounts");
    assertThat(catalog.streams()).extracting(Stream::id).containsExactly("shop:orders", "shop:lines", "shop:accounts");
    Stream lines = catalog.stream("lines").orElseThrow();
    assertThat(lines.keyProperties()).containsExactly("line", "order_id");
    assertThat(lines.schema().properties().keySet()).containsExactly("order_id", "line", "sku");
    Stream orders = catalog.stream("orders").orElseThrow();
    assertThat(orders.keyProperties()).containsExactly("id");
    assertThat(orders.schema().properties().get("placed").format()).isEqualTo("date-time");
    assertThat(catalog.toJson()).contains("\"tap_stream_id\":\"shop:orders\"");
  }

  @Test
  void discoverWithWrongPasswordFailsAsAuthentication() {
    assertThatThrownBy(() -> PlanetScaleCdc.discover(withPassword("nope-pass"), mysql, DiscoverSettings.defaults()))
        .isInstanceOf(AuthenticationException.class).hasMessageNotContaining("nope-pass");
  }

  @Test
  void worksWithTlsFakeSourceAndWithoutStartingForDiscovery() {
    try (FakePlanetScale tls = FakePlanetScale.builder().keyspace("k").tls(true).credentials("u", "p").build().start()) {
      tls.createTable(ServerTestSupport.idTable("t"));
      assertThat(tls.mysqlAccess().tableNames(tls.source())).containsExactly("t");
      assertThat(tls.mysqlAccess().vitessShards(tls.source())).containsExactly("-");
    }
  }
}
