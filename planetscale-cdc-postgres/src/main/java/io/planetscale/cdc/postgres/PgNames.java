package io.planetscale.cdc.postgres;

/** Quoting of names built into SQL text (catalog lookups bind names as parameters instead). */
final class PgNames {
  private PgNames() {}

  /**
   * Quotes an identifier: always in double quotes, inner double quotes doubled, so mixed case, spaces,
   * quotes and reserved words survive.
   *
   * @throws IllegalArgumentException for an empty name or one with a NUL character, which PostgreSQL rejects
   */
  static String quoteIdentifier(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a PostgreSQL identifier: " + (name.isEmpty() ? "empty" : "has NUL"));
    }
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** Quotes a string literal for replication commands, which take no parameters: quotes doubled. */
  static String quoteLiteral(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a PostgreSQL literal cannot hold a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }
}
