package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.Objects;

/**
 * Delete ({@code D}): a removed row, identified by its key or described by its whole old row.
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param relationId the table's oid (see {@link RelationMessage})
 * @param oldKind {@link OldTupleKind#KEY} or {@link OldTupleKind#FULL}
 * @param oldTuple the old key (other values null) or the old row
 */
public record DeleteMessage(long xid, long relationId, OldTupleKind oldKind, TupleData oldTuple)
    implements PgOutputMessage {
  /** Checks that a delete carries an old tuple. */
  public DeleteMessage {
    if (Objects.requireNonNull(oldKind, "oldKind") == OldTupleKind.NONE) {
      throw new IllegalArgumentException("a delete always has an old tuple");
    }
    Objects.requireNonNull(oldTuple, "oldTuple");
  }

  @Override
  public char type() {
    return 'D';
  }
}
