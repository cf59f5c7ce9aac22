package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import io.planetscale.cdc.postgres.internal.pgoutput.InsertMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationColumn;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The snapshot path (JDBC result set, in a session with another TimeZone) and the stream path (pgoutput text
 * from a walsender) convert every supported type to the same Java values, on real servers; and those values
 * are the documented ones.
 */
@EachPostgresVersion
class PgValuesAgreementTest {
  private static final String SLOT = "values_slot";
  private static final String COLUMNS = "id int PRIMARY KEY, i2 int2, i4 int4, i8 int8, num numeric(10,2),"
      + " num_any numeric, f4 float4, f8 float8, b bool, t text, vc varchar(20), c char(3), nm name, ci citext,"
      + " u uuid, j json, jb jsonb, by bytea, d date, tm time, ttz timetz, ts timestamp, tstz timestamptz,"
      + " iv interval, ia int4[], ta text[], m mood, pi positive_int, ma mood[], grid int8[], ba bytea[],"
      + " tsa timestamptz[]";
  private static final List<String> ROWS = List.of(
      // Typical values, with quoting, escapes and non-ASCII text.
      "(1, -32768, 2147483647, 9223372036854775807, 12345.67, 1e-20, 1.5, 0.1, true, E'h\\u00e9llo \"w\"\\n',"
          + " 'varying', 'ab', 'a name', 'MiXeD', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
          + " '{\"b\": 1, \"a\": [1, 2]}', '{\"b\": 1, \"a\": [1, 2]}', '\\x00ff10', '2024-02-29',"
          + " '23:59:59.999999', '12:34:56+05:30', '2024-01-02 03:04:05.123', '2024-01-02 03:04:05.5+02',"
          + " '1 year 2 mons 3 days 04:05:06.7', '{1,NULL,3}', ARRAY['a b', 'c,d', 'e\"f', NULL, 'NULL', 'x\\y'],"
          + " 'happy', 5, '{sad,happy}', '{{1,2},{3,4}}', ARRAY['\\x01'::bytea, NULL],"
          + " ARRAY['2024-06-01 00:00:00+00'::timestamptz])",
      // Every column null.
      "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
      // Values JSON cannot carry, empty values, all 256 bytes, a non-default array lower bound.
      "(3, 0, 0, -9223372036854775808, -0.01, 'NaN', 'Infinity', '-Infinity', false, '', '', '', '', '',"
          + " '00000000-0000-0000-0000-000000000000', '\"s\"', '[]',"
          + " (SELECT decode(string_agg(lpad(to_hex(g), 2, '0'), ''), 'hex') FROM generate_series(0, 255) g),"
          + " '0044-03-15 BC', '00:00:00', '00:00:00-12:00', '-infinity', 'infinity', '-1 days +02:03:00',"
          + " '[0:1]={7,8}', '{}', 'sad', 1, '{}', '{}', '{}', '{infinity}')",
      // Day and year boundaries crossed by the offset; extreme floats; a five-digit year.
      "(4, 1, 1, 1, 99999999.99, '-123456789012345678901234567890.123456789', '3.4028235e38', '1e308', true,"
          + " 'x', 'x', 'xyz', 'x', 'x', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'null', 'null', '\\x',"
          + " '12345-06-07', '24:00:00', '01:02:03.5+01:02:03', '12345-06-07 08:09:10',"
          + " '1999-12-31 23:30:00-01:30', 'P1Y', '{-1}', '{\"\"}', 'happy', 2147483647, '{happy}',"
          + " '{{{1}},{{2}}}', '{\"\\\\x\"}', '{\"2000-01-01 00:00:00.000001+14\"}')");

  @Parameter
  SharedPostgresServer postgres;

  private PostgresSource source;

  @BeforeEach
  void createTableSlotAndRows() throws SQLException {
    source = TestDatabase.recreate(postgres.get(), "values_test");
    TestDatabase.execute(source,
        "CREATE EXTENSION citext",
        "CREATE TYPE mood AS ENUM ('sad', 'happy')",
        "CREATE DOMAIN positive_int AS int4 CHECK (VALUE > 0)",
        "CREATE TABLE v (" + COLUMNS + ")",
        "CREATE PUBLICATION values_pub FOR TABLE v",
        "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')",
        "INSERT INTO v VALUES " + String.join(", ", ROWS));
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Connection c = postgres.get().connect(); Statement s = c.createStatement()) {
      // The walsender may linger a moment after the stream closed: FORCE ends it, and the slot goes with the
      // database's drop only once inactive, so drop the slot by name when possible.
      s.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '" + SLOT
          + "' AND active_pid IS NOT NULL");
    }
    TestDatabase.dropSlotWhenInactive(postgres.get(), SLOT, Duration.ofSeconds(30));
  }

  @Test
  void snapshotAndStreamConvertEveryTypeIdentically() throws SQLException {
    List<Map<String, Object>> snapshot = snapshotRows();
    List<Map<String, Object>> stream = streamRows();

    assertThat(stream).hasSize(ROWS.size());
    for (int i = 0; i < ROWS.size(); i++) {
      assertThat(stream.get(i)).as("row %d", i + 1).containsExactlyEntriesOf(snapshot.get(i));
    }
  }

  @Test
  void valuesAreTheDocumentedJsonForms() throws SQLException {
    List<Map<String, Object>> rows = streamRows();
    Map<String, Object> typical = rows.get(0);
    assertThat(typical.get("i2")).isEqualTo(-32768L);
    assertThat(typical.get("i8")).isEqualTo(Long.MAX_VALUE);
    assertThat(typical.get("num")).isEqualTo(new BigDecimal("12345.67"));
    assertThat(typical.get("num_any")).isEqualTo(new BigDecimal("0.00000000000000000001"));
    assertThat(typical.get("f4")).isEqualTo(1.5d);
    assertThat(typical.get("f8")).isEqualTo(0.1d);
    assertThat(typical.get("b")).isEqualTo(Boolean.TRUE);
    assertThat(typical.get("t")).isEqualTo("h\u00e9llo \"w\"\n");
    assertThat(typical.get("c")).isEqualTo("ab ");
    assertThat(typical.get("j")).isEqualTo("{\"b\": 1, \"a\": [1, 2]}");
    assertThat(typical.get("jb")).isEqualTo("{\"a\": [1, 2], \"b\": 1}");
    assertThat(typical.get("by")).isEqualTo(Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff, 0x10}));
    assertThat(typical.get("d")).isEqualTo("2024-02-29");
    assertThat(typical.get("tm")).isEqualTo("23:59:59.999999");
    assertThat(typical.get("ttz")).isEqualTo("12:34:56+05:30");
    assertThat(typical.get("ts")).isEqualTo("2024-01-02T03:04:05.123Z");
    assertThat(typical.get("tstz")).isEqualTo("2024-01-02T01:04:05.5Z");
    assertThat(typical.get("iv")).isEqualTo("P1Y2M3DT4H5M6.7S");
    assertThat(typical.get("ia")).isEqualTo(Arrays.asList(1L, null, 3L));
    assertThat(typical.get("ta")).isEqualTo(Arrays.asList("a b", "c,d", "e\"f", null, "NULL", "x\\y"));
    assertThat(typical.get("m")).isEqualTo("happy");
    assertThat(typical.get("pi")).isEqualTo(5L);
    assertThat(typical.get("ma")).isEqualTo(List.of("sad", "happy"));
    assertThat(typical.get("grid")).isEqualTo(List.of(List.of(1L, 2L), List.of(3L, 4L)));
    assertThat(typical.get("ba")).isEqualTo(Arrays.asList("AQ==", null));
    assertThat(typical.get("tsa")).isEqualTo(List.of("2024-06-01T00:00:00Z"));

    Map<String, Object> nulls = rows.get(1);
    assertThat(nulls.values().stream().filter(v -> v != null)).containsExactly(2L);

    Map<String, Object> special = rows.get(2);
    assertThat(special.get("num")).isEqualTo(new BigDecimal("-0.01"));
    assertThat(special.get("num_any")).isNull();
    assertThat(special.get("f4")).isNull();
    assertThat(special.get("f8")).isNull();
    assertThat(special.get("b")).isEqualTo(Boolean.FALSE);
    assertThat(special.get("t")).isEqualTo("");
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    assertThat(special.get("by")).isEqualTo(Base64.getEncoder().encodeToString(all));
    assertThat(special.get("d")).isNull();
    assertThat(special.get("ttz")).isEqualTo("00:00:00-12:00");
    assertThat(special.get("ts")).isNull();
    assertThat(special.get("tstz")).isNull();
    assertThat(special.get("iv")).isEqualTo("P-1DT2H3M");
    assertThat(special.get("ia")).isEqualTo(List.of(7L, 8L));
    assertThat(special.get("ta")).isEqualTo(List.of());
    assertThat(special.get("tsa")).isEqualTo(Arrays.asList((Object) null));

    Map<String, Object> edges = rows.get(3);
    assertThat(edges.get("num_any")).isEqualTo(new BigDecimal("-123456789012345678901234567890.123456789"));
    // float4's shortest text, not the float widened (3.4028234663852886E38): what the database shows.
    assertThat(edges.get("f4")).isEqualTo(3.4028235e38d);
    assertThat(edges.get("f8")).isEqualTo(1e308);
    assertThat(edges.get("u")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assertThat(edges.get("j")).isEqualTo("null");
    assertThat(edges.get("by")).isEqualTo("");
    assertThat(edges.get("d")).isEqualTo("12345-06-07");
    assertThat(edges.get("tm")).isEqualTo("24:00:00");
    assertThat(edges.get("ttz")).isEqualTo("01:02:03.5+01:02:03");
    assertThat(edges.get("ts")).isEqualTo("12345-06-07T08:09:10Z");
    assertThat(edges.get("tstz")).isEqualTo("2000-01-01T01:00:00Z");
    assertThat(edges.get("ta")).isEqualTo(List.of(""));
    assertThat(edges.get("grid")).isEqualTo(List.of(List.of(List.of(1L)), List.of(List.of(2L))));
    assertThat(edges.get("ba")).isEqualTo(List.of(""));
    assertThat(edges.get("tsa")).isEqualTo(List.of("1999-12-31T10:00:00.000001Z"));
  }

  private List<Map<String, Object>> snapshotRows() throws SQLException {
    try (Connection c = TestDatabase.connect(source); Statement s = c.createStatement()) {
      // Another TimeZone than the walsender's: timestamptz text differs, the converted instants must not.
      s.execute("SET TimeZone = 'Asia/Kathmandu'");
      PgTable table = PostgresCatalog.tables(c, source, new PgTypeResolver()).get(0);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT * FROM " + table.qualifiedName() + " ORDER BY id")) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 0; i < table.columns().size(); i++) {
            PgColumn column = table.columns().get(i);
            row.put(column.name(), PgValues.fromResultSet(column.type(), rs, i + 1));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private List<Map<String, Object>> streamRows() throws SQLException {
    PgOutputRows captured = PgOutputRows.read(source, SLOT, "values_pub", ROWS.size(), Duration.ofSeconds(30));
    List<RelationColumn> columns = captured.relation.columns();
    List<Long> oids = new ArrayList<>();
    columns.forEach(col -> oids.add(col.typeOid()));
    Map<Long, PgColumnType> types;
    try (Connection c = TestDatabase.connect(source)) {
      types = new PgTypeResolver().resolve(c, oids);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (InsertMessage insert : captured.inserts) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i).name(), PgValues.fromTuple(types.get(columns.get(i).typeOid()),
            insert.newTuple().get(i)));
      }
      rows.add(row);
    }
    return rows;
  }
}
