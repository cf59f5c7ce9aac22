package io.planetscale.cdc.testkit;

/**
 * One row change of a transaction: an insert has only {@code after}, a delete only
 * {@code before}, an update both.
 *
 * @param before the row before the change, or null
 * @param after the row after the change, or null
 */
record Change(StoredRow before, StoredRow after) {
  boolean isInsert() {
    return before == null;
  }

  boolean isDelete() {
    return after == null;
  }
}
