package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tables a replication stream has described, by relation id. pgoutput sends a {@link RelationMessage}
 * before the first change to a table in a session and again whenever the table changes shape, so the latest
 * one wins. Changes refer to tables only by id; this cache gives them their namespace, name, replica identity
 * and columns. Not thread-safe; one cache per stream.
 */
public final class RelationCache {
  private final Map<Long, RelationMessage> relations = new HashMap<>();

  /** Creates an empty cache. */
  public RelationCache() {}

  /**
   * Records a table's shape, replacing what was known of it.
   *
   * @param relation the Relation message
   */
  public void put(RelationMessage relation) {
    relations.put(relation.relationId(), relation);
  }

  /**
   * A table's last known shape.
   *
   * @param relationId the table's oid
   * @return its Relation message, if one was received
   */
  public Optional<RelationMessage> find(long relationId) {
    return Optional.ofNullable(relations.get(relationId));
  }

  /**
   * The table a change refers to, checked against the change's tuple.
   *
   * @param relationId the table's oid, from the change
   * @param tuple a tuple of the change, whose values must match the table's columns one to one
   * @param change what the change is, for the error (for example {@code "Insert"})
   * @return the table's Relation message
   * @throws PgOutputFormatException if no Relation message described the table, or the tuple has another
   *     number of values than the table has columns
   */
  public RelationMessage require(long relationId, TupleData tuple, String change) {
    RelationMessage relation = relations.get(relationId);
    if (relation == null) {
      throw new PgOutputFormatException("pgoutput " + change + " refers to relation id " + relationId
          + ", which no Relation message described before it");
    }
    if (tuple.size() != relation.columns().size()) {
      throw new PgOutputFormatException("pgoutput " + change + " on " + relation.namespace() + "."
          + relation.name() + " (relation id " + relationId + ") has " + tuple.size() + " values, but the "
          + "relation has " + relation.columns().size() + " columns");
    }
    return relation;
  }

  /**
   * Forgets every table (a new replication session starts with no Relation messages known).
   */
  public void clear() {
    relations.clear();
  }

  /**
   * The number of tables known.
   *
   * @return the count
   */
  public int size() {
    return relations.size();
  }
}
