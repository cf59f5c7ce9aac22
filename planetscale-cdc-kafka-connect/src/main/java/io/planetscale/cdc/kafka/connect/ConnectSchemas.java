package io.planetscale.cdc.kafka.connect;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Maps a column to its Connect schema: first to a {@link ColumnSpec} from the server's {@link Field} (the
 * typed path) or from the catalog's JSON schema alone (the fallback before the fields are known), then
 * the spec to a {@link Schema}.
 *
 * <p>From the fields: TINYINT → INT8, SMALLINT → INT16, MEDIUMINT and INT → INT32, BIGINT → INT64;
 * unsigned types widen (TINYINT → INT16, SMALLINT and MEDIUMINT → INT32, INT → INT64, BIGINT →
 * {@link Decimal} with scale 0); {@code tinyint(1)} and {@code bit(1)} → BOOLEAN when the catalog
 * declares the column boolean; FLOAT → FLOAT32, DOUBLE → FLOAT64, DECIMAL → {@link Decimal} with the
 * column's scale (and Debezium's {@code connect.decimal.precision} parameter); DATE → {@link Date};
 * DATETIME and TIMESTAMP → {@link Timestamp}; TIME → {@link Time} (see {@link ConnectValues} for
 * values beyond one day); YEAR → INT32 named {@code io.debezium.time.Year}; text → STRING; JSON →
 * STRING named {@code io.debezium.data.Json}; ENUM and SET → STRING named {@code io.debezium.data.Enum}
 * / {@code io.debezium.data.EnumSet} with parameter {@code allowed}; BIT(n) → BYTES named
 * {@code io.debezium.data.Bits} with parameter {@code length}; binary-collation BLOB/BINARY/VARBINARY,
 * GEOMETRY and VECTOR → BYTES; BLOB/BINARY/VARBINARY with a text collation arrive decoded, so STRING.
 *
 * <p>From the catalog only: integer → INT64, number → FLOAT64 (DECIMAL precision beyond a double is
 * lost: this path serves only records before their table's fields, which a keyspace stream never
 * sends), boolean → BOOLEAN, date-time → {@link Timestamp}, date → {@link Date}, anything else STRING.
 *
 * <p>Every non-key column is optional; a key column is optional unless the field's NOT NULL flag is
 * set or the catalog's types lack {@code "null"}.
 */
final class ConnectSchemas {
  /** MySQL's NOT_NULL_FLAG in {@link Field#flags()}. */
  private static final long NOT_NULL_FLAG = 1;
  private static final int BINARY_COLLATION = 63;

  private ConnectSchemas() {}

  /**
   * The spec of a column the server described.
   *
   * @param field the column as the server sends it
   * @param property the catalog's JSON schema of the column, or null when the catalog lacks it
   * @param key whether the column is in the primary key
   * @return the spec
   */
  static ColumnSpec fromField(Field field, StreamProperty property, boolean key) {
    String name = field.name();
    boolean optional = !key || !((field.flags() & NOT_NULL_FLAG) != 0 || notNull(property));
    boolean bool = property != null && property.isBoolean();
    String columnType = field.columnType().toLowerCase(Locale.ROOT);
    switch (field.type()) {
      case INT8:
        return simple(name, bool ? ColumnKind.BOOLEAN : ColumnKind.INT8, optional, key);
      case UINT8:
      case INT16:
        return simple(name, ColumnKind.INT16, optional, key);
      case UINT16:
      case INT24:
      case UINT24:
      case INT32:
        return simple(name, ColumnKind.INT32, optional, key);
      case UINT32:
      case INT64:
        return simple(name, ColumnKind.INT64, optional, key);
      case UINT64:
        return new ColumnSpec(name, ColumnKind.DECIMAL, optional, key, 0, 20, 0, null, null);
      case YEAR:
        return new ColumnSpec(name, ColumnKind.INT32, optional, key, 0, 0, 0, "io.debezium.time.Year", null);
      case DECIMAL: {
        int[] ps = typeArguments(columnType);
        int precision = ps.length > 0 ? ps[0] : 0;
        int scale = ps.length > 1 ? ps[1] : ps.length == 1 ? 0 : field.decimals();
        return new ColumnSpec(name, ColumnKind.DECIMAL, optional, key, scale, precision, 0, null, null);
      }
      case FLOAT32:
        return simple(name, ColumnKind.FLOAT32, optional, key);
      case FLOAT64:
        return simple(name, ColumnKind.FLOAT64, optional, key);
      case DATE:
        return simple(name, ColumnKind.DATE, optional, key);
      case DATETIME:
      case TIMESTAMP:
        return simple(name, ColumnKind.TIMESTAMP, optional, key);
      case TIME:
        return simple(name, ColumnKind.TIME, optional, key);
      case BIT: {
        int[] n = typeArguments(columnType);
        int bits = n.length > 0 ? n[0] : field.columnLength() > 0 ? (int) field.columnLength() : 1;
        if (bits == 1 && bool) {
          return simple(name, ColumnKind.BOOLEAN, optional, key);
        }
        return new ColumnSpec(name, ColumnKind.BITS, optional, key, 0, 0, bits, "io.debezium.data.Bits", null);
      }
      case JSON:
        return new ColumnSpec(name, ColumnKind.STRING, optional, key, 0, 0, 0, "io.debezium.data.Json", null);
      case ENUM:
        return labelled(name, "io.debezium.data.Enum", field.columnType(), optional, key);
      case SET:
        return labelled(name, "io.debezium.data.EnumSet", field.columnType(), optional, key);
      case BLOB:
      case BINARY:
      case VARBINARY:
        return simple(name, field.charset() == BINARY_COLLATION ? ColumnKind.BYTES : ColumnKind.STRING,
            optional, key);
      case GEOMETRY:
      case VECTOR:
        return simple(name, ColumnKind.BYTES, optional, key);
      default:
        return simple(name, ColumnKind.STRING, optional, key);
    }
  }

  /**
   * The spec of a column known only from the catalog (see the class comment).
   *
   * @param name the column name
   * @param property its JSON schema
   * @param key whether the column is in the primary key
   * @return the spec
   */
  static ColumnSpec fromProperty(String name, StreamProperty property, boolean key) {
    boolean optional = !key || !notNull(property);
    ColumnKind kind;
    if (property.isDateTime()) {
      kind = ColumnKind.TIMESTAMP;
    } else if ("date".equals(property.format())) {
      kind = ColumnKind.DATE;
    } else if (property.isInteger()) {
      kind = ColumnKind.INT64;
    } else if (property.isNumber()) {
      kind = ColumnKind.FLOAT64;
    } else if (property.isBoolean()) {
      kind = ColumnKind.BOOLEAN;
    } else {
      kind = ColumnKind.STRING;
    }
    return simple(name, kind, optional, key);
  }

  /**
   * The Connect schema of a column.
   *
   * @param spec the column
   * @return its schema, optional as the spec says
   */
  static Schema schema(ColumnSpec spec) {
    SchemaBuilder b;
    switch (spec.kind()) {
      case INT8: b = SchemaBuilder.int8(); break;
      case INT16: b = SchemaBuilder.int16(); break;
      case INT32: b = SchemaBuilder.int32(); break;
      case INT64: b = SchemaBuilder.int64(); break;
      case BOOLEAN: b = SchemaBuilder.bool(); break;
      case FLOAT32: b = SchemaBuilder.float32(); break;
      case FLOAT64: b = SchemaBuilder.float64(); break;
      case DECIMAL:
        b = Decimal.builder(spec.scale());
        if (spec.precision() > 0) {
          b.parameter("connect.decimal.precision", Integer.toString(spec.precision()));
        }
        break;
      case DATE: b = Date.builder(); break;
      case TIMESTAMP: b = Timestamp.builder(); break;
      case TIME: b = Time.builder(); break;
      case BYTES: b = SchemaBuilder.bytes(); break;
      case BITS: b = SchemaBuilder.bytes().parameter("length", Integer.toString(spec.bits())); break;
      default: b = SchemaBuilder.string(); break;
    }
    if (spec.logicalName() != null) {
      b.name(spec.logicalName()).version(1);
    }
    if (spec.allowed() != null) {
      b.parameter("allowed", spec.allowed());
    }
    if (spec.optional()) {
      b.optional();
    }
    return b.build();
  }

  private static ColumnSpec simple(String name, ColumnKind kind, boolean optional, boolean key) {
    return new ColumnSpec(name, kind, optional, key, 0, 0, 0, null, null);
  }

  private static ColumnSpec labelled(String name, String logicalName, String columnType, boolean optional,
      boolean key) {
    List<String> labels = MysqlColumnTypes.enumValues(columnType);
    return new ColumnSpec(name, ColumnKind.STRING, optional, key, 0, 0, 0, logicalName, String.join(",", labels));
  }

  /** True when the catalog lists the column's JSON types without {@code "null"}. */
  private static boolean notNull(StreamProperty property) {
    return property != null && !property.types().contains("null");
  }

  /** The integer arguments of a column type, {@code decimal(10,2)} → [10, 2]; empty when there are none. */
  static int[] typeArguments(String columnType) {
    int open = columnType.indexOf('(');
    int close = columnType.indexOf(')', open + 1);
    if (open < 0 || close < 0) {
      return new int[0];
    }
    String[] parts = columnType.substring(open + 1, close).split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        return new int[0]; // enum labels and the like: no numbers to take
      }
    }
    return out;
  }
}
