package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.ServerTestSupport.copyFirstColumn;
import static io.planetscale.cdc.testkit.ServerTestSupport.copyOne;
import static io.planetscale.cdc.testkit.ServerTestSupport.copyRows;
import static io.planetscale.cdc.testkit.ServerTestSupport.idTable;
import static io.planetscale.cdc.testkit.ServerTestSupport.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FakeDataModelTest {

  @Nested
  class TableSpecValidation {
    @Test
    void noColumns() {
      assertThatThrownBy(() -> TableSpec.builder("empty").primaryKey("id").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"empty\"")
          .hasMessageContaining("column");
    }

    @Test
    void duplicateColumn() {
      assertThatThrownBy(() -> TableSpec.builder("dup").column("id", "bigint").column("id", "int").primaryKey("id")
          .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"dup\"")
          .hasMessageContaining("\"id\"").hasMessageContaining("twice");
    }

    @Test
    void noPrimaryKey() {
      assertThatThrownBy(() -> TableSpec.builder("nokey").column("id", "bigint").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"nokey\"")
          .hasMessageContaining("primary key");
    }

    @Test
    void keyColumnMissing() {
      assertThatThrownBy(() -> TableSpec.builder("t").column("id", "bigint").primaryKey("id", "ghost").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"ghost\"")
          .hasMessageContaining("\"t\"");
    }

    @Test
    void blankTypeAndEmptyNames() {
      assertThatThrownBy(() -> TableSpec.builder("t").column("c", "  ").primaryKey("c").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"c\"").hasMessageContaining("type");
      assertThatThrownBy(() -> TableSpec.builder("t").column("", "int").primaryKey("").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column name");
      assertThatThrownBy(() -> TableSpec.builder("").column("id", "int").primaryKey("id").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table name");
    }

    @Test
    void keyColumnsBecomeNotNullOthersKeepTheirSetting() {
      TableSpec spec = TableSpec.builder("t").column("a", "int").column("b", "varchar(3)", true)
          .column("c", "int", false).column("d", "int").primaryKey("d", "a").build();
      assertThat(spec.columns()).extracting(ColumnSpec::nullable).containsExactly(false, true, false, false);
      assertThat(spec.primaryKey()).containsExactly("d", "a");
      assertThat(spec.indexOf("c")).isEqualTo(2);
      assertThat(spec.indexOf("zz")).isEqualTo(-1);
    }

    @Test
    void specListsAreUnmodifiable() {
      TableSpec spec = idTable("t");
      assertThatThrownBy(() -> spec.columns().add(new ColumnSpec("x", "int", true)))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> spec.primaryKey().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Dml {
    private FakePlanetScale fake;

    @BeforeEach
    void setUp() {
      fake = FakePlanetScale.builder().shards("-80", "80-").build().start();
      fake.createTable(TableSpec.builder("t").column("id", "bigint").column("name", "varchar(20)", false)
          .column("note", "varchar(20)").primaryKey("id").build());
      fake.createTable(TableSpec.builder("c").column("tenant", "int").column("code", "varchar(8)")
          .column("v", "int").primaryKey("tenant", "code").build());
    }

    @AfterEach
    void tearDown() {
      fake.close();
    }

    @Test
    void unknownColumn() {
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", 1, "name", "a", "bogus", 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"bogus\"").hasMessageContaining("\"t\"");
      assertThat(fake.rowCount("t")).isZero();
    }

    @Test
    void duplicateKey() {
      Map<String, Long> before = seqs(fake);
      fake.insert("t", Map.of("id", 1, "name", "a"));
      Map<String, Long> afterFirst = seqs(fake);
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", 1, "name", "b")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate entry");
      assertThat(fake.rowCount("t")).isEqualTo(1);
      assertThat(seqs(fake)).isEqualTo(afterFirst).isNotEqualTo(before);
    }

    @Test
    void duplicateKeyWithDifferentSpelling() {
      fake.insert("t", Map.of("id", 7, "name", "a"));
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", "7", "name", "b")))
          .hasMessageContaining("Duplicate entry");
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", 7L, "name", "b")))
          .hasMessageContaining("Duplicate entry");
    }

    @Test
    void nullInNotNullColumn() {
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"name\"").hasMessageContaining("NOT NULL");
      Map<String, Object> nullKey = new HashMap<>();
      nullKey.put("id", null);
      nullKey.put("name", "x");
      assertThatThrownBy(() -> fake.insert("t", nullKey)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"id\"");
    }

    @Test
    void unknownTable() {
      assertThatThrownBy(() -> fake.insert("nope", Map.of("id", 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"nope\"");
      assertThatThrownBy(() -> fake.rowCount("nope")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fake.shardOf("nope", 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fake.delete("nope", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueTheColumnCannotHold() {
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", "abc", "name", "a")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"id\"").hasMessageContaining("abc");
      assertThatThrownBy(() -> fake.insert("t", Map.of("id", 1.5, "name", "a")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"id\"");
      assertThat(fake.rowCount("t")).isZero();
    }

    @Test
    void failedInsertAllInsertsNothing() {
      Map<String, Long> before = seqs(fake);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 1; i <= 50; i++) {
        rows.add(Map.of("id", i, "name", "n"));
      }
      rows.add(Map.of("id", 51, "name", "n", "bogus", 1));
      assertThatThrownBy(() -> fake.insertAll("t", rows)).isInstanceOf(IllegalArgumentException.class);
      assertThat(fake.rowCount("t")).isZero();
      assertThat(seqs(fake)).isEqualTo(before);
    }

    @Test
    void insertAllWithADuplicateOfAnExistingRowInsertsNothing() {
      // The existing row lives on one shard; the batch touches both, and the duplicate is last.
      int existing = FakePlanetScaleServerTest.idOn(fake, "t", "80-");
      fake.insert("t", Map.of("id", existing, "name", "old"));
      Map<String, Long> before = seqs(fake);
      List<Map<String, Object>> rows = new ArrayList<>();
      rows.add(Map.of("id", FakePlanetScaleServerTest.idOn(fake, "t", "-80"), "name", "first")); // -80 goes first
      for (int i = 1000; i < 1100; i++) {
        rows.add(Map.of("id", i, "name", "n"));
      }
      rows.add(Map.of("id", existing, "name", "dup"));
      assertThatThrownBy(() -> fake.insertAll("t", rows)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Duplicate entry");
      assertThat(fake.rowCount("t")).isEqualTo(1);
      assertThat(seqs(fake)).isEqualTo(before);
    }

    @Test
    void insertAllWithTheSameKeyTwiceInsertsNothing() {
      Map<String, Long> before = seqs(fake);
      List<Map<String, Object>> rows = List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"),
          Map.of("id", 1, "name", "c"));
      assertThatThrownBy(() -> fake.insertAll("t", rows)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Duplicate entry");
      assertThat(fake.rowCount("t")).isZero();
      assertThat(seqs(fake)).isEqualTo(before);
    }

    @Test
    void emptyInsertAllChangesNothing() {
      Map<String, Long> before = seqs(fake);
      fake.insertAll("t", List.of());
      assertThat(seqs(fake)).isEqualTo(before);
    }

    @Test
    void updateAndDeleteOfMissingRows() {
      Map<String, Long> before = seqs(fake);
      assertThatThrownBy(() -> fake.update("t", 5, Map.of("name", "x"))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no row").hasMessageContaining("5");
      assertThatThrownBy(() -> fake.delete("t", 5)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no row");
      assertThat(seqs(fake)).isEqualTo(before);
    }

    @Test
    void updateCannotChangeTheKeyOrBreakConstraints() {
      fake.insert("t", Map.of("id", 1, "name", "a"));
      Map<String, Long> before = seqs(fake);
      assertThatThrownBy(() -> fake.update("t", 1, Map.of("id", 2))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("primary key");
      Map<String, Object> nullName = new HashMap<>();
      nullName.put("name", null);
      assertThatThrownBy(() -> fake.update("t", 1, nullName)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NOT NULL");
      assertThatThrownBy(() -> fake.update("t", 1, Map.of("bogus", 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"bogus\"");
      assertThat(seqs(fake)).isEqualTo(before);
      // Setting the key to its own value is not a key change.
      fake.update("t", 1, Map.of("id", 1, "name", "b"));
      assertThat(fake.rowCount("t")).isEqualTo(1);
    }

    @Test
    void updateAndDeleteChangeTheStoredRow() throws Exception {
      fake.insert("t", Map.of("id", 1, "name", "a", "note", "n"));
      Map<String, Object> changes = new HashMap<>();
      changes.put("name", "b");
      changes.put("note", null);
      fake.update("t", 1, changes);
      try (RawSyncClient client = new RawSyncClient(fake)) {
        List<Row> rows = copyRows(client, fake, "t", fake.shardOf("t", 1));
        assertThat(rows).hasSize(1);
        assertThat(ServerTestSupport.texts(rows.get(0))).containsExactly("1", "b", null);
        fake.delete("t", 1);
        assertThat(copyRows(client, fake, "t", fake.shardOf("t", 1))).isEmpty();
      }
      assertThat(fake.rowCount("t")).isZero();
      // A deleted key can be inserted again.
      fake.insert("t", Map.of("id", 1, "name", "again"));
      assertThat(fake.rowCount("t")).isEqualTo(1);
    }

    @Test
    void compositeKeys() throws Exception {
      fake.insert("c", Map.of("tenant", 1, "code", "a", "v", 1));
      fake.insert("c", Map.of("tenant", 1, "code", "b", "v", 2));
      fake.insert("c", Map.of("tenant", 2, "code", "a", "v", 3));
      assertThatThrownBy(() -> fake.insert("c", Map.of("tenant", 1, "code", "a", "v", 9)))
          .hasMessageContaining("Duplicate entry");
      String shard = fake.shardOf("c", Map.of("tenant", 1, "code", "b"));
      assertThat(shard).isIn("-80", "80-");
      assertThat(fake.update("c", Map.of("tenant", 1, "code", "b"), Map.of("v", 20))).isEqualTo(fake.position(shard));
      fake.delete("c", Map.of("tenant", 2, "code", "a"));
      assertThat(fake.rowCount("c")).isEqualTo(2);
      try (RawSyncClient client = new RawSyncClient(fake)) {
        List<Row> rows = copyRows(client, fake, "c", shard);
        assertThat(rows).extracting(ServerTestSupport::texts).contains(java.util.Arrays.asList("1", "b", "20"));
      }
    }

    @Test
    void compositeKeyMisuse() {
      assertThatThrownBy(() -> fake.shardOf("c", 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("composite").hasMessageContaining("Map");
      assertThatThrownBy(() -> fake.update("c", "a", Map.of("v", 1))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fake.delete("c", 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fake.shardOf("c", Map.of("tenant", 1))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"code\"");
      assertThatThrownBy(() -> fake.shardOf("c", Map.of("tenant", 1, "code", "a", "v", 1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class WireEncoding {
    private FakePlanetScale fake;
    private RawSyncClient client;
    private int tables;

    @BeforeEach
    void setUp() {
      fake = FakePlanetScale.builder().build().start();
      client = new RawSyncClient(fake);
    }

    @AfterEach
    void tearDown() {
      client.close();
      fake.close();
    }

    /** Creates {@code id bigint} plus one column of the type, inserts the value, copies it back as a Value. */
    private Value roundTrip(String columnType, Object value) throws Exception {
      String table = "t" + (++tables);
      fake.createTable(TableSpec.builder(table).column("id", "bigint").column("v", columnType).primaryKey("id").build());
      Map<String, Object> row = new HashMap<>();
      row.put("id", 1);
      row.put("v", value);
      fake.insert(table, row);
      for (SyncResponse r : ServerTestSupport.copyResponses(client, fake, table, "-")) {
        if (r.getResultCount() > 0) {
          QueryResult result = ProtoCodec.fromProto(r.getResult(0));
          assertThat(result.fields().get(1).columnType()).isEqualTo(columnType);
          return result.rows().get(0).get(1);
        }
      }
      throw new AssertionError("no row copied");
    }

    private String text(String columnType, Object value) throws Exception {
      return roundTrip(columnType, value).toStringUtf8();
    }

    @Test
    void integers() throws Exception {
      assertThat(text("bigint", -5)).isEqualTo("-5");
      assertThat(text("bigint unsigned", "18446744073709551615")).isEqualTo("18446744073709551615");
      assertThat(text("int", 7L)).isEqualTo("7");
      assertThat(roundTrip("bigint", -5).type()).isEqualTo(VitessType.INT64);
    }

    @Test
    void decimals() throws Exception {
      assertThat(text("decimal(10,2)", new BigDecimal("1.5"))).isEqualTo("1.50");
      assertThat(text("decimal(10,2)", "-0.1")).isEqualTo("-0.10");
      assertThatThrownBy(() -> text("decimal(10,2)", "abc")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> text("decimal(10,2)", new BigDecimal("1.234")))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimalsWithoutScaleAndOutOfRange() throws Exception {
      // DECIMAL is DECIMAL(10,0): 1.5 and "1.50" are not silently stored as different keys or values.
      assertThat(text("decimal", 7)).isEqualTo("7");
      assertThat(text("decimal(5)", "12.0")).isEqualTo("12");
      assertThatThrownBy(() -> text("decimal", new BigDecimal("1.5"))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> text("decimal(4,2)", new BigDecimal("123.45")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decimal(4,2)");
      assertThat(text("decimal(4,2)", new BigDecimal("-99.99"))).isEqualTo("-99.99");
      assertThat(text("decimal(3,2)", "0.05")).isEqualTo("0.05");
    }

    @Test
    void decimalKeysWithDifferentSpellingsAreOneKey() {
      try (FakePlanetScale sharded = FakePlanetScale.builder().shards("-80", "80-").build().start()) {
        sharded.createTable(TableSpec.builder("d").column("k", "decimal(10,2)").primaryKey("k").build());
        sharded.insert("d", Map.of("k", new BigDecimal("1.5")));
        assertThat(sharded.shardOf("d", "1.50")).isEqualTo(sharded.shardOf("d", new BigDecimal("1.5")));
        assertThatThrownBy(() -> sharded.insert("d", Map.of("k", "1.50"))).hasMessageContaining("Duplicate entry");
      }
    }

    @Test
    void dateTimes() throws Exception {
      LocalDateTime t = LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000);
      assertThat(text("datetime(6)", t)).isEqualTo("2024-01-02 03:04:05.123456");
      assertThat(text("datetime", t)).isEqualTo("2024-01-02 03:04:05");
      assertThat(text("datetime(3)", t)).isEqualTo("2024-01-02 03:04:05.123");
      assertThat(text("datetime(6)", LocalDateTime.of(2024, 1, 2, 3, 4, 5))).isEqualTo("2024-01-02 03:04:05.000000");
      assertThat(text("datetime", "0000-00-00 00:00:00")).isEqualTo("0000-00-00 00:00:00");
    }

    @Test
    void timestampsAreUtc() throws Exception {
      Instant instant = Instant.parse("2024-06-30T22:15:01.987654Z");
      assertThat(text("timestamp(3)", instant)).isEqualTo("2024-06-30 22:15:01.987");
      assertThat(text("timestamp", java.time.OffsetDateTime.parse("2024-07-01T00:15:01+02:00")))
          .isEqualTo("2024-06-30 22:15:01");
      assertThat(roundTrip("timestamp", instant).type()).isEqualTo(VitessType.TIMESTAMP);
    }

    @Test
    void dates() throws Exception {
      assertThat(text("date", LocalDate.of(2024, 2, 29))).isEqualTo("2024-02-29");
      assertThat(text("date", "0000-00-00")).isEqualTo("0000-00-00");
    }

    @Test
    void times() throws Exception {
      assertThat(text("time", Duration.ofHours(-30))).isEqualTo("-30:00:00");
      assertThat(text("time", Duration.ofHours(838).plusMinutes(59).plusSeconds(59))).isEqualTo("838:59:59");
      assertThat(text("time(2)", Duration.ofMillis(-1100))).isEqualTo("-00:00:01.10");
      assertThat(text("time", LocalTime.of(13, 5, 9))).isEqualTo("13:05:09");
    }

    @Test
    void binaryIsPaddedVarbinaryIsNot() throws Exception {
      assertThat(roundTrip("binary(4)", new byte[] {1, 2}).toBytes()).containsExactly(1, 2, 0, 0);
      assertThat(roundTrip("varbinary(4)", new byte[] {1, 2}).toBytes()).containsExactly(1, 2);
      assertThat(roundTrip("blob", new byte[] {(byte) 0xff, 0}).toBytes()).containsExactly(0xff, 0);
    }

    @Test
    void bits() throws Exception {
      assertThat(roundTrip("bit(10)", 513).toBytes()).containsExactly(0x02, 0x01);
      assertThat(roundTrip("bit(1)", true).toBytes()).containsExactly(0x01);
      assertThat(roundTrip("bit(64)", "18446744073709551615").toBytes()).hasSize(8).containsOnly(0xff);
      assertThatThrownBy(() -> roundTrip("bit(8)", 256)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> roundTrip("bit(8)", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitRejectsValuesWiderThanTheColumn() {
      // bit(10) holds 0..1023; 1024 fits the 2 bytes on the wire but not the column.
      assertThatThrownBy(() -> roundTrip("bit(10)", 1024)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bit(10)");
    }

    @Test
    void booleansInTinyint() throws Exception {
      assertThat(text("tinyint(1)", true)).isEqualTo("1");
      assertThat(text("tinyint(1)", false)).isEqualTo("0");
    }

    @Test
    void nullHasLengthMinusOne() throws Exception {
      fake.createTable(TableSpec.builder("n").column("id", "bigint").column("v", "varchar(5)").primaryKey("id")
          .build());
      fake.insert("n", Map.of("id", 1));
      Map<String, Object> empty = new HashMap<>();
      empty.put("id", 2);
      empty.put("v", "");
      fake.insert("n", empty);
      List<Row> rows = copyRows(client, fake, "n", "-");
      assertThat(rows.get(0).getLengthsList()).containsExactly(1L, -1L);
      assertThat(rows.get(0).getValues().toStringUtf8()).isEqualTo("1");
      assertThat(rows.get(1).getLengthsList()).containsExactly(1L, 0L);
      assertThat(roundTrip("int", null).isNull()).isTrue();
    }

    @Test
    void nonAsciiStringsAreUtf8() throws Exception {
      Value v = roundTrip("varchar(20)", "héllo ✓ 日本");
      assertThat(v.toBytes()).isEqualTo("héllo ✓ 日本".getBytes(StandardCharsets.UTF_8));
      assertThat(v.toStringUtf8()).isEqualTo("héllo ✓ 日本");
    }

    @Test
    void floatsAndDoubles() throws Exception {
      assertThat(Float.parseFloat(text("float", 1.5f))).isEqualTo(1.5f);
      assertThat(Double.parseDouble(text("double", 3.1415926535))).isEqualTo(3.1415926535);
      assertThat(text("double", "2.5e10")).isEqualTo("2.5e10");
      assertThatThrownBy(() -> text("double", "pi")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void years() throws Exception {
      assertThat(text("year", Year.of(2024))).isEqualTo("2024");
      assertThat(text("year", 1999)).isEqualTo("1999");
      assertThat(text("year", 0)).isEqualTo("0000");
    }

    @Test
    void enumsJsonAndText() throws Exception {
      assertThat(text("enum('a','b')", "b")).isEqualTo("b");
      assertThat(text("json", "{\"a\": 1}")).isEqualTo("{\"a\": 1}");
      assertThat(text("text", "x")).isEqualTo("x");
    }

    @Test
    void integerRangesAreChecked() {
      assertThatThrownBy(() -> text("tinyint", 128)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> text("tinyint unsigned", -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> text("bigint", "9223372036854775808")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> text("int unsigned", 4294967296L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsDescribeTheColumns() throws Exception {
      fake.createTable(TableSpec.builder("f").column("id", "bigint unsigned").column("s", "varchar(9)", false)
          .column("b", "varbinary(3)").primaryKey("id").build());
      fake.insert("f", Map.of("id", 1, "s", "x"));
      SyncResponse first = ServerTestSupport.copyResponses(client, fake, "f", "-").get(0);
      List<Field> fields = first.getResult(0).getFieldsList();
      assertThat(fields).extracting(Field::getName).containsExactly("id", "s", "b");
      assertThat(fields).extracting(Field::getTable).containsOnly("f");
      assertThat(fields).extracting(Field::getDatabase).containsOnly(fake.keyspace());
      assertThat(fields.get(0).getFlags() & 2).as("PRI_KEY").isEqualTo(2);
      assertThat(fields.get(0).getFlags() & 32).as("UNSIGNED").isEqualTo(32);
      assertThat(fields.get(1).getFlags() & 1).as("NOT_NULL").isEqualTo(1);
      assertThat(fields.get(2).getFlags() & 1).as("nullable").isZero();
      assertThat(fields.get(2).getCharset()).isEqualTo(63);
    }
  }

  @Nested
  class CopyOrder {
    @Test
    void integerKeysInNumericOrder() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        for (int id : new int[] {10, 9, 100, 2, -3}) {
          fake.insert("t", Map.of("id", id));
        }
        assertThat(copyFirstColumn(client, fake, "t", "-")).containsExactly("-3", "2", "9", "10", "100");
      }
    }

    @Test
    void varcharKeysInByteOrder() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(TableSpec.builder("s").column("k", "varchar(10)").primaryKey("k").build());
        for (String k : new String[] {"b", "a", "B", "ab", "é", "10", "9"}) {
          fake.insert("s", Map.of("k", k));
        }
        assertThat(copyFirstColumn(client, fake, "s", "-")).containsExactly("10", "9", "B", "a", "ab", "b", "é");
      }
    }

    @Test
    void compositeKeysInKeyOrder() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        // Key order (b, a) differs from column order (a, b).
        fake.createTable(TableSpec.builder("c").column("a", "varchar(4)").column("b", "int").primaryKey("b", "a")
            .build());
        fake.insert("c", Map.of("a", "y", "b", 10));
        fake.insert("c", Map.of("a", "x", "b", 10));
        fake.insert("c", Map.of("a", "z", "b", 9));
        fake.insert("c", Map.of("a", "a", "b", 100));
        List<String> order = new ArrayList<>();
        for (Row row : copyRows(client, fake, "c", "-")) {
          List<String> t = ServerTestSupport.texts(row);
          order.add(t.get(1) + "/" + t.get(0));
        }
        assertThat(order).containsExactly("9/z", "10/x", "10/y", "100/a");
      }
    }

    @Test
    void lastKnownPkOfEachCopyResponseIsItsLastRow() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().rowsPerResponse(2).build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        for (int id = 1; id <= 5; id++) {
          fake.insert("t", Map.of("id", id * 10));
        }
        Map<String, String> lastPks = new LinkedHashMap<>();
        for (SyncResponse r : ServerTestSupport.copyResponses(client, fake, "t", "-")) {
          if (r.getResultCount() > 0) {
            List<Row> rows = r.getResult(0).getRowsList();
            lastPks.put(ServerTestSupport.texts(rows.get(rows.size() - 1)).get(0),
                ServerTestSupport.texts(r.getCursor().getLastKnownPk().getRows(0)).get(0));
          }
        }
        assertThat(lastPks).containsExactly(Map.entry("20", "20"), Map.entry("40", "40"), Map.entry("50", "50"));
      }
    }

    @Test
    void copyOneSeesAllColumns() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        fake.insert("t", Map.of("id", 1, "name", "x"));
        assertThat(copyOne(client, fake, "t")).containsExactly(Map.entry("id", "1"), Map.entry("name", "x"));
      }
    }
  }
}
