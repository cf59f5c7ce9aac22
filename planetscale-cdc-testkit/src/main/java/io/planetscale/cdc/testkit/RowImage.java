package io.planetscale.cdc.testkit;

/**
 * MySQL's {@code binlog_row_image}: which columns a row change writes to the binlog, and so which
 * columns a VStream ROW event carries ({@link FakePlanetScale#binlogRowImage(RowImage)}). PlanetScale
 * lets customers change it; Vitess then sends the columns not logged with length -1 and says which are present
 * in {@code RowChange.data_columns}.
 */
public enum RowImage {
  /** Every column in every image (the default; no {@code data_columns} bitmap). */
  FULL,
  /**
   * Only what identifies and changes a row: before-images (updates, deletes) hold the primary-key
   * columns, an update's after-image only the columns whose value changed; inserts stay complete.
   */
  MINIMAL,
  /**
   * Every column except BLOB and TEXT columns, which appear only in inserts and in an update's
   * after-image when their value changed (primary-key columns always appear).
   */
  NOBLOB
}
