package io.planetscale.cdc.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Discovery's conversion by type oid ({@link PgTypedValues}) as the sync uses it: types are loaded (under a lock,
 * since snapshot readers run in parallel) when a table's columns or a Relation message introduce them.
 */
final class TypedValueConverter implements ValueConverter {
  private final PgTypedValues values = new PgTypedValues();

  /** Loads the types not known yet. */
  synchronized void ensure(Connection connection, Collection<Long> typeOids) throws SQLException {
    values.ensure(connection, typeOids);
  }

  @Override
  public Object convert(long typeOid, String text) {
    return values.convert(typeOid, text);
  }
}
