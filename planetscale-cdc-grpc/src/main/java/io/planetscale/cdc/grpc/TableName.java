package io.planetscale.cdc.grpc;

/**
 * Which table names in a VStream are one table: vtgate names FIELD and ROW tables
 * {@code keyspace.table}, {@code table_p_ks} the bare table; any other qualified name is compared
 * by its text after the last dot. Remembers the last name asked about and its answer, since the
 * events of a table name it the same way event after event (a copy sends a ROW event per row).
 * Not thread-safe.
 */
final class TableName {
  private final String keyspace;
  private final String table;
  private String lastName;
  private boolean lastAnswer;

  TableName(String keyspace, String table) {
    this.keyspace = keyspace;
    this.table = table;
  }

  /** Whether {@code name}, from the stream, is this table. */
  boolean matches(String name) {
    if (name.equals(lastName)) {
      return lastAnswer;
    }
    lastAnswer = compare(name);
    lastName = name;
    return lastAnswer;
  }

  private boolean compare(String name) {
    if (name.equals(table)) {
      return true;
    }
    int k = keyspace.length();
    if (name.length() == k + 1 + table.length() && name.startsWith(keyspace) && name.charAt(k) == '.'
        && name.endsWith(table)) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    return dot >= 0 && name.length() - dot - 1 == table.length() && name.endsWith(table);
  }
}
