package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Record;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table as a replica built from records would hold it, keyed by an integer column {@code id}: inserts and
 * updates put the row, deletes remove it, truncates empty it. Compared with the table itself, it shows that the
 * records lost nothing.
 */
final class TableImage {
  final Map<Long, Map<String, Object>> rows = new TreeMap<>();

  TableImage apply(List<Record> records) {
    for (Record record : records) {
      switch (record.operation()) {
        case INSERT, UPDATE -> {
          if (record.before() != null && record.before().get("id") != null) {
            rows.remove((Long) record.before().get("id"));
          }
          rows.put((Long) record.data().get("id"), new LinkedHashMap<>(record.data()));
        }
        case DELETE -> rows.remove((Long) record.data().get("id"));
        case TRUNCATE -> rows.clear();
        default -> throw new AssertionError(record);
      }
    }
    return this;
  }

  /** The table's rows, read with the same text conversion for the two columns the tests use. */
  static Map<Long, Map<String, Object>> of(Connection connection, String table) throws SQLException {
    Map<Long, Map<String, Object>> rows = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
      ResultSetMetaData meta = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          Object value = result.getObject(i);
          row.put(meta.getColumnName(i), value instanceof Integer n ? Long.valueOf(n) : value);
        }
        rows.put((Long) row.get("id"), row);
      }
    }
    return rows;
  }
}
