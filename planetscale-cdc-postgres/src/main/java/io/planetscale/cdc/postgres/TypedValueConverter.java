package io.planetscale.cdc.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Discovery's conversion by type oid ({@link PgTypedValues}) as the sync uses it: types are loaded (under a lock,
 * since snapshot readers run in parallel) when a table's columns or a Relation message introduce them.
 */
final class TypedValueConverter implements ValueConverter {
  private final PgTypedValues values = new PgTypedValues();
  private final Set<Long> known = new HashSet<>(PgTypedValues.builtInTypes().keySet());

  /** Loads the types not known yet. */
  synchronized void ensure(Connection connection, Collection<Long> typeOids) throws SQLException {
    values.ensure(connection, typeOids);
    known.addAll(typeOids);
  }

  /**
   * Loads the types not known yet on a connection of its own, opened only when one is missing (a Relation message
   * mid-stream may bring a column of a type the sync has not seen).
   */
  synchronized void ensure(PostgresConnector connector, Collection<Long> typeOids) throws SQLException {
    if (known.containsAll(typeOids)) {
      return;
    }
    try (Connection connection = connector.connect()) {
      ensure(connection, typeOids);
    }
  }

  @Override
  public Object convert(long typeOid, String text) {
    return values.convert(typeOid, text);
  }
}
