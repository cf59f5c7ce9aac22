package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Helpers shared by the server, data-model and concurrency tests: wire decoding and copying a shard. */
final class ServerTestSupport {
  private ServerTestSupport() {}

  /** A keyspace name no other test uses, so per-fake thread names are unique. */
  static String uniqueKeyspace(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** {@code id bigint, name varchar(64)}, key {@code id}. */
  static TableSpec idTable(String name) {
    return TableSpec.builder(name).column("id", "bigint").column("name", "varchar(64)").primaryKey("id").build();
  }

  /** The cells of a row, decoded as wire-format §4.1 says: length -1 is NULL (null here). */
  static List<byte[]> cells(Row row) {
    byte[] values = row.getValues().toByteArray();
    List<byte[]> out = new ArrayList<>();
    int offset = 0;
    for (long length : row.getLengthsList()) {
      if (length < 0) {
        out.add(null);
      } else {
        out.add(Arrays.copyOfRange(values, offset, offset + (int) length));
        offset += (int) length;
      }
    }
    if (offset != values.length) {
      throw new AssertionError("row has " + values.length + " value bytes, lengths account for " + offset);
    }
    return out;
  }

  /** The cells of a row as UTF-8 text (null for NULL). */
  static List<String> texts(Row row) {
    List<String> out = new ArrayList<>();
    for (byte[] cell : cells(row)) {
      out.add(cell == null ? null : new String(cell, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Column name → text of one row of a result. */
  static Map<String, String> named(QueryResult result, Row row) {
    List<String> values = texts(row);
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < result.getFieldsCount(); i++) {
      out.put(result.getFields(i).getName(), values.get(i));
    }
    return out;
  }

  /** The copy phase of one shard: every response up to the copy-complete cursor (no last_known_pk). */
  static List<SyncResponse> copyResponses(RawSyncClient client, FakePlanetScale fake, String table, String shard)
      throws InterruptedException {
    RawSyncClient.Stream s = client.open(RawSyncClient.request(fake, table, shard, "").setIncludeInserts(true)
        .setIncludeUpdates(true).setIncludeDeletes(true).build());
    try {
      return s.until(r -> r.hasCursor() && !r.getCursor().hasLastKnownPk() && r.getResultCount() == 0);
    } finally {
      s.cancel();
    }
  }

  /** The rows one shard's copy returns, in order, as (result, row) pairs flattened to rows. */
  static List<Row> copyRows(RawSyncClient client, FakePlanetScale fake, String table, String shard)
      throws InterruptedException {
    List<Row> rows = new ArrayList<>();
    for (SyncResponse r : copyResponses(client, fake, table, shard)) {
      for (QueryResult result : r.getResultList()) {
        rows.addAll(result.getRowsList());
      }
    }
    return rows;
  }

  /** The first result's fields and first row of a single-shard copy, as column name → text. */
  static Map<String, String> copyOne(RawSyncClient client, FakePlanetScale fake, String table)
      throws InterruptedException {
    for (SyncResponse r : copyResponses(client, fake, table, "-")) {
      for (QueryResult result : r.getResultList()) {
        if (result.getRowsCount() > 0) {
          return named(result, result.getRows(0));
        }
      }
    }
    throw new AssertionError("table " + table + " copied no rows");
  }

  /** The first cell of each copied row, as text: the ids of an {@link #idTable}. */
  static List<String> copyFirstColumn(RawSyncClient client, FakePlanetScale fake, String table, String shard)
      throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (Row row : copyRows(client, fake, table, shard)) {
      out.add(texts(row).get(0));
    }
    return out;
  }

  /** N of {@code MySQL56/<uuid>:1-N}. */
  static long seq(String position) {
    return Long.parseLong(position.substring(position.lastIndexOf('-') + 1));
  }

  /** The uuid of {@code MySQL56/<uuid>:1-N}. */
  static String uuid(String position) {
    return position.substring("MySQL56/".length(), position.lastIndexOf(':'));
  }

  /** Every shard's current sequence number, by shard name. */
  static Map<String, Long> seqs(FakePlanetScale fake) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String shard : fake.shardNames()) {
      out.put(shard, seq(fake.position(shard)));
    }
    return out;
  }
}
