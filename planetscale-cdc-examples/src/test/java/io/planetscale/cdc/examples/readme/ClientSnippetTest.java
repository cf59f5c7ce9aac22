package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

// region readme:client
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.grpc.PlanetScaleClient;
// endregion readme:client
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * README "Using the core API": {@code PlanetScaleClient}, run against a two-shard {@link FakePlanetScale}.
 * {@code PlanetScaleClient.create} finds its discovery through {@link MysqlAccessProvider}; the test
 * names the testkit's provider, which discovers over the fake's port as the JDBC one would over MySQL.
 */
@ExtendWith(FakeDiscovery.class)
class ClientSnippetTest {
  static void readmeClient(PlanetScaleSource source, State savedState, RecordSink sink) {
    // region readme:client
    try (PlanetScaleClient client = PlanetScaleClient.create(source)) {   // JDBC discovery from the classpath
      Catalog catalog = client.discover(DiscoverSettings.defaults()).selectOnly("orders", "customers");
      State state = client.sync(catalog, savedState, sink, SyncOptions.builder()
          .shardParallelism(4)                   // shards read at once; sink calls stay serialized
          .checkpointEveryRows(10_000)           // a state mid-copy, so an interrupted copy resumes
          .restartOnStaleCursor(true)            // purged binlogs: copy that shard again
          .build());
    }
    // endregion readme:client
  }

  @Test
  void syncsOnlyTheSelectedTablesThenOnlyTheirChanges() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start()) {
      for (String table : new String[] {"customers", "orders", "audit_log"}) {
        fake.createTable(TableSpec.builder(table).column("id", "bigint").column("note", "varchar(64)")
            .primaryKey("id").build());
        for (int id = 1; id <= 4; id++) {
          fake.insert(table, Map.of("id", id, "note", table + id));
        }
      }

      RecordingSink first = new RecordingSink();
      readmeClient(fake.source(), State.empty(), first);
      assertThat(first.records("audit_log")).isEmpty();
      assertThat(first.records("customers")).hasSize(4);
      assertThat(first.records("orders")).hasSize(4).allMatch(r -> r.operation() == Operation.INSERT);
      assertThat(first.records()).hasSize(8);
      assertThat(first.lastState().streams()).containsOnlyKeys("customers", "orders");

      fake.update("orders", 3, Map.of("note", "changed"));
      fake.insert("audit_log", Map.of("id", 5, "note", "not selected"));
      RecordingSink second = new RecordingSink();
      readmeClient(fake.source(), first.lastState(), second);
      Record changed = second.records().get(0);
      assertThat(second.records()).hasSize(1);
      assertThat(changed.operation()).isEqualTo(Operation.UPDATE);
      assertThat(changed.data()).containsEntry("id", 3L).containsEntry("note", "changed");
    }
  }
}
