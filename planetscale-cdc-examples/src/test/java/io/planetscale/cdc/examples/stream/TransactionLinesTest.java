package io.planetscale.cdc.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.examples.demo.RecordJson;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.VGtid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact text of each kind of {@code change-stream --keyspace} line. */
class TransactionLinesTest {
  private static final Record INSERT = new Record("orders", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH,
      new RecordPosition("shop", "-80", "MySQL56/u:1-4", 0));
  private static final Record DELETE = new Record("orders", Operation.DELETE, Map.of("id", 2L), null, Instant.EPOCH,
      new RecordPosition("shop", "-80", "MySQL56/u:1-4", 1));
  private static final VGtid AT = VGtid.of(ShardGtid.of("shop", "-80", "MySQL56/u:1-5"),
      ShardGtid.of("shop", "80-", "MySQL56/v:1-9"));

  @Test
  void aWholeTransactionCarriesItsRecordsAsChangesAndItsPosition() {
    String line = TransactionLines.transaction(new Transaction("shop", "-80", List.of(INSERT, DELETE), AT,
        Instant.parse("2024-05-01T12:00:00Z")));
    assertThat(line).doesNotContain("\n").isEqualTo("{\"type\":\"transaction\",\"keyspace\":\"shop\",\"shard\":\"-80\","
        + "\"chunk\":0,\"last_chunk\":true,\"commit_time\":\"2024-05-01T12:00:00Z\",\"records\":["
        + RecordJson.toJson("change", INSERT) + "," + RecordJson.toJson("change", DELETE) + "],\"position\":"
        + AT.toJson() + "}");
  }

  @Test
  void aChunkBeforeTheLastHasNoPositionAndACopyBatchNoCommitTime() {
    String line = TransactionLines.transaction(new Transaction("shop", "-80", List.of(INSERT), null, null, 3, false));
    assertThat(line).isEqualTo("{\"type\":\"transaction\",\"keyspace\":\"shop\",\"shard\":\"-80\",\"chunk\":3,"
        + "\"last_chunk\":false,\"commit_time\":null,\"records\":[" + RecordJson.toJson("change", INSERT) + "]}");
  }

  @Test
  void schemaChangesHeartbeatsAndReshardsAreTypedLines() {
    SchemaChange change = new SchemaChange("orders", "shop", "80-", null,
        List.of(Field.of("id", VitessType.INT64), Field.of("note", VitessType.VARCHAR, "varchar(20)", 255)),
        new RecordPosition("shop", "80-", "MySQL56/v:1-10", 0));
    assertThat(TransactionLines.schemaChange(change)).isEqualTo("{\"type\":\"schema_change\",\"keyspace\":\"shop\","
        + "\"shard\":\"80-\",\"stream\":\"orders\",\"ddl\":null,\"columns\":[{\"name\":\"id\",\"type\":\"INT64\"},"
        + "{\"name\":\"note\",\"type\":\"VARCHAR\",\"column_type\":\"varchar(20)\"}],\"position\":{\"keyspace\":\"shop\","
        + "\"shard\":\"80-\",\"position\":\"MySQL56/v:1-10\",\"sequence\":0}}");
    assertThat(TransactionLines.heartbeat(Instant.parse("2024-05-01T12:00:01Z")))
        .isEqualTo("{\"type\":\"heartbeat\",\"at\":\"2024-05-01T12:00:01Z\"}");
    VGtid to = VGtid.of(ShardGtid.of("shop", "-40", "MySQL56/w:1-1"), ShardGtid.of("shop", "40-80", "MySQL56/x:1-1"),
        ShardGtid.of("shop", "80-", "MySQL56/v:1-9"));
    assertThat(TransactionLines.reshard(AT, to))
        .isEqualTo("{\"type\":\"reshard\",\"from\":" + AT.toJson() + ",\"to\":" + to.toJson() + "}");
  }
}
