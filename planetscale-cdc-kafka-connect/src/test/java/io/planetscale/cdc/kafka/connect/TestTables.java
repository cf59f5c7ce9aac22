package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.StreamSchema;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.Values;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds tables for converter tests from MySQL column types the way discovery and the stream describe
 * them: the catalog's JSON schema ({@link MysqlColumnTypes#jsonSchema}, tinyint(1) as boolean), the
 * server's {@link Field}s, and row values converted by the SDK's own {@link Values#convert}.
 */
final class TestTables {
  static final String KEYSPACE = "shop";
  static final Instant READ = Instant.parse("2026-03-01T10:00:00.123456Z");

  /** One table: its name, columns ({@code name → column type}) and primary key. */
  record Table(String name, Map<String, String> columns, List<String> key) {

    Stream stream() {
      Map<String, StreamProperty> props = new LinkedHashMap<>();
      columns.forEach((c, t) -> props.put(c, MysqlColumnTypes.jsonSchema(t, !key.contains(c), true)));
      return new Stream("", name, KEYSPACE + ":" + name, StreamSchema.of(props), name,
          new MetadataCollection(List.of()), key, key);
    }

    List<Field> fields() {
      List<Field> fields = new ArrayList<>();
      columns.forEach((c, t) -> fields.add(new Field(c, MysqlColumnTypes.vitessType(t), name, t,
          MysqlColumnTypes.defaultCollation(t), key.contains(c) ? 1 | 2 : 0, name, "vt_" + KEYSPACE, c, 0, 0)));
      return fields;
    }

    SchemaChange fieldsOn(String shard) {
      return new SchemaChange(name, KEYSPACE, shard, null, fields(), new RecordPosition(KEYSPACE, shard, "MySQL56/x", 0));
    }

    /** A row image from column → MySQL text (null for SQL NULL), converted as the SDK converts it. */
    Map<String, Object> row(Map<String, String> text) {
      Map<String, StreamProperty> props = stream().schema().properties();
      Map<String, Object> row = new LinkedHashMap<>();
      text.forEach((c, s) -> {
        String t = columns.get(c);
        byte[] bytes = s == null ? null : s.startsWith("0x") ? HexFormat.of().parseHex(s.substring(2))
            : s.getBytes(StandardCharsets.UTF_8); // 0x...: raw bytes, for BIT and binary columns
        Value v = s == null ? Value.NULL : Value.of(MysqlColumnTypes.vitessType(t), bytes,
            MysqlColumnTypes.defaultCollation(t));
        row.put(c, Values.convert(props.get(c), v));
      });
      return row;
    }

    Record record(Operation op, Map<String, Object> data, Map<String, Object> before) {
      return new Record(name, op, data, before, READ, new RecordPosition(KEYSPACE, "-80", "MySQL56/x:1-5", 0));
    }

    Record partial(Operation op, Map<String, Object> data, Set<String> absent) {
      return new Record(name, op, data, null, READ, new RecordPosition(KEYSPACE, "-80", "MySQL56/x:1-5", 0),
          absent, Set.of());
    }
  }

  private TestTables() {}

  /** A table with a column of every type the converter maps. */
  static Table everyType() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("id", "bigint");
    c.put("i8", "tinyint");
    c.put("u8", "tinyint unsigned");
    c.put("i16", "smallint");
    c.put("u16", "smallint unsigned");
    c.put("i24", "mediumint");
    c.put("u24", "mediumint unsigned");
    c.put("i32", "int");
    c.put("u32", "int unsigned");
    c.put("i64", "bigint");
    c.put("u64", "bigint unsigned");
    c.put("flag", "tinyint(1)");
    c.put("bit1", "bit(1)");
    c.put("bits", "bit(12)");
    c.put("f32", "float");
    c.put("f64", "double");
    c.put("dec", "decimal(10,2)");
    c.put("d", "date");
    c.put("dt", "datetime(6)");
    c.put("ts", "timestamp");
    c.put("t", "time");
    c.put("y", "year");
    c.put("ch", "char(4)");
    c.put("vc", "varchar(20)");
    c.put("tx", "text");
    c.put("bin", "varbinary(8)");
    c.put("blb", "blob");
    c.put("j", "json");
    c.put("e", "enum('small','large')");
    c.put("st", "set('x','y')");
    c.put("g", "geometry");
    return new Table("items", c, List.of("id"));
  }

  /** A two-column table keyed by a composite key. */
  static Table orders() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("region", "varchar(8)");
    c.put("id", "int");
    c.put("note", "varchar(20)");
    return new Table("orders", c, List.of("region", "id"));
  }

  /** A table without a primary key. */
  static Table events() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("msg", "varchar(20)");
    return new Table("events", c, List.of());
  }

  static Catalog catalog(Table... tables) {
    List<Stream> streams = new ArrayList<>();
    for (Table t : tables) {
      streams.add(t.stream());
    }
    return new Catalog(streams);
  }

  /** Column → text pairs in order. */
  static Map<String, String> text(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
