package io.planetscale.cdc.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Value conversion keyed by type oid, for code that sees oids (pgoutput Relation messages, snapshot result
 * sets): the built-in types are known without a query; user-defined ones (enums, domains, extension types and
 * their arrays) are loaded with {@link #ensure} when a table or Relation message introduces them. An oid never
 * loaded converts as text. Conversion is thread-safe, also while types are loaded; {@link #ensure} calls must
 * not run concurrently with each other.
 */
final class PgTypedValues {
  private static final Map<Long, PgColumnType> BUILT_IN = builtIn();

  // Concurrent: snapshot readers and the stream convert while another thread may be loading new types.
  private final Map<Long, PgColumnType> types = new ConcurrentHashMap<>(BUILT_IN);
  private final PgTypeResolver resolver = new PgTypeResolver();

  /**
   * Loads the types of these oids that are not known yet (a domain, enum or extension type).
   *
   * @throws SQLException if the catalog cannot be read
   */
  void ensure(Connection connection, Collection<Long> oids) throws SQLException {
    List<Long> missing = new ArrayList<>();
    for (Long oid : oids) {
      if (!types.containsKey(oid)) {
        missing.add(oid);
      }
    }
    if (!missing.isEmpty()) {
      types.putAll(resolver.resolve(connection, missing));
    }
  }

  /** The type of an oid; an unknown oid is text. */
  PgColumnType type(long oid) {
    PgColumnType type = types.get(oid);
    return type != null ? type : PgColumnType.scalar(oid, "oid " + oid, PgValueKind.TEXT);
  }

  /**
   * Converts a value's text output.
   *
   * @param typeOid the column's type oid
   * @param text the text, not null
   * @throws io.planetscale.cdc.SchemaMismatchException if the text is not valid for the type
   */
  Object convert(long typeOid, String text) {
    return PgValues.fromText(type(typeOid), text);
  }

  /** The built-in types known without a query, by oid. */
  static Map<Long, PgColumnType> builtInTypes() {
    return BUILT_IN;
  }

  /** Built-in oids are fixed across PostgreSQL versions (pg_type.dat). */
  private static Map<Long, PgColumnType> builtIn() {
    Map<Long, PgColumnType> m = new HashMap<>();
    scalar(m, 20, "int8", PgValueKind.INTEGER, 1016);
    scalar(m, 21, "int2", PgValueKind.INTEGER, 1005);
    scalar(m, 23, "int4", PgValueKind.INTEGER, 1007);
    scalar(m, 26, "oid", PgValueKind.INTEGER, 1028);
    scalar(m, 1700, "numeric", PgValueKind.NUMERIC, 1231);
    scalar(m, 700, "float4", PgValueKind.FLOAT, 1021);
    scalar(m, 701, "float8", PgValueKind.FLOAT, 1022);
    scalar(m, 16, "bool", PgValueKind.BOOLEAN, 1000);
    scalar(m, 25, "text", PgValueKind.TEXT, 1009);
    scalar(m, 1043, "varchar", PgValueKind.TEXT, 1015);
    scalar(m, 1042, "bpchar", PgValueKind.TEXT, 1014);
    scalar(m, 18, "char", PgValueKind.TEXT, 1002);
    scalar(m, 19, "name", PgValueKind.TEXT, 1003);
    scalar(m, 2950, "uuid", PgValueKind.TEXT, 2951);
    scalar(m, 114, "json", PgValueKind.JSON, 199);
    scalar(m, 3802, "jsonb", PgValueKind.JSON, 3807);
    scalar(m, 17, "bytea", PgValueKind.BYTEA, 1001);
    scalar(m, 1082, "date", PgValueKind.DATE, 1182);
    scalar(m, 1083, "time", PgValueKind.TIME, 1183);
    scalar(m, 1266, "timetz", PgValueKind.TIMETZ, 1270);
    scalar(m, 1114, "timestamp", PgValueKind.TIMESTAMP, 1115);
    scalar(m, 1184, "timestamptz", PgValueKind.TIMESTAMPTZ, 1185);
    scalar(m, 1186, "interval", PgValueKind.INTERVAL, 1187);
    return Map.copyOf(m);
  }

  private static void scalar(Map<Long, PgColumnType> m, long oid, String name, PgValueKind kind, long arrayOid) {
    m.put(oid, PgColumnType.scalar(oid, name, kind));
    m.put(arrayOid, PgColumnType.array(arrayOid, "_" + name, kind, ','));
  }
}
