package io.planetscale.cdc.examples.cli;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.Stream;
import java.util.HashMap;
import java.util.Map;

/**
 * The tables a database has now, from a fresh discovery: what a catalog file is checked against
 * before a sync writes anything, so that a table dropped or renamed since the catalog was made is
 * one clear error instead of output followed by a failure.
 */
public final class DatabaseTables {
  private final Map<String, Stream> byName = new HashMap<>();
  private final String database;

  /**
   * @param discovered the database's catalog, as discovered now
   * @param database the database, for messages
   */
  public DatabaseTables(Catalog discovered, String database) {
    for (Stream s : discovered.streams()) {
      byName.put(s.name(), s);
    }
    this.database = database;
  }

  /**
   * @param stream the name of the catalog's stream, for the message
   * @param table the table it reads (usually the same name)
   * @return the discovered stream of the table
   * @throws ConfigurationException naming the stream if the database has no such table
   */
  public Stream require(String stream, String table) {
    Stream s = byName.get(table);
    if (s == null) {
      throw new ConfigurationException("catalog: stream \"" + stream + "\"" + (stream.equals(table) ? ""
          : " (table \"" + table + "\")") + " is not a table of database \"" + database + "\"; run discover again");
    }
    return s;
  }
}
