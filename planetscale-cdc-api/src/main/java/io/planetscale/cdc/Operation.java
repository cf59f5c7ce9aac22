package io.planetscale.cdc;

/** What happened to a row. Rows of the copy phase are {@link #INSERT}s. */
public enum Operation {
  /** A new row, or a row of the initial copy. */
  INSERT,
  /** A changed row; {@link Record#before()} holds the previous image when the server sends one. */
  UPDATE,
  /** A removed row; {@link Record#data()} holds its primary key. */
  DELETE,
  /**
   * Every row of the table was removed at once (PostgreSQL {@code TRUNCATE}): the record's
   * {@link Record#data()} is empty and its {@link Record#before()} is {@code null}. Only the Postgres
   * source produces it; the Vitess transports never do (Vitess reports no truncation as a row event).
   */
  TRUNCATE
}
