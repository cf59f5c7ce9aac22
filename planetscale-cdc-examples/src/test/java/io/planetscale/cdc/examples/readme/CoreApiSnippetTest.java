package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

// region readme:core-api
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncLogger;
import io.planetscale.cdc.TabletType;
import java.util.ArrayList;
import java.util.List;
// endregion readme:core-api
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README "Using the core API": discover and sync with {@code PlanetScaleCdc}, run against a two-shard
 * {@link FakePlanetScale} ({@code source}, {@code mysql} and {@code edge} are the fake's).
 */
class CoreApiSnippetTest {

  /** What the snippet leaves behind: the records its sink received and the state sync returned. */
  record Outcome(List<Record> received, State state) {}

  static Outcome readmeCoreApi(PlanetScaleSource source, MysqlAccess mysql, EdgeDatabase edge, String savedStateJson) {
    // region readme:core-api
    Catalog catalog = PlanetScaleCdc.discover(source, mysql, DiscoverSettings.autoSelectAll());

    List<Record> received = new ArrayList<>();
    State state = PlanetScaleCdc.sync(mysql, edge, SyncLogger.slf4j(), source, catalog,
        State.fromJson(savedStateJson), new RecordSink() {
          public void record(Record r, Stream s) {   // r.operation(), r.data(), r.before(), r.position()
            received.add(r);
          }
          public void flush(Stream s) { /* make the records received so far durable */ }
          public void state(State st) { /* persist st.toJson(): the savedStateJson of the next sync */ }
        }, TabletType.PRIMARY);
    // endregion readme:core-api
    return new Outcome(received, state);
  }

  @Test
  void copiesEveryTableThenDeliversOnlyTheChanges() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults())) {
      fake.createTable(TableSpec.builder("customers").column("id", "bigint").column("name", "varchar(64)")
          .primaryKey("id").build());
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("total", "decimal(10,2)")
          .primaryKey("id").build());
      fake.insert("customers", Map.of("id", 1, "name", "Ada"));
      fake.insert("customers", Map.of("id", 2, "name", "Grace"));
      for (int id = 1; id <= 3; id++) {
        fake.insert("orders", Map.of("id", id, "total", new BigDecimal(id + ".50")));
      }

      Outcome first = readmeCoreApi(fake.source(), fake.mysqlAccess(), edge, "{}");
      assertThat(first.received()).extracting(CoreApiSnippetTest::describe).containsExactlyInAnyOrder(
          "INSERT customers {id=1, name=Ada}", "INSERT customers {id=2, name=Grace}",
          "INSERT orders {id=1, total=1.50}", "INSERT orders {id=2, total=2.50}", "INSERT orders {id=3, total=3.50}");
      assertThat(first.state().streams()).containsOnlyKeys("customers", "orders");
      assertThat(first.state().streams().get("orders").shards()).containsOnlyKeys("-80", "80-");

      fake.update("orders", 2, Map.of("total", new BigDecimal("7.00")));
      fake.delete("customers", 1);
      Outcome second = readmeCoreApi(fake.source(), fake.mysqlAccess(), edge, first.state().toJson());
      assertThat(second.received()).extracting(CoreApiSnippetTest::describe)
          .containsExactlyInAnyOrder("UPDATE orders {id=2, total=7.00}", "DELETE customers {id=1}");
      assertThat(second.received()).filteredOn(r -> r.operation() == Operation.UPDATE)
          .singleElement().satisfies(r -> assertThat(r.before()).containsEntry("total", new BigDecimal("2.50")));
    }
  }

  private static String describe(Record r) {
    return r.operation() + " " + r.stream() + " " + r.data();
  }
}
