package io.planetscale.cdc.kafka.connect.packaging;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.VitessTablet;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery for {@link PluginArchiveIT}: answers with the one table the test creates in its FakePlanetScale.
 *
 * <p>Why not the testkit's FakeMysqlAccessProvider: in a worker the connector runs in the plugin's class
 * loader, where gRPC is relocated, and that provider calls the fake over unrelocated gRPC. This class uses
 * only the SDK's api types and the JDK, so the test puts it into the plugin's lib/ (see {@link PluginArchive})
 * and the plugin's class loader links it against the archive's own classes.
 */
public final class StaticMysqlAccessProvider implements MysqlAccessProvider {
  static final String KEYSPACE = "shop";
  static final List<String> SHARDS = List.of("-80", "80-");
  static final String TABLE = "customers";
  /** Column name to MySQL column type, in table order. */
  static final Map<String, String> COLUMNS = columns();
  static final String KEY = "id";

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public StaticMysqlAccessProvider() {}

  private static Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("id", "bigint");
    columns.put("note", "varchar(64)");
    return columns;
  }

  @Override
  public MysqlAccess open(PlanetScaleSource source) {
    return new MysqlAccess() {
      @Override
      public void ping(PlanetScaleSource s) {
        database(s);
      }

      @Override
      public List<String> tableNames(PlanetScaleSource s) {
        database(s);
        return List.of(TABLE);
      }

      @Override
      public Map<String, StreamProperty> tableSchema(PlanetScaleSource s, String table, boolean tinyIntAsBoolean) {
        table(s, table);
        Map<String, StreamProperty> schema = new LinkedHashMap<>();
        COLUMNS.forEach((name, type) ->
            schema.put(name, MysqlColumnTypes.jsonSchema(type, !name.equals(KEY), tinyIntAsBoolean)));
        return schema;
      }

      @Override
      public List<String> primaryKeys(PlanetScaleSource s, String table) {
        table(s, table);
        return List.of(KEY);
      }

      @Override
      public List<String> vitessShards(PlanetScaleSource s) {
        database(s);
        return SHARDS;
      }

      @Override
      public List<VitessTablet> vitessTablets(PlanetScaleSource s) {
        database(s);
        return SHARDS.stream().map(shard -> new VitessTablet("zone1", KEYSPACE, shard, "PRIMARY", "SERVING",
            "zone1-10" + SHARDS.indexOf(shard), "127.0.0.1", "2026-01-01T00:00:00Z")).toList();
      }

      @Override
      public void close() {}
    };
  }

  /** @return false: only used when named by the system property */
  @Override
  public boolean isDefault() {
    return false;
  }

  private static void database(PlanetScaleSource source) {
    if (!source.database().equals(KEYSPACE)) {
      throw new PlanetScaleCdcException("Unknown database '" + source.database() + "'");
    }
  }

  private static void table(PlanetScaleSource source, String table) {
    database(source);
    if (!table.equals(TABLE)) {
      throw new PlanetScaleCdcException("Table '" + KEYSPACE + "." + table + "' doesn't exist");
    }
  }
}
