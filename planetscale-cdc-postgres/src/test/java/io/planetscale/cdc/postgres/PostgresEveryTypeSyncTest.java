package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Every type discovery maps, through a discovered catalog, in a table and columns whose names need quoting:
 * the snapshot and the stream give the same values for the same row.
 */
@EachPostgresVersion
class PostgresEveryTypeSyncTest {
  private static final String SLOT = "every_type_sync";
  private static final String ROW = "%d, 2, 4, 8, 12.34, 1e-3, 1.5, -2.25, true,"
      + " E'a\\tb\\nc\\\\d', 'vc', 'abc', 'bp', 'nm', 'CiTeXt',"
      + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"a\": [1, 2]}', '{\"b\": null}', '\\xdeadbeef',"
      + " '2026-12-01', '12:34:56.789', '12:00:00+02', '2026-12-01 10:00:00.5', '2026-12-01 10:00:00+01',"
      + " '1 day 02:03:04', '{1,NULL,3}', '{\"x y\",z}', 'odd \"name\"', 'happy', 5, 7, 'short', '{sad,happy}',"
      + " '{1,2}'";

  @Parameter
  SharedPostgresServer postgres;

  private PostgresSource source;

  @BeforeEach
  void setUp() throws Exception {
    source = TestDatabase.recreate(postgres.get(), "sync_types");
    TestDatabase.execute(source, TestDatabase.USER_TYPES);
    TestDatabase.execute(source,
        "CREATE TABLE \"Every Type\" (\"Id\" bigint PRIMARY KEY, i2 int2, i4 int4, i8 int8,"
            + " num numeric(10,2), num_any numeric, f4 float4, f8 float8, b bool,"
            + " t text, vc varchar(20), c char(3), bp bpchar, nm name, ci citext, u uuid, j json,"
            + " jb jsonb, by bytea, d date, tm time, ttz timetz, ts timestamp, tstz timestamptz,"
            + " iv interval, ia int4[], ta text[], \"quoted \"\"col\"\" Name\" text, m mood,"
            + " pi positive_int, sp small_positive, st short_text, ma mood[], da positive_int[])",
        "INSERT INTO \"Every Type\" VALUES (" + String.format(ROW, 1) + ")",
        "INSERT INTO \"Every Type\" (\"Id\", st) VALUES (3, 'nulls')");
  }

  @AfterEach
  void tearDown() throws Exception {
    try (Connection connection = TestDatabase.connect(source)) {
      ReplicationSlots.drop(connection, SLOT, Duration.ofSeconds(20));
    }
  }

  @Test
  void snapshotAndStreamAgreeOnEveryType() throws Exception {
    try (PostgresClient client = PostgresClient.builder(source).slotName(SLOT).publicationName("every_type")
        .createIfMissing(true).build()) {
      Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());
      assertThat(catalog.streams()).hasSize(1);
      CollectingSink snapshot = new CollectingSink();
      State state = client.sync(catalog, State.empty(), snapshot);
      TestDatabase.execute(source, "INSERT INTO \"Every Type\" VALUES (" + String.format(ROW, 2) + ")",
          "INSERT INTO \"Every Type\" (\"Id\", st) VALUES (4, 'nulls')");
      CollectingSink stream = new CollectingSink();
      client.sync(catalog, state, stream);

      assertThat(snapshot.records).hasSize(2);
      assertThat(stream.records).hasSize(2).allMatch(r -> r.operation() == Operation.INSERT);
      assertThat(withoutId(stream.records.get(0))).isEqualTo(withoutId(snapshot.records.get(0)));
      assertThat(withoutId(stream.records.get(1))).isEqualTo(withoutId(snapshot.records.get(1)));
      Map<String, Object> row = snapshot.records.get(0).data();
      assertThat(row).hasSize(catalog.streams().get(0).schema().properties().size());
      assertThat(row.get("Id")).isEqualTo(1L);
      assertThat(row.get("num")).isEqualTo(new BigDecimal("12.34"));
      assertThat(row.get("b")).isEqualTo(true);
      assertThat(row.get("f8")).isEqualTo(-2.25);
      assertThat(row.get("t")).isEqualTo("a\tb\nc\\d");
      assertThat(row.get("quoted \"col\" Name")).isEqualTo("odd \"name\"");
      assertThat(row.get("m")).isEqualTo("happy");
      assertThat(row.get("pi")).isEqualTo(5L);
      assertThat(row.get("ia")).isEqualTo(java.util.Arrays.asList(1L, null, 3L));
      assertThat(row.get("ta")).isEqualTo(List.of("x y", "z"));
      Map<String, Object> nulls = snapshot.records.get(1).data();
      assertThat(nulls.get("st")).isEqualTo("nulls");
      assertThat(nulls.get("i2")).isNull();
      assertThat(nulls).containsKey("i2");
    }
  }

  private static Map<String, Object> withoutId(Record record) {
    Map<String, Object> data = new LinkedHashMap<>(record.data());
    data.remove("Id");
    return data;
  }
}
