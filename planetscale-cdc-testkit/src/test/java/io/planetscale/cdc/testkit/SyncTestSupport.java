package io.planetscale.cdc.testkit;

import io.planetscale.cdc.Value;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared fixtures and decoding helpers for the Sync tests. */
final class SyncTestSupport {
  static final String ITEMS = "items";
  static final String PAIRS = "pairs";

  private SyncTestSupport() {}

  /** A started fake and a raw client on it, closed together. */
  static final class Env implements AutoCloseable {
    final FakePlanetScale fake;
    final RawSyncClient client;

    Env(FakePlanetScale.Builder builder) {
      fake = builder.build().start();
      RawSyncClient c = null;
      try {
        c = new RawSyncClient(fake);
      } finally {
        if (c == null) {
          fake.close();
        }
      }
      client = c;
    }

    /** One shard, the items table. */
    static Env items(int rowsPerResponse, boolean tls) {
      Env env = new Env(FakePlanetScale.builder().rowsPerResponse(rowsPerResponse).tls(tls));
      env.fake.createTable(itemsSpec());
      return env;
    }

    RawSyncClient.Stream open(SyncRequest.Builder request) {
      return client.open(request.build());
    }

    SyncRequest.Builder all(String table, String shard, String position) {
      return SyncTestSupport.all(fake, table, shard, position);
    }

    /** Closes the client, waits (bounded) for the server to see its calls end, then closes the fake. */
    @Override
    public void close() {
      try {
        client.close();
        fake.awaitOpenStreams(0, Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        fake.close();
      }
    }
  }

  /** items(id bigint PK, name varchar(20), qty int). */
  static TableSpec itemsSpec() {
    return TableSpec.builder(ITEMS).column("id", "bigint").column("name", "varchar(20)").column("qty", "int")
        .primaryKey("id").build();
  }

  /** pairs(a bigint, b varchar(10), v varchar(10), PRIMARY KEY (a, b)). */
  static TableSpec pairsSpec() {
    return TableSpec.builder(PAIRS).column("a", "bigint").column("b", "varchar(10)").column("v", "varchar(10)")
        .primaryKey("a", "b").build();
  }

  static Map<String, Object> item(long id) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("name", "n" + id);
    row.put("qty", id * 10);
    return row;
  }

  static void insertItems(FakePlanetScale fake, long fromInclusive, long toInclusive) {
    for (long id = fromInclusive; id <= toInclusive; id++) {
      fake.insert(ITEMS, item(id));
    }
  }

  /** A request with all three include flags set (what the modern clients send). */
  static SyncRequest.Builder all(FakePlanetScale fake, String table, String shard, String position) {
    return RawSyncClient.request(fake, table, shard, position).setIncludeInserts(true).setIncludeUpdates(true)
        .setIncludeDeletes(true);
  }

  /** The final cursor of a copy phase: a cursor without last_known_pk. */
  static boolean copyDone(SyncResponse r) {
    return r.hasCursor() && !r.getCursor().hasLastKnownPk();
  }

  /** Rows of a query result as text cells (null for NULL), decoded through the SDK's codec. */
  static List<List<String>> text(QueryResult result) {
    List<List<String>> rows = new ArrayList<>();
    for (List<Value> row : ProtoCodec.fromProto(result).rows()) {
      List<String> cells = new ArrayList<>();
      for (Value v : row) {
        cells.add(v.toStringUtf8());
      }
      rows.add(cells);
    }
    return rows;
  }

  /** All rows of every {@code result} of the response, as text. */
  static List<List<String>> resultRows(SyncResponse r) {
    List<List<String>> rows = new ArrayList<>();
    for (QueryResult q : r.getResultList()) {
      rows.addAll(text(q));
    }
    return rows;
  }

  static int resultRowCount(SyncResponse r) {
    int n = 0;
    for (QueryResult q : r.getResultList()) {
      n += q.getRowsCount();
    }
    return n;
  }

  /** The first column of every result row, as a long. */
  static List<Long> resultIds(SyncResponse r) {
    List<Long> ids = new ArrayList<>();
    for (QueryResult q : r.getResultList()) {
      for (List<Value> row : ProtoCodec.fromProto(q).rows()) {
        ids.add(row.get(0).toLong());
      }
    }
    return ids;
  }

  static List<Long> resultIds(List<SyncResponse> responses) {
    List<Long> ids = new ArrayList<>();
    for (SyncResponse r : responses) {
      ids.addAll(resultIds(r));
    }
    return ids;
  }

  static List<String> names(List<Field> fields) {
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      names.add(f.getName());
    }
    return names;
  }

  /** A text row (as {@link #text}) for an {@link #item}. */
  static List<String> itemText(long id) {
    return List.of(String.valueOf(id), "n" + id, String.valueOf(id * 10));
  }

  static boolean hasRows(SyncResponse r) {
    return r.getResultCount() > 0 || r.getUpdatesCount() > 0 || r.getDeletesCount() > 0;
  }

  /** A hand-made last_known_pk: the given field names and one row of text values (null = NULL). */
  static QueryResult lkpk(List<String> fieldNames, List<String> values) {
    QueryResult.Builder q = QueryResult.newBuilder();
    for (String name : fieldNames) {
      q.addFields(Field.newBuilder().setName(name));
    }
    q.addRows(row(values));
    return q.build();
  }

  static Row row(List<String> values) {
    Row.Builder row = Row.newBuilder();
    ByteString.Output bytes = ByteString.newOutput();
    for (String v : values) {
      if (v == null) {
        row.addLengths(-1);
      } else {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        row.addLengths(b.length);
        bytes.write(b, 0, b.length);
      }
    }
    return row.setValues(bytes.toByteString()).build();
  }

  /**
   * Applies a stream's responses, in order, to a table image keyed by the first column: result rows
   * are upserts, updates replace, deletes remove.
   */
  static void apply(TreeMap<Long, List<String>> table, SyncResponse r) {
    for (QueryResult q : r.getResultList()) {
      for (List<String> row : text(q)) {
        table.put(Long.parseLong(row.get(0)), row);
      }
    }
    for (UpdatedRow u : r.getUpdatesList()) {
      List<List<String>> before = text(u.getBefore());
      List<List<String>> after = text(u.getAfter());
      for (int i = 0; i < after.size(); i++) {
        table.remove(Long.parseLong(before.get(i).get(0)));
        table.put(Long.parseLong(after.get(i).get(0)), after.get(i));
      }
    }
    for (var d : r.getDeletesList()) {
      for (List<String> key : text(d.getResult())) {
        table.remove(Long.parseLong(key.get(0)));
      }
    }
  }
}
