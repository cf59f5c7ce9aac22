package io.planetscale.cdc.spi;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.VitessTablet;
import java.util.List;
import java.util.Map;

/**
 * Schema and topology queries over the MySQL protocol: the Go {@code PlanetScaleEdgeMysqlAccess}.
 * Implemented by {@code JdbcMysqlAccess} (module jdbc) and by the testkit's in-memory fake.
 * Failures are {@link io.planetscale.cdc.PlanetScaleCdcException}s.
 */
public interface MysqlAccess extends AutoCloseable {
  /**
   * Checks that the database answers.
   *
   * @param source the connection settings
   */
  void ping(PlanetScaleSource source);

  /**
   * The tables of the database, Vitess internal tables excluded, in SHOW TABLES order.
   *
   * @param source the connection settings
   * @return the table names
   */
  List<String> tableNames(PlanetScaleSource source);

  /**
   * The JSON schema of each column of a table, in ordinal order.
   *
   * @param source the connection settings
   * @param table the table
   * @param treatTinyIntAsBoolean describe {@code tinyint(1)} as {@code boolean}
   * @return column name → schema, in column order
   */
  Map<String, StreamProperty> tableSchema(PlanetScaleSource source, String table, boolean treatTinyIntAsBoolean);

  /**
   * The primary-key columns of a table, in key order.
   *
   * @param source the connection settings
   * @param table the table
   * @return the key columns; empty for a table without a primary key
   */
  List<String> primaryKeys(PlanetScaleSource source, String table);

  /**
   * The shards of the database's keyspace, e.g. {@code ["-80","80-"]} ({@code SHOW VITESS_SHARDS}).
   *
   * @param source the connection settings
   * @return the shard names
   */
  List<String> vitessShards(PlanetScaleSource source);

  /**
   * The tablets serving the database ({@code SHOW VITESS_TABLETS}).
   *
   * @param source the connection settings
   * @return the tablets
   */
  List<VitessTablet> vitessTablets(PlanetScaleSource source);

  /** Releases connections. */
  @Override
  void close();
}
