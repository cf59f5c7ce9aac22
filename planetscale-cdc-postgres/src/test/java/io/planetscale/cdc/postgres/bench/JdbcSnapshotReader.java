package io.planetscale.cdc.postgres.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The snapshot limit: {@code SELECT * FROM table} over one plain JDBC connection with a fetch size (a
 * server-side cursor), reading every column of every row with {@link ResultSet#getString(int)}: PgJDBC receives
 * text values, so this decodes each value once and makes no further conversion.
 */
final class JdbcSnapshotReader {
  static final int FETCH_SIZE = 10_000;

  private JdbcSnapshotReader() {}

  /**
   * Reads the whole table.
   *
   * @return the rows read
   */
  static long read(BenchDatabase database, String table) throws SQLException {
    long rows = 0;
    long characters = 0;
    try (Connection c = database.connect()) {
      c.setAutoCommit(false); // a fetch size needs a transaction, or PgJDBC reads everything at once
      try (Statement s = c.createStatement()) {
        s.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              String value = rs.getString(i);
              characters += value == null ? 0 : value.length();
            }
            rows++;
          }
        }
      }
      c.commit();
    }
    if (characters == 0 && rows > 0) {
      throw new IllegalStateException("read " + rows + " rows without a value");
    }
    return rows;
  }
}
