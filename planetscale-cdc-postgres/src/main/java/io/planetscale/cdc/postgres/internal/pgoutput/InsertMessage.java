package io.planetscale.cdc.postgres.internal.pgoutput;

/**
 * Insert ({@code I}): a new row.
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param relationId the table's oid (see {@link RelationMessage})
 * @param newTuple the row
 */
public record InsertMessage(long xid, long relationId, TupleData newTuple) implements PgOutputMessage {
  @Override
  public char type() {
    return 'I';
  }
}
