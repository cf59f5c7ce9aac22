package io.planetscale.cdc;

/** What happened to a row. Rows of the copy phase are {@link #INSERT}s. */
public enum Operation {
  /** A new row, or a row of the initial copy. */
  INSERT,
  /** A changed row; {@link Record#before()} holds the previous image when the server sends one. */
  UPDATE,
  /** A removed row; {@link Record#data()} holds its primary key. */
  DELETE
}
