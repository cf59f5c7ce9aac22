package io.planetscale.cdc.kafka.connect.bench;

import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector benchmark's table: a {@code bigint} key and nine mixed-type columns (int, varchar,
 * decimal, datetime(6), timestamp, tinyint(1), double, text, varbinary), rows made from their key. The
 * same shape as the testkit runners' table, whose class is not visible from this module's tests.
 */
final class BenchRows {
  private static final LocalDateTime BASE = LocalDateTime.of(2026, 1, 1, 0, 0);

  private BenchRows() {}

  static void create(FakePlanetScale fake, String table) {
    fake.createTable(TableSpec.builder(table)
        .column("id", "bigint")
        .column("qty", "int")
        .column("customer", "varchar(64)")
        .column("amount", "decimal(12,2)")
        .column("created_at", "datetime(6)")
        .column("updated_at", "timestamp")
        .column("paid", "tinyint(1)")
        .column("score", "double")
        .column("note", "text")
        .column("payload", "varbinary(32)")
        .primaryKey("id").build());
  }

  /** Row {@code i}: every column derived from it. */
  static Map<String, Object> row(long i) {
    byte[] payload = new byte[16];
    for (int b = 0; b < payload.length; b++) {
      payload[b] = (byte) (i >>> (b % 4 * 8) ^ b);
    }
    Map<String, Object> row = new HashMap<>(16);
    row.put("id", i);
    row.put("qty", (int) (i % 1000 - 500));
    row.put("customer", "customer-" + (i % 5000));
    row.put("amount", BigDecimal.valueOf(i % 10_000_000, 2));
    row.put("created_at", BASE.plusSeconds(i).plusNanos((i % 1_000_000) * 1000L));
    row.put("updated_at", BASE.plusSeconds(2L * i));
    row.put("paid", (int) (i % 2));
    row.put("score", i * 0.25);
    row.put("note", "note " + i + ": the quick brown fox jumps over the lazy dog");
    row.put("payload", payload);
    return row;
  }

  /** Inserts rows {@code 1..rows} in transactions of {@code chunk} rows. */
  static void insert(FakePlanetScale fake, String table, long rows, int chunk) {
    List<Map<String, ?>> batch = new ArrayList<>(chunk);
    for (long i = 1; i <= rows; i++) {
      batch.add(row(i));
      if (batch.size() == chunk || i == rows) {
        fake.insertAll(table, batch);
        batch = new ArrayList<>(chunk);
      }
    }
  }
}
