package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.List;

/**
 * Relation ({@code R}): the shape of a table, sent before the first change to it in a session and again after
 * it changed (and inside each stream that uses it).
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param relationId the table's oid, which changes refer to
 * @param namespace its schema ({@code pg_catalog} where the wire has an empty string)
 * @param name its name
 * @param replicaIdentity its replica identity
 * @param columns its columns, in the order of the tuples' values
 */
public record RelationMessage(long xid, long relationId, String namespace, String name,
    ReplicaIdentity replicaIdentity, List<RelationColumn> columns) implements PgOutputMessage {
  /** Copies the column list, so that the message stays immutable. */
  public RelationMessage {
    columns = List.copyOf(columns);
  }

  @Override
  public char type() {
    return 'R';
  }
}
