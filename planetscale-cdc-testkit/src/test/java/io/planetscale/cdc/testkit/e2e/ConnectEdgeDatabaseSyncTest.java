package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.TableSpec;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SDK (discover, sync, the edge database of each transport) against FakePlanetScale over loopback. */
class ConnectEdgeDatabaseSyncTest {
  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void fullThenIncrementalThenQuiet(Transport transport, boolean tls) {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").tls(tls)
        .rowsPerResponse(7).build().start();
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("total", "decimal(10,2)")
          .column("note", "varchar(64)").primaryKey("id").build());
      for (int i = 1; i <= 100; i++) {
        fake.insert("orders", Map.of("id", i, "total", new BigDecimal(i + ".50"), "note", "n" + i));
      }
      Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
          new DiscoverSettings(true, List.of(), true, false));

      RecordingSink full = new RecordingSink();
      State state = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, new RecordingLogger(), fake.source(), catalog,
          State.empty(), full, TabletType.PRIMARY);
      assertThat(full.records()).hasSize(100);
      assertThat(full.records()).extracting(r -> r.data().get("id")).doesNotHaveDuplicates();
      assertThat(full.records().get(0).data().get("total")).isInstanceOf(BigDecimal.class);
      assertThat(full.states()).hasSize(3); // one per shard, plus the final one

      fake.insert("orders", Map.of("id", 101, "total", new BigDecimal("1.00")));
      fake.update("orders", 5, Map.of("note", "changed"));
      fake.delete("orders", 7);
      RecordingSink incremental = new RecordingSink();
      State next = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, new RecordingLogger(), fake.source(), catalog, state,
          incremental, TabletType.PRIMARY);
      Map<Long, Operation> ops = new HashMap<>();
      for (Record r : incremental.records()) {
        ops.put((Long) r.data().get("id"), r.operation());
      }
      assertThat(ops).containsOnly(Map.entry(101L, Operation.INSERT), Map.entry(5L, Operation.UPDATE),
          Map.entry(7L, Operation.DELETE));
      Record update = incremental.records().stream().filter(r -> r.operation() == Operation.UPDATE).findFirst()
          .orElseThrow();
      assertThat(update.before().get("note")).isEqualTo("n5");
      assertThat(update.data().get("note")).isEqualTo("changed");

      RecordingSink quiet = new RecordingSink();
      State same = PlanetScaleCdc.sync(fake.mysqlAccess(), edge, new RecordingLogger(), fake.source(), catalog, next,
          quiet, TabletType.PRIMARY);
      assertThat(quiet.records()).isEmpty();
      assertThat(same).isEqualTo(next);
    }
  }
}
