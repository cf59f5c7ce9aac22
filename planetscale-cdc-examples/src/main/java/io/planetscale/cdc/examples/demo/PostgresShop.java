package io.planetscale.cdc.examples.demo;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The demo's sample shop ({@link DemoData}: the same tables, rows and changes as on Vitess) in PostgreSQL, with
 * PostgreSQL's types: bigint, integer, smallint, numeric, double precision, boolean, varchar, char, text, enum
 * types, jsonb, bytea, date, time, timestamp and timestamptz. Every table has {@code REPLICA IDENTITY FULL}, so
 * that updates and deletes carry the whole old row as their before-image.
 */
final class PostgresShop {
  /** How many rows go into one {@code INSERT} batch while loading. */
  private static final int BATCH = 1_000;
  /** How many transactions the changes are applied in. */
  static final int CHANGE_TRANSACTIONS = 3;

  /** Each table's columns (name → PostgreSQL type), in {@link DemoData#tables()}'s order. */
  private static final Map<String, Map<String, String>> COLUMNS = columns();

  private PostgresShop() {}

  private static Map<String, Map<String, String>> columns() {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    Map<String, String> customers = new LinkedHashMap<>();
    customers.put("id", "bigint");
    customers.put("email", "varchar(255)");
    customers.put("full_name", "varchar(100)");
    customers.put("country", "char(2)");
    customers.put("tier", "customer_tier");
    customers.put("is_active", "boolean");
    customers.put("score", "double precision");
    customers.put("birth_date", "date");
    customers.put("signup_year", "smallint");
    customers.put("created_at", "timestamp(6)");
    customers.put("updated_at", "timestamptz");
    customers.put("profile", "jsonb");
    customers.put("notes", "text");
    customers.put("avatar", "bytea");
    tables.put("customers", customers);
    Map<String, String> orders = new LinkedHashMap<>();
    orders.put("id", "bigint");
    orders.put("customer_id", "bigint");
    orders.put("status", "order_status");
    orders.put("total", "numeric(12,2)");
    orders.put("item_count", "integer");
    orders.put("is_gift", "boolean");
    orders.put("ordered_at", "timestamp(6)");
    orders.put("shipped_on", "date");
    orders.put("delivery_window", "time");
    orders.put("note", "varchar(200)");
    tables.put("orders", orders);
    Map<String, String> items = new LinkedHashMap<>();
    items.put("id", "bigint");
    items.put("order_id", "bigint");
    items.put("sku", "varchar(32)");
    items.put("quantity", "smallint");
    items.put("unit_price", "numeric(10,2)");
    items.put("discount", "double precision");
    // MySQL's bigint unsigned reaches 2^64 - 1, beyond PostgreSQL's bigint.
    items.put("barcode", "numeric(20,0)");
    items.put("attributes", "jsonb");
    items.put("added_at", "timestamptz");
    tables.put("order_items", items);
    return tables;
  }

  /**
   * Creates the enum types and the tables, each with its primary key and {@code REPLICA IDENTITY FULL}.
   *
   * @param connection a connection to the demo's database
   * @throws SQLException if a statement fails
   */
  static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TYPE customer_tier AS ENUM ('bronze', 'silver', 'gold', 'platinum')");
      statement.execute("CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'cancelled')");
      for (Map.Entry<String, Map<String, String>> table : COLUMNS.entrySet()) {
        String columns = table.getValue().entrySet().stream()
            .map(c -> c.getKey() + " " + c.getValue() + (c.getKey().equals("id") ? " PRIMARY KEY" : ""))
            .collect(Collectors.joining(", "));
        statement.execute("CREATE TABLE " + table.getKey() + " (" + columns + ")");
        statement.execute("ALTER TABLE " + table.getKey() + " REPLICA IDENTITY FULL");
      }
    }
  }

  /**
   * Inserts the dataset's rows, in batches, reporting progress at every 10%.
   *
   * @param connection a connection to the demo's database (auto-commit)
   * @param data the dataset
   * @param progress where progress lines go
   * @throws SQLException if an insert fails
   */
  static void load(Connection connection, DemoData data, PrintStream progress) throws SQLException {
    long total = data.totalRows();
    long step = Math.max(1, total / 10);
    long loaded = 0;
    long nextMark = step;
    for (String table : COLUMNS.keySet()) {
      Map<String, String> columns = COLUMNS.get(table);
      int count = data.rowCount(table);
      try (PreparedStatement insert = connection.prepareStatement(insertSql(table, columns.keySet()))) {
        for (int from = 0; from < count; from += BATCH) {
          int to = Math.min(count, from + BATCH);
          for (Map<String, Object> row : data.rows(table, from, to)) {
            bind(insert, columns, row);
            insert.addBatch();
          }
          insert.executeBatch();
          loaded += to - from;
          if (loaded >= nextMark || loaded == total) {
            progress.printf("loading: %,d/%,d rows (%d%%)%n", loaded, total, loaded * 100 / total);
            nextMark = (loaded / step + 1) * step;
          }
        }
      }
    }
  }

  /**
   * Applies the dataset's changes in {@link #CHANGE_TRANSACTIONS} transactions of consecutive changes.
   *
   * @param connection a connection to the demo's database; left in auto-commit mode
   * @param changes the changes, in order
   * @throws SQLException if a change fails (its transaction is rolled back)
   */
  static void apply(Connection connection, List<DemoData.Change> changes) throws SQLException {
    int perTransaction = (changes.size() + CHANGE_TRANSACTIONS - 1) / CHANGE_TRANSACTIONS;
    connection.setAutoCommit(false);
    try {
      for (int from = 0; from < changes.size(); from += perTransaction) {
        for (DemoData.Change change : changes.subList(from, Math.min(changes.size(), from + perTransaction))) {
          apply(connection, change);
        }
        connection.commit();
      }
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static void apply(Connection connection, DemoData.Change change) throws SQLException {
    Map<String, String> columns = COLUMNS.get(change.table());
    switch (change.operation()) {
      case INSERT:
        try (PreparedStatement insert = connection.prepareStatement(insertSql(change.table(), columns.keySet()))) {
          bind(insert, columns, change.values());
          insert.executeUpdate();
        }
        break;
      case UPDATE:
        List<String> changed = new ArrayList<>(change.values().keySet());
        String assignments = changed.stream().map(c -> c + " = CAST(? AS " + columns.get(c) + ")")
            .collect(Collectors.joining(", "));
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE " + change.table() + " SET " + assignments + " WHERE id = ?")) {
          for (int i = 0; i < changed.size(); i++) {
            update.setObject(i + 1, value(columns.get(changed.get(i)), change.values().get(changed.get(i))));
          }
          update.setLong(changed.size() + 1, change.id());
          expectOneRow(update.executeUpdate(), change);
        }
        break;
      default:
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + change.table()
            + " WHERE id = ?")) {
          delete.setLong(1, change.id());
          expectOneRow(delete.executeUpdate(), change);
        }
        break;
    }
  }

  private static void expectOneRow(int rows, DemoData.Change change) {
    if (rows != 1) {
      throw new IllegalStateException(change.operation() + " of " + change.table() + " id " + change.id()
          + " changed " + rows + " rows, not 1");
    }
  }

  // Every value goes through an explicit cast, so that text reaches enum, jsonb and time columns.
  private static String insertSql(String table, Iterable<String> columns) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String column : columns) {
      names.add(column);
      values.add("CAST(? AS " + COLUMNS.get(table).get(column) + ")");
    }
    return "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values)
        + ")";
  }

  private static void bind(PreparedStatement statement, Map<String, String> columns, Map<String, Object> row)
      throws SQLException {
    int index = 1;
    for (Map.Entry<String, String> column : columns.entrySet()) {
      statement.setObject(index++, value(column.getValue(), row.get(column.getKey())));
    }
  }

  // DemoData's values are MySQL-shaped: a timestamp is a LocalDateTime (UTC here) and bigint unsigned a
  // BigInteger, which the driver does not bind.
  private static Object value(String type, Object value) {
    if (value instanceof LocalDateTime time && type.equals("timestamptz")) {
      return time.atOffset(ZoneOffset.UTC);
    }
    if (value instanceof BigInteger integer) {
      return new BigDecimal(integer);
    }
    return value;
  }
}
