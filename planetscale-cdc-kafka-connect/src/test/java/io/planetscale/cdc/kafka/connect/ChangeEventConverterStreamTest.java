package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.TransactionListener;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/**
 * The converter fed by a real keyspace stream from {@link FakePlanetScale} over gRPC: the fields,
 * collations and flags the stream sends, and the values it converts, give the schemas and values
 * the unit tests expect, for copied rows and changes on two shards.
 */
class ChangeEventConverterStreamTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Converts on the stream's thread, as the connector's task does, into a list read by the test. */
  private static final class Converting implements TransactionListener {
    final ChangeEventConverter converter;
    final List<SourceRecord> out = new ArrayList<>();

    Converting(ChangeEventConverter converter) {
      this.converter = converter;
    }

    @Override
    public void onTransaction(Transaction tx) {
      List<SourceRecord> batch = new ArrayList<>();
      for (Record r : tx.records()) {
        boolean copied = r.position().position().startsWith("copy:");
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("keyspace", tx.keyspace());
        partition.put("shard", tx.shard());
        converter.convert(tx.keyspace(), tx.shard(), r, copied,
            tx.position() == null ? null : tx.position().toJson(), tx.commitTime(), partition, Map.of(), batch);
      }
      synchronized (this) {
        out.addAll(batch);
      }
    }

    @Override
    public void onTableFields(SchemaChange fields) {
      converter.onTableFields(fields);
    }

    @Override
    public void onSchemaChange(SchemaChange change) {
      converter.onSchemaChange(change);
    }

    synchronized List<SourceRecord> records() {
      return new ArrayList<>(out);
    }
  }

  @Test
  void copyAndChangesFromAKeyspaceStreamConvertToTypedEnvelopes() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start()) {
      fake.createTable(TableSpec.builder("things").column("id", "bigint").column("flag", "tinyint(1)")
          .column("amount", "decimal(10,2)").column("born", "date").column("at", "datetime(3)")
          .column("label", "enum('a','b')").column("data", "varbinary(4)").column("doc", "json")
          .column("big", "bigint unsigned").primaryKey("id").build());
      for (long id = 1; id <= 4; id++) {
        fake.insert("things", row(id));
      }
      Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
          new DiscoverSettings(true, List.of(), true, true));
      Converting listener = new Converting(new ChangeEventConverter(new ChangeEventSettings("pfx", true), catalog));
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try (KeyspaceStream stream = KeyspaceStream.builder(fake.source(), catalog).build()) {
        Future<?> run = thread.submit(() -> stream.run(listener));
        awaitTrue(() -> listener.records().size() == 4, "the copy of 4 rows");
        fake.update("things", 2L, Map.of("amount", "0.01"));
        fake.delete("things", 3L);
        fake.insert("things", row(5));
        awaitTrue(() -> listener.records().size() == 4 + 1 + 2 + 1, "update, delete + tombstone, insert");
        stream.close();
        run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        thread.shutdownNow();
      }

      List<SourceRecord> records = listener.records();
      JsonConverter json = new JsonConverter();
      json.configure(Map.of("schemas.enable", "true"), false);
      Map<String, Integer> ops = new LinkedHashMap<>();
      for (SourceRecord r : records) {
        assertThat(r.topic()).isEqualTo("pfx.shop.things");
        if (r.value() == null) {
          ops.merge("tombstone", 1, Integer::sum);
          continue;
        }
        Struct v = (Struct) r.value();
        ops.merge(v.getString("op"), 1, Integer::sum);
        assertThat(json.toConnectData(r.topic(), json.fromConnectData(r.topic(), r.valueSchema(), v)).value())
            .isEqualTo(v);
        Struct source = v.getStruct("source");
        assertThat(source.getString("shard")).isIn("-80", "80-");
        assertThat(source.getString("snapshot")).isEqualTo(v.getString("op").equals("r") ? "true" : "false");
      }
      assertThat(ops).containsEntry("r", 4).containsEntry("u", 1).containsEntry("d", 1).containsEntry("c", 1)
          .containsEntry("tombstone", 1);

      Struct inserted = records.stream().map(r -> (Struct) r.value())
          .filter(v -> v != null && v.getString("op").equals("c")).findFirst().orElseThrow().getStruct("after");
      Schema s = inserted.schema();
      assertThat(s.field("id").schema()).isEqualTo(Schema.INT64_SCHEMA);
      assertThat(s.field("flag").schema().type()).isEqualTo(Schema.Type.BOOLEAN);
      assertThat(s.field("amount").schema().parameters()).containsEntry("scale", "2");
      assertThat(s.field("label").schema().parameters()).containsEntry("allowed", "a,b");
      assertThat(s.field("data").schema().type()).isEqualTo(Schema.Type.BYTES);
      assertThat(s.field("doc").schema().name()).isEqualTo("io.debezium.data.Json");
      assertThat(inserted.get("id")).isEqualTo(5L);
      assertThat(inserted.get("flag")).isEqualTo(true);
      assertThat(inserted.get("amount")).isEqualTo(new BigDecimal("5.25"));
      assertThat(inserted.get("born")).isEqualTo(new Date(LocalDate.of(2020, 1, 5).toEpochDay() * 86_400_000L));
      assertThat(inserted.get("at")).isEqualTo(Date.from(Instant.parse("2024-05-06T07:08:09.123Z")));
      assertThat(inserted.get("label")).isEqualTo("b");
      assertThat((byte[]) inserted.get("data")).containsExactly(5);
      assertThat(inserted.get("doc")).isEqualTo("{\"n\": 5}");
      assertThat(inserted.get("big")).isEqualTo(new BigDecimal("18446744073709551615"));

      Struct deleted = records.stream().map(r -> (Struct) r.value())
          .filter(v -> v != null && v.getString("op").equals("d")).findFirst().orElseThrow();
      assertThat(deleted.getStruct("before").get("id")).isEqualTo(3L);
      assertThat(deleted.get("after")).isNull();
    }
  }

  private static Map<String, Object> row(long id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("flag", id % 2);
    row.put("amount", id + ".25");
    row.put("born", "2020-01-0" + id);
    row.put("at", "2024-05-06 07:08:09.123");
    row.put("label", id % 2 == 0 ? "a" : "b");
    row.put("data", new byte[] {(byte) id});
    row.put("doc", "{\"n\": " + id + "}");
    row.put("big", "18446744073709551615");
    return row;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CountDownLatch never = new CountDownLatch(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what);
      }
      never.await(5, TimeUnit.MILLISECONDS);
    }
  }
}
