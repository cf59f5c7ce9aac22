package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.testkit.TableSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The demo's sample shop: three tables (customers, orders, order_items) covering the common MySQL
 * types, rows generated from a fixed seed (the same rows on every run and machine), and a fixed set
 * of inserts, updates and deletes to apply between the full and the incremental sync.
 */
public final class DemoData {
  /** The smallest dataset: enough rows in each table for the changes to touch distinct rows. */
  public static final int MIN_ROWS = 300;

  private static final long SEED = 20240617L;
  private static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
      "Ken", "Radia", "Linus", "Margaret", "Niklaus", "Sophie", "Tim", "Xiao", "Yukihiro"};
  private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
      "Thompson", "Perlman", "Torvalds", "Hamilton", "Wirth", "Wilson", "Berners-Lee", "Wang", "Matsumoto"};
  private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
  private static final String[] COUNTRIES = {"US", "DE", "FR", "JP", "BR", "IN", "GB", "CA", "NL", "KR"};
  private static final String[] STATUSES = {"pending", "paid", "shipped", "cancelled"};
  private static final String[] COLORS = {"red", "green", "blue", "black", "white"};

  /** Inserts, updates and deletes applied to each table. */
  static final int INSERTS = 10;
  static final int UPDATES = 5;
  static final int DELETES = 3;

  /**
   * One change the demo applies.
   *
   * @param table the table
   * @param operation what it does
   * @param id the primary key of the row
   * @param values the inserted row, or the changed columns of an update; empty for a delete
   */
  public record Change(String table, Operation operation, long id, Map<String, Object> values) {}

  private final int customers;
  private final int orders;
  private final int items;

  /**
   * @param totalRows rows over all tables: 10% customers, 30% orders, 60% order items
   * @throws IllegalArgumentException below {@link #MIN_ROWS}
   */
  public DemoData(int totalRows) {
    if (totalRows < MIN_ROWS) {
      throw new IllegalArgumentException("--rows must be at least " + MIN_ROWS + ", was " + totalRows);
    }
    customers = totalRows / 10;
    orders = totalRows * 3 / 10;
    items = totalRows - customers - orders;
  }

  /** @return the tables, in the order they are loaded and listed */
  public static List<TableSpec> tables() {
    return List.of(
        TableSpec.builder("customers")
            .column("id", "bigint")
            .column("email", "varchar(255)")
            .column("full_name", "varchar(100)")
            .column("country", "char(2)")
            .column("tier", "enum('bronze','silver','gold','platinum')")
            .column("is_active", "tinyint(1)")
            .column("score", "double")
            .column("birth_date", "date")
            .column("signup_year", "year")
            .column("created_at", "datetime(6)")
            .column("updated_at", "timestamp")
            .column("profile", "json")
            .column("notes", "text")
            .column("avatar", "varbinary(16)")
            .primaryKey("id").build(),
        TableSpec.builder("orders")
            .column("id", "bigint")
            .column("customer_id", "bigint")
            .column("status", "enum('pending','paid','shipped','cancelled')")
            .column("total", "decimal(12,2)")
            .column("item_count", "int")
            .column("is_gift", "tinyint(1)")
            .column("ordered_at", "datetime(6)")
            .column("shipped_on", "date")
            .column("delivery_window", "time")
            .column("note", "varchar(200)")
            .primaryKey("id").build(),
        TableSpec.builder("order_items")
            .column("id", "bigint")
            .column("order_id", "bigint")
            .column("sku", "varchar(32)")
            .column("quantity", "smallint unsigned")
            .column("unit_price", "decimal(10,2)")
            .column("discount", "double")
            .column("barcode", "bigint unsigned")
            .column("attributes", "json")
            .column("added_at", "timestamp")
            .primaryKey("id").build());
  }

  /**
   * @param table a table of {@link #tables()}
   * @return how many rows it starts with
   */
  public int rowCount(String table) {
    switch (table) {
      case "customers": return customers;
      case "orders": return orders;
      case "order_items": return items;
      default: throw new IllegalArgumentException("no table " + table);
    }
  }

  /** @return the rows over all tables */
  public int totalRows() {
    return customers + orders + items;
  }

  /**
   * Generates rows {@code from} (inclusive) to {@code to} (exclusive) of a table; row {@code i} has
   * id {@code i + 1} and is the same on every call.
   *
   * @param table the table
   * @param from the first row index
   * @param to the end index
   * @return the rows, column → Java value
   */
  public List<Map<String, Object>> rows(String table, int from, int to) {
    List<Map<String, Object>> rows = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      rows.add(row(table, i + 1));
    }
    return rows;
  }

  /**
   * @param table the table
   * @param id the id, from 1
   * @return the row with that id, generated from the seed
   */
  Map<String, Object> row(String table, long id) {
    SplittableRandom r = new SplittableRandom(SEED * 31 + table.hashCode() * 7919L + id);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    LocalDateTime at = EPOCH.plusSeconds(r.nextLong(366L * 24 * 3600)).plusNanos(r.nextInt(1_000_000) * 1000L);
    switch (table) {
      case "customers":
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        row.put("email", first.toLowerCase() + "." + last.toLowerCase() + id + "@example.com");
        row.put("full_name", first + " " + last);
        row.put("country", COUNTRIES[r.nextInt(COUNTRIES.length)]);
        row.put("tier", TIERS[r.nextInt(TIERS.length)]);
        row.put("is_active", r.nextInt(10) != 0);
        row.put("score", Math.round(r.nextDouble() * 100_000) / 1000.0);
        row.put("birth_date", LocalDate.of(1950, 1, 1).plusDays(r.nextInt(50 * 365)));
        row.put("signup_year", 2015 + r.nextInt(10));
        row.put("created_at", at);
        row.put("updated_at", at.withNano(0).plusDays(r.nextInt(30)));
        row.put("profile", "{\"newsletter\": " + r.nextBoolean() + ", \"visits\": " + r.nextInt(500) + "}");
        row.put("notes", id % 3 == 0 ? null : "Customer " + id + " prefers " + COLORS[r.nextInt(COLORS.length)]);
        byte[] avatar = new byte[8];
        r.nextBytes(avatar);
        row.put("avatar", avatar);
        break;
      case "orders":
        String status = STATUSES[r.nextInt(STATUSES.length)];
        row.put("customer_id", 1 + r.nextLong(Math.max(1, customers)));
        row.put("status", status);
        row.put("total", BigDecimal.valueOf(r.nextLong(1, 10_000_000), 2));
        row.put("item_count", 1 + r.nextInt(9));
        row.put("is_gift", r.nextInt(8) == 0);
        row.put("ordered_at", at);
        row.put("shipped_on", status.equals("shipped") ? at.toLocalDate().plusDays(1 + r.nextInt(5)) : null);
        row.put("delivery_window", String.format("%02d:00:00", 8 + r.nextInt(10)));
        row.put("note", r.nextInt(5) == 0 ? "leave at the door" : null);
        break;
      case "order_items":
        row.put("order_id", 1 + r.nextLong(Math.max(1, orders)));
        row.put("sku", "SKU-" + (100_000 + r.nextInt(900_000)));
        row.put("quantity", 1 + r.nextInt(12));
        row.put("unit_price", BigDecimal.valueOf(r.nextLong(50, 500_000), 2));
        row.put("discount", r.nextInt(4) == 0 ? 0.1 * (1 + r.nextInt(3)) : 0.0);
        row.put("barcode", BigInteger.valueOf(r.nextLong(Long.MAX_VALUE)).shiftLeft(1).add(BigInteger.ONE));
        row.put("attributes", "{\"color\": \"" + COLORS[r.nextInt(COLORS.length)] + "\", \"gift_wrap\": "
            + r.nextBoolean() + "}");
        row.put("added_at", at.withNano(0));
        break;
      default:
        throw new IllegalArgumentException("no table " + table);
    }
    return row;
  }

  /**
   * The fixed changes, per table {@value #INSERTS} inserts (new ids after the last), {@value #UPDATES}
   * updates and {@value #DELETES} deletes of distinct existing rows, interleaved over the tables.
   *
   * @return the changes, in the order to apply them
   */
  public List<Change> changes() {
    List<List<Change>> perTable = new ArrayList<>();
    for (TableSpec t : tables()) {
      perTable.add(changes(t.name(), rowCount(t.name())));
    }
    List<Change> all = new ArrayList<>();
    for (int i = 0; i < INSERTS + UPDATES + DELETES; i++) {
      for (List<Change> l : perTable) {
        all.add(l.get(i));
      }
    }
    return all;
  }

  private List<Change> changes(String table, int count) {
    Set<Long> used = new LinkedHashSet<>();
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < Math.max(INSERTS, Math.max(UPDATES, DELETES)); i++) {
      if (i < INSERTS) {
        long id = count + 1 + i;
        out.add(new Change(table, Operation.INSERT, id, row(table, id)));
      }
      if (i < UPDATES) {
        long id = distinct(used, 1 + (long) i * count / UPDATES, count);
        out.add(new Change(table, Operation.UPDATE, id, update(table, id)));
      }
      if (i < DELETES) {
        long id = distinct(used, (long) (i + 1) * count / (DELETES + 1), count);
        out.add(new Change(table, Operation.DELETE, id, Map.of()));
      }
    }
    return out;
  }

  private static long distinct(Set<Long> used, long id, int count) {
    long candidate = id;
    while (!used.add(candidate)) {
      candidate = candidate % count + 1;
    }
    return candidate;
  }

  private static Map<String, Object> update(String table, long id) {
    Map<String, Object> changes = new LinkedHashMap<>();
    switch (table) {
      case "customers":
        changes.put("tier", "platinum");
        changes.put("score", 99.5);
        changes.put("updated_at", LocalDateTime.of(2025, 6, 1, 12, 0));
        break;
      case "orders":
        changes.put("status", "shipped");
        changes.put("shipped_on", LocalDate.of(2025, 6, 2));
        break;
      default:
        changes.put("quantity", 42);
        changes.put("discount", 0.25);
        break;
    }
    return changes;
  }
}
