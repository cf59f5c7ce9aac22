package io.planetscale.cdc.postgres.internal.pgoutput;

/** Which old values an update or delete carries, by the table's replica identity. */
public enum OldTupleKind {
  /** No old tuple: an update that did not change the key (replica identity DEFAULT or INDEX). */
  NONE,
  /** {@code K}: the replica identity's key columns; the other values are null. */
  KEY,
  /** {@code O}: every column (REPLICA IDENTITY FULL). */
  FULL
}
