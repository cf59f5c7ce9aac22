package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.Objects;
import java.util.Optional;

/**
 * Update ({@code U}): a changed row, with its old key or old row when the replica identity sends one.
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param relationId the table's oid (see {@link RelationMessage})
 * @param oldKind what the old tuple holds
 * @param oldTuple the old key or row; empty exactly when {@code oldKind} is {@link OldTupleKind#NONE}
 * @param newTuple the new row (unchanged TOASTed values are {@link TupleValue#UNCHANGED_TOAST})
 */
public record UpdateMessage(long xid, long relationId, OldTupleKind oldKind, Optional<TupleData> oldTuple,
    TupleData newTuple) implements PgOutputMessage {
  /** Checks that the old tuple is there exactly when its kind says so. */
  public UpdateMessage {
    Objects.requireNonNull(oldKind, "oldKind");
    if (oldTuple.isPresent() == (oldKind == OldTupleKind.NONE)) {
      throw new IllegalArgumentException("old tuple of kind " + oldKind + " is " + oldTuple);
    }
  }

  @Override
  public char type() {
    return 'U';
  }
}
