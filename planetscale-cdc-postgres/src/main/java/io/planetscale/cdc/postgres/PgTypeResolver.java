package io.planetscale.cdc.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves type oids (of a table's columns, or of pgoutput Relation messages) to {@link PgColumnType}s from
 * {@code pg_type}, following domains to their base type and arrays to their element type. Caches what it
 * loaded; not thread-safe.
 */
final class PgTypeResolver {
  private static final String TYPES = "SELECT t.oid, n.nspname, t.typname, t.typtype, t.typbasetype, t.typelem,"
      + " t.typcategory, t.typdelim, t.typinput = 'pg_catalog.array_in'::regproc FROM pg_catalog.pg_type t"
      + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = ANY (?)";

  private record Row(long oid, String namespace, String name, char typtype, long baseType, long element,
      char category, char delimiter, boolean arrayInput) {}

  private final Map<Long, Row> rows = new HashMap<>();
  private final Map<Long, PgColumnType> resolved = new HashMap<>();

  /**
   * The types of the given oids, loading any not yet cached (with their base and element types).
   *
   * @throws SQLException if the catalog cannot be read, or an oid is not a type
   */
  Map<Long, PgColumnType> resolve(Connection connection, Collection<Long> oids) throws SQLException {
    load(connection, oids);
    Map<Long, PgColumnType> result = new HashMap<>();
    for (Long oid : oids) {
      result.put(oid, resolved.computeIfAbsent(oid, this::build));
    }
    return result;
  }

  /** Loads rows until every referenced base and element type is cached. */
  private void load(Connection connection, Collection<Long> oids) throws SQLException {
    List<Long> missing = new ArrayList<>();
    for (Long oid : oids) {
      if (!rows.containsKey(oid)) {
        missing.add(oid);
      }
    }
    while (!missing.isEmpty()) {
      List<Long> next = new ArrayList<>();
      try (PreparedStatement ps = connection.prepareStatement(TYPES)) {
        Array array = connection.createArrayOf("oid", missing.toArray());
        ps.setArray(1, array);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Row row = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                rs.getLong(5), rs.getLong(6), rs.getString(7).charAt(0), rs.getString(8).charAt(0),
                rs.getBoolean(9));
            rows.put(row.oid(), row);
            for (long referenced : new long[] {row.baseType(), row.element()}) {
              if (referenced != 0 && !rows.containsKey(referenced)) {
                next.add(referenced);
              }
            }
          }
        }
      }
      for (Long oid : missing) {
        if (!rows.containsKey(oid)) {
          throw new SQLException("type oid " + oid + " is not in pg_type (was it dropped?)");
        }
      }
      missing = next;
    }
  }

  private PgColumnType build(long oid) {
    Row declared = rows.get(oid);
    Row base = baseOf(declared);
    // A true array, read by array_in: {a,b,...}. int2vector and oidvector are category A too, but their
    // text is space-separated ("1 2"): they stay text.
    if (base.arrayInput() && base.element() != 0) {
      Row element = baseOf(rows.get(base.element()));
      if (element.arrayInput()) {
        // An array of a domain over an array: rare; keep the text rather than guess its nesting.
        return PgColumnType.scalar(oid, declared.name(), PgValueKind.TEXT);
      }
      return PgColumnType.array(oid, declared.name(), kindOf(element), element.delimiter());
    }
    return PgColumnType.scalar(oid, declared.name(), kindOf(base));
  }

  private Row baseOf(Row row) {
    Row current = row;
    // Domains over domains: follow typbasetype to the first non-domain (bounded against a corrupt cycle).
    for (int depth = 0; current.typtype() == 'd' && depth < 64; depth++) {
      current = rows.get(current.baseType());
    }
    return current;
  }

  private static PgValueKind kindOf(Row base) {
    if (base.typtype() == 'e' || !"pg_catalog".equals(base.namespace())) {
      return PgValueKind.TEXT; // enums, and extension types such as citext: their text
    }
    return switch (base.name()) {
      case "int2", "int4", "int8", "oid" -> PgValueKind.INTEGER;
      case "numeric" -> PgValueKind.NUMERIC;
      case "float4", "float8" -> PgValueKind.FLOAT;
      case "bool" -> PgValueKind.BOOLEAN;
      case "json", "jsonb" -> PgValueKind.JSON;
      case "bytea" -> PgValueKind.BYTEA;
      case "date" -> PgValueKind.DATE;
      case "time" -> PgValueKind.TIME;
      case "timetz" -> PgValueKind.TIMETZ;
      case "timestamp" -> PgValueKind.TIMESTAMP;
      case "timestamptz" -> PgValueKind.TIMESTAMPTZ;
      case "interval" -> PgValueKind.INTERVAL;
      default -> PgValueKind.TEXT;
    };
  }
}
