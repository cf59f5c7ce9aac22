package io.planetscale.cdc;

import java.util.Objects;

/**
 * Describes one column of a {@link QueryResult}: the Java form of Vitess's {@code query.Field}.
 *
 * @param name the column name
 * @param type the SQL type
 * @param table the table the column belongs to ({@code ""} when unknown)
 * @param columnType the MySQL column type from information_schema, e.g. {@code tinyint(1)} ({@code ""} when unknown)
 * @param charset the MySQL collation id of the column (63 = binary, 0 = unknown)
 * @param flags the MySQL column flags bitmask ({@code NOT_NULL_FLAG = 1}, {@code PRI_KEY_FLAG = 2}, ...)
 * @param orgTable the table's original name ({@code ""} when unknown)
 * @param database the database ({@code ""} when unknown)
 * @param orgName the column's original name ({@code ""} when unknown)
 * @param columnLength the column length in bytes (0 when unknown)
 * @param decimals scale of a DECIMAL, fractional-second precision of a temporal type
 */
public record Field(
    String name,
    VitessType type,
    String table,
    String columnType,
    int charset,
    long flags,
    String orgTable,
    String database,
    String orgName,
    long columnLength,
    int decimals) {

  /** The collation id MySQL uses for binary data. */
  public static final int BINARY_COLLATION = 63;

  /**
   * Validates the components; {@code null} strings become {@code ""}.
   *
   * @param name the column name
   * @param type the SQL type
   * @param table the table the column belongs to ({@code ""} when unknown)
   * @param columnType the MySQL column type from information_schema, e.g. {@code tinyint(1)} ({@code ""} when unknown)
   * @param charset the MySQL collation id of the column (63 = binary, 0 = unknown)
   * @param flags the MySQL column flags bitmask ({@code NOT_NULL_FLAG = 1}, {@code PRI_KEY_FLAG = 2}, ...)
   * @param orgTable the table's original name ({@code ""} when unknown)
   * @param database the database ({@code ""} when unknown)
   * @param orgName the column's original name ({@code ""} when unknown)
   * @param columnLength the column length in bytes (0 when unknown)
   * @param decimals scale of a DECIMAL, fractional-second precision of a temporal type
   */
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    table = table == null ? "" : table;
    columnType = columnType == null ? "" : columnType;
    orgTable = orgTable == null ? "" : orgTable;
    database = database == null ? "" : database;
    orgName = orgName == null ? "" : orgName;
  }

  /**
   * A field with only a name and a type, as the Go tests' {@code MakeTestFields} build them.
   *
   * @param name the column name
   * @param type the SQL type
   * @return the field
   */
  public static Field of(String name, VitessType type) {
    return new Field(name, type, "", "", 0, 0, "", "", "", 0, 0);
  }

  /**
   * A field with a name, a type, a MySQL column type and a collation id.
   *
   * @param name the column name
   * @param type the SQL type
   * @param columnType the MySQL column type, e.g. {@code varchar(255)}
   * @param charset the MySQL collation id (63 = binary)
   * @return the field
   */
  public static Field of(String name, VitessType type, String columnType, int charset) {
    return new Field(name, type, "", columnType, charset, 0, "", "", "", 0, 0);
  }
}
