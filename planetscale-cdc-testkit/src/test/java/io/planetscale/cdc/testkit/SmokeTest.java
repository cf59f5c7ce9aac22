package io.planetscale.cdc.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void copyThenLiveChanges() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().rowsPerResponse(2).build().start();
        RawSyncClient client = new RawSyncClient(fake)) {
      fake.createTable(TableSpec.builder("t").column("id", "bigint").column("name", "varchar(20)").primaryKey("id").build());
      for (int i = 1; i <= 5; i++) {
        fake.insert("t", Map.of("id", i, "name", "n" + i));
      }
      RawSyncClient.Stream s = client.open(RawSyncClient.request(fake, "t", "-", "").setIncludeInserts(true)
          .setIncludeUpdates(true).setIncludeDeletes(true).build());
      List<SyncResponse> copy = s.until(r -> r.hasCursor() && !r.getCursor().hasLastKnownPk());
      assertThat(copy).hasSize(4);
      assertThat(copy.get(0).getResult(0).getRowsCount()).isEqualTo(2);
      assertThat(copy.get(3).getCursor().getPosition()).isEqualTo(fake.position("-"));
      String pos = fake.update("t", 3, Map.of("name", "changed"));
      SyncResponse update = s.next();
      assertThat(update.getUpdatesCount()).isEqualTo(1);
      assertThat(update.getCursor().getPosition()).isEqualTo(pos);
      fake.delete("t", 1);
      assertThat(s.next().getDeletesCount()).isEqualTo(1);
      s.cancel();
      assertThat(fake.awaitOpenStreams(0, java.time.Duration.ofSeconds(5))).isTrue();
    }
  }
}
