package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Stream;
import java.util.HashMap;
import java.util.Map;

/**
 * How a source's SDK streams appear in Airbyte: a namespace and a name per stream, and the state key
 * {@code <namespace>:<name>}. PlanetScale (Vitess): the namespace is the database (keyspace) and the name the
 * table. PlanetScale Postgres: the namespace is the table's schema and the name the table, as Airbyte's
 * source-postgres names them, so that destinations keep the schemas apart.
 */
interface AirbyteNames {

  /**
   * @param sdkStream the SDK stream's name
   * @return its Airbyte namespace
   */
  String namespace(String sdkStream);

  /**
   * @param sdkStream the SDK stream's name
   * @return its Airbyte stream name
   */
  String name(String sdkStream);

  /**
   * @param key a state key, {@code <namespace>:<name>}
   * @return the SDK stream it stands for, or null when it is not one of this source's streams
   */
  String sdkStream(String key);

  /**
   * @param sdkStream the SDK stream's name
   * @return its state key, {@code <namespace>:<name>}
   */
  default String key(String sdkStream) {
    return namespace(sdkStream) + ":" + name(sdkStream);
  }

  /**
   * The Vitess naming: namespace = the database. A key without a colon is taken as a table of the database
   * (what older state files hold).
   *
   * @param database the database (keyspace)
   * @return the naming
   */
  static AirbyteNames database(String database) {
    return new AirbyteNames() {
      @Override
      public String namespace(String sdkStream) {
        return database;
      }

      @Override
      public String name(String sdkStream) {
        return sdkStream;
      }

      @Override
      public String sdkStream(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
          return key;
        }
        return key.substring(0, colon).equals(database) ? key.substring(colon + 1) : null;
      }
    };
  }

  /**
   * The Postgres naming: namespace = the table's schema, name = the table. The SDK names a table of the
   * source's schema by its name and others {@code schema.table}; the schema is taken from the discovered stream's
   * table name, so that a dot inside a name is never mistaken for the separator.
   *
   * @param discovered the discovered catalog
   * @param sourceSchema the source's schema (whose tables the SDK names without their schema)
   * @return the naming of the catalog's streams; other streams are put in {@code sourceSchema}
   */
  static AirbyteNames schemas(Catalog discovered, String sourceSchema) {
    Map<String, String[]> bySdk = new HashMap<>();
    Map<String, String> byKey = new HashMap<>();
    for (Stream s : discovered.streams()) {
      String table = s.tableName();
      String schema = s.name().equals(table) ? sourceSchema
          : s.name().substring(0, Math.max(0, s.name().length() - table.length() - 1));
      bySdk.put(s.name(), new String[] {schema, table});
      byKey.put(schema + ":" + table, s.name());
    }
    return new AirbyteNames() {
      @Override
      public String namespace(String sdkStream) {
        String[] n = bySdk.get(sdkStream);
        return n == null ? sourceSchema : n[0];
      }

      @Override
      public String name(String sdkStream) {
        String[] n = bySdk.get(sdkStream);
        return n == null ? sdkStream : n[1];
      }

      @Override
      public String sdkStream(String key) {
        return byKey.get(key);
      }
    };
  }
}
