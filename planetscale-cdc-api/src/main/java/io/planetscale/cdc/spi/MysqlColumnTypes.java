package io.planetscale.cdc.spi;

import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.VitessType;
import java.util.List;

/**
 * Maps a MySQL column type, as {@code information_schema.columns.column_type} spells it, to the JSON
 * schema of the column, to the {@code query.Type} Vitess reports for its values, to its default
 * collation id, and to its ENUM/SET labels. For {@link MysqlAccess} implementors: JDBC discovery and
 * in-memory test servers describe columns the same way, and the schema always matches what
 * {@link io.planetscale.cdc.Values#convert} produces for the column's values.
 *
 * <p>Input is case-insensitive and surrounding spaces are ignored. The display width of integers
 * ({@code int(11)}), {@code unsigned}, {@code zerofill} and any {@code character set}/{@code collate}
 * suffix never change the JSON type, except for {@code tinyint(1)}. A nullable column's type list is
 * {@code ["null", t]}, otherwise {@code [t]}.
 *
 * <table class="striped">
 *   <caption>MySQL column type → JSON schema, Vitess type, default collation, converted Java value</caption>
 *   <thead>
 *     <tr><th scope="col">MySQL column type</th><th scope="col">JSON type (format)</th>
 *         <th scope="col">Vitess type</th><th scope="col">collation</th><th scope="col">converted value</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@code tinyint(1)} (signed, no zerofill), {@code bool}, {@code boolean}, with treatTinyIntAsBoolean</td>
 *         <td>boolean</td><td>INT8</td><td>63</td><td>Boolean (0/1; other values are an error)</td></tr>
 *     <tr><td>{@code tinyint}, {@code smallint}, {@code mediumint}, {@code int}, {@code integer}, {@code bigint}
 *         with or without {@code (n)}, {@code unsigned}, {@code zerofill}; {@code tinyint(1)} otherwise</td>
 *         <td>integer</td><td>INT8/UINT8, INT16/UINT16, INT24/UINT24, INT32/UINT32, INT64/UINT64</td><td>63</td>
 *         <td>Long (bigint unsigned above 2<sup>63</sup>-1: BigInteger)</td></tr>
 *     <tr><td>{@code year}</td><td>integer</td><td>YEAR</td><td>63</td><td>Long</td></tr>
 *     <tr><td>{@code decimal}, {@code numeric}, {@code dec}, {@code fixed} with or without {@code (p[,s])}</td>
 *         <td>number</td><td>DECIMAL</td><td>63</td><td>BigDecimal (exact)</td></tr>
 *     <tr><td>{@code float}, {@code float(m,d)}, {@code float(p)} with p &le; 24</td>
 *         <td>number</td><td>FLOAT32</td><td>63</td><td>Double</td></tr>
 *     <tr><td>{@code double}, {@code double precision}, {@code real}, {@code float(p)} with p &gt; 24</td>
 *         <td>number</td><td>FLOAT64</td><td>63</td><td>Double</td></tr>
 *     <tr><td>{@code bit}, {@code bit(1)}</td><td>boolean</td><td>BIT</td><td>63</td><td>Boolean</td></tr>
 *     <tr><td>{@code bit(n)}, n &gt; 1</td><td>integer</td><td>BIT</td><td>63</td>
 *         <td>Long, or BigInteger above 2<sup>63</sup>-1 (unsigned big-endian)</td></tr>
 *     <tr><td>{@code date}</td><td>string (date)</td><td>DATE</td><td>63</td><td>String {@code YYYY-MM-DD}</td></tr>
 *     <tr><td>{@code datetime}, {@code datetime(n)}</td><td>string (date-time)</td><td>DATETIME</td><td>63</td>
 *         <td>String {@code YYYY-MM-DDTHH:MM:SS[.f]Z}; zero dates null</td></tr>
 *     <tr><td>{@code timestamp}, {@code timestamp(n)}</td><td>string (date-time)</td><td>TIMESTAMP</td><td>63</td>
 *         <td>as datetime</td></tr>
 *     <tr><td>{@code time}, {@code time(n)}</td><td>string (no format)</td><td>TIME</td><td>63</td>
 *         <td>String {@code [-]HHH:MM:SS[.f]}</td></tr>
 *     <tr><td>{@code char}, {@code varchar}, {@code tinytext}, {@code text}, {@code mediumtext}, {@code longtext}</td>
 *         <td>string</td><td>CHAR, VARCHAR, TEXT</td><td>255, or from the suffix</td><td>String in the column charset</td></tr>
 *     <tr><td>{@code binary}, {@code varbinary}, {@code tinyblob}, {@code blob}, {@code mediumblob}, {@code longblob}</td>
 *         <td>string</td><td>BINARY, VARBINARY, BLOB</td><td>63</td><td>String, Base64 of the bytes</td></tr>
 *     <tr><td>{@code enum(...)}, {@code set(...)}</td><td>string</td><td>ENUM, SET</td><td>255, or from the suffix</td>
 *         <td>String</td></tr>
 *     <tr><td>{@code json}</td><td>string</td><td>JSON</td><td>63</td><td>String, the JSON text</td></tr>
 *     <tr><td>{@code geometry}, {@code point}, {@code linestring}, {@code polygon}, {@code multipoint},
 *         {@code multilinestring}, {@code multipolygon}, {@code geometrycollection}, {@code geomcollection}</td>
 *         <td>string</td><td>GEOMETRY</td><td>63</td><td>String, Base64 of SRID + WKB</td></tr>
 *     <tr><td>{@code vector(n)}</td><td>string</td><td>VECTOR</td><td>63</td><td>String, Base64 of the floats</td></tr>
 *     <tr><td>anything else</td><td>string</td><td>VARBINARY</td><td>63</td><td>String, Base64 of the bytes</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Decisions, and where they differ from the Go connectors (reference §2.4, §7.S-19):
 * <ul>
 *   <li>Integers are {@code integer} whatever their width or attributes (singer-tap made
 *       {@code bigint} a {@code number} and {@code smallint(6)} a {@code string}; airbyte used
 *       {@code number} for all). Synonyms ({@code int1}..{@code int8}, {@code middleint},
 *       {@code serial}, {@code float4}, {@code float8}) map like the types they stand for.
 *   <li>Only exactly {@code tinyint(1)}, signed and without {@code zerofill}, is the boolean
 *       candidate. That is the column MySQL creates for {@code BOOL}, the one MySQL 8 still shows a
 *       display width for, and what singer-tap, fivetran and airbyte's read path convert. airbyte's
 *       schema used the prefix, so {@code tinyint(1) unsigned} (values 0..255) was declared boolean
 *       but sent as numbers; here it is {@code integer}.
 *   <li>{@code bit(1)} is {@code boolean} whatever treatTinyIntAsBoolean says: its only values are 0
 *       and 1. Wider {@code bit(n)} is the unsigned number of its bits.
 *   <li>{@code date} carries {@code format: date}; {@code time} has no format because MySQL TIME is a
 *       signed duration up to 838 hours, not a time of day.
 *   <li>{@code zerofill} implies {@code unsigned}, as in MySQL.
 *   <li>An unknown type never throws: discovery must not fail on a type added by a later MySQL or
 *       Vitess release. It is a {@code string} with Vitess type VARBINARY and the binary collation, so
 *       its values arrive as Base64 of their bytes, which loses nothing whatever they hold.
 * </ul>
 */
public final class MysqlColumnTypes {
  /** utf8mb4_0900_ai_ci, MySQL 8's default collation, assumed for text without a suffix. */
  private static final int UTF8MB4_DEFAULT = 255;
  private static final int BINARY = 63;

  private MysqlColumnTypes() {}

  /**
   * The JSON schema property of a column.
   *
   * @param columnType the MySQL column type, e.g. {@code int(11) unsigned} or {@code datetime(6)}
   * @param nullable whether the column is nullable ({@code is_nullable = 'YES'})
   * @param treatTinyIntAsBoolean describe {@code tinyint(1)}, {@code bool} and {@code boolean} as {@code boolean}
   * @return {@code [t]}, or {@code ["null", t]} when nullable, with the format of the table above
   */
  public static StreamProperty jsonSchema(String columnType, boolean nullable, boolean treatTinyIntAsBoolean) {
    MysqlColumnType t = MysqlColumnType.parse(columnType);
    String type;
    String format = null;
    switch (t.kind()) {
      case TINYINT:
        boolean tinyInt1 = t.intArg(0) == 1 && !t.unsigned();
        type = treatTinyIntAsBoolean && tinyInt1 ? "boolean" : "integer";
        break;
      case BOOL:
        type = treatTinyIntAsBoolean ? "boolean" : "integer";
        break;
      case SMALLINT:
      case MEDIUMINT:
      case INT:
      case BIGINT:
      case YEAR:
        type = "integer";
        break;
      case DECIMAL:
      case FLOAT:
      case DOUBLE:
        type = "number";
        break;
      case BIT:
        type = t.intArg(1) == 1 ? "boolean" : "integer";
        break;
      case DATE:
        type = "string";
        format = "date";
        break;
      case DATETIME:
      case TIMESTAMP:
        type = "string";
        format = "date-time";
        break;
      default:
        type = "string";
        break;
    }
    List<String> types = nullable ? List.of("null", type) : List.of(type);
    return new StreamProperty(types, format);
  }

  /**
   * The {@code query.Type} Vitess reports for a column's values.
   *
   * @param columnType the MySQL column type, e.g. {@code bigint unsigned}
   * @return the type of the table above; {@link VitessType#VARBINARY} for an unknown type
   */
  public static VitessType vitessType(String columnType) {
    MysqlColumnType t = MysqlColumnType.parse(columnType);
    boolean u = t.unsigned();
    switch (t.kind()) {
      case TINYINT: return u ? VitessType.UINT8 : VitessType.INT8;
      case BOOL: return VitessType.INT8;
      case SMALLINT: return u ? VitessType.UINT16 : VitessType.INT16;
      case MEDIUMINT: return u ? VitessType.UINT24 : VitessType.INT24;
      case INT: return u ? VitessType.UINT32 : VitessType.INT32;
      case BIGINT: return u ? VitessType.UINT64 : VitessType.INT64;
      case YEAR: return VitessType.YEAR;
      case DECIMAL: return VitessType.DECIMAL;
      case FLOAT: return t.intArg(0) > 24 ? VitessType.FLOAT64 : VitessType.FLOAT32; // float(p>24) is a double
      case DOUBLE: return VitessType.FLOAT64;
      case BIT: return VitessType.BIT;
      case DATE: return VitessType.DATE;
      case DATETIME: return VitessType.DATETIME;
      case TIMESTAMP: return VitessType.TIMESTAMP;
      case TIME: return VitessType.TIME;
      case CHAR: return VitessType.CHAR;
      case VARCHAR: return VitessType.VARCHAR;
      case TEXT: return VitessType.TEXT;
      case BINARY: return VitessType.BINARY;
      case BLOB: return VitessType.BLOB;
      case ENUM: return VitessType.ENUM;
      case SET: return VitessType.SET;
      case JSON: return VitessType.JSON;
      case GEOMETRY: return VitessType.GEOMETRY;
      case VECTOR: return VitessType.VECTOR;
      default: return VitessType.VARBINARY; // VARBINARY itself, and unknown types
    }
  }

  /**
   * The MySQL collation id a column's values carry ({@code query.Field.charset}): 63 (binary) for
   * every type but character ones; for {@code char}, {@code varchar}, {@code *text}, {@code enum} and
   * {@code set}, the collation of a {@code collate <name>} suffix, else the default collation of a
   * {@code character set <name>}/{@code charset <name>} suffix, else 255 (utf8mb4_0900_ai_ci). Common
   * names are known (utf8mb4, utf8mb3/utf8, latin1, ascii, binary, ucs2, utf16, utf32, and their
   * usual collations); a collation named {@code <charset>_...} that is not in the table gets its
   * character set's default, which decodes the same; anything else gets 255.
   *
   * @param columnType the MySQL column type, e.g. {@code varchar(64) character set latin1}
   * @return the collation id
   */
  public static int defaultCollation(String columnType) {
    MysqlColumnType t = MysqlColumnType.parse(columnType);
    switch (t.kind()) {
      case CHAR:
      case VARCHAR:
      case TEXT:
      case ENUM:
      case SET:
        break;
      default:
        return BINARY;
    }
    if (t.collation() != null) {
      int id = collationId(t.collation());
      if (id > 0) {
        return id;
      }
      int underscore = t.collation().indexOf('_');
      id = underscore > 0 ? charsetDefault(t.collation().substring(0, underscore)) : 0;
      if (id > 0) {
        return id;
      }
    }
    if (t.charset() != null) {
      int id = charsetDefault(t.charset());
      if (id > 0) {
        return id;
      }
    }
    return UTF8MB4_DEFAULT;
  }

  /**
   * The labels of an {@code enum(...)} or {@code set(...)} column, parsed like MySQL string
   * literals: {@code enum('a','with,comma','owner''s choice')} gives {@code [a, with,comma, owner's choice]};
   * {@code ''} and backslash escapes ({@code \'}, {@code \\}, {@code \n}, ...) are decoded, case is kept.
   *
   * @param columnType the MySQL column type
   * @return the labels in declaration order; an empty list for any other type
   * @throws IllegalArgumentException naming the column type when the label list is malformed
   */
  public static List<String> enumValues(String columnType) {
    MysqlColumnType t = MysqlColumnType.parse(columnType);
    if (t.kind() != MysqlColumnType.Kind.ENUM && t.kind() != MysqlColumnType.Kind.SET) {
      return List.of();
    }
    return List.copyOf(t.labels());
  }

  private static int collationId(String name) {
    switch (name) {
      case "utf8mb4_0900_ai_ci": return 255;
      case "utf8mb4_0900_as_cs": return 278;
      case "utf8mb4_0900_bin": return 309;
      case "utf8mb4_general_ci": return 45;
      case "utf8mb4_bin": return 46;
      case "utf8mb4_unicode_ci": return 224;
      case "utf8mb4_unicode_520_ci": return 246;
      case "utf8mb3_general_ci": case "utf8_general_ci": return 33;
      case "utf8mb3_bin": case "utf8_bin": return 83;
      case "utf8mb3_unicode_ci": case "utf8_unicode_ci": return 192;
      case "latin1_swedish_ci": return 8;
      case "latin1_bin": return 47;
      case "latin1_general_ci": return 48;
      case "latin1_general_cs": return 49;
      case "ascii_general_ci": return 11;
      case "ascii_bin": return 65;
      case "binary": return BINARY;
      default: return 0;
    }
  }

  private static int charsetDefault(String charset) {
    switch (charset) {
      case "utf8mb4": return 255;
      case "utf8mb3": case "utf8": return 33;
      case "latin1": return 8;
      case "ascii": return 11;
      case "binary": return BINARY;
      case "ucs2": return 35;
      case "utf16": return 54;
      case "utf16le": return 56;
      case "utf32": return 60;
      default: return 0;
    }
  }
}
