package io.planetscale.cdc.testkit;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.VitessTablet;
import io.planetscale.cdc.spi.MysqlAccess;
import io.planetscale.cdc.spi.MysqlColumnTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FakePlanetScale#mysqlAccess()}: discovery answered from the fake's own schema, checking
 * credentials and database name as the real MySQL endpoint would.
 */
final class InMemoryMysqlAccess implements MysqlAccess {
  private final FakePlanetScale fake;

  InMemoryMysqlAccess(FakePlanetScale fake) {
    this.fake = fake;
  }

  @Override
  public void ping(PlanetScaleSource source) {
    check(source);
  }

  @Override
  public List<String> tableNames(PlanetScaleSource source) {
    check(source);
    return fake.tableNames();
  }

  @Override
  public Map<String, StreamProperty> tableSchema(PlanetScaleSource source, String table, boolean treatTinyIntAsBoolean) {
    check(source);
    Map<String, StreamProperty> schema = new LinkedHashMap<>();
    for (ColumnSpec c : spec(table).columns()) {
      schema.put(c.name(), MysqlColumnTypes.jsonSchema(c.columnType(), c.nullable(), treatTinyIntAsBoolean));
    }
    return schema;
  }

  @Override
  public List<String> primaryKeys(PlanetScaleSource source, String table) {
    check(source);
    return spec(table).primaryKey();
  }

  @Override
  public List<String> vitessShards(PlanetScaleSource source) {
    check(source);
    return fake.shardNames();
  }

  @Override
  public List<VitessTablet> vitessTablets(PlanetScaleSource source) {
    check(source);
    List<VitessTablet> tablets = new ArrayList<>();
    int uid = 100;
    for (String shard : fake.shardNames()) {
      for (String type : List.of("PRIMARY", "REPLICA", "RDONLY")) {
        uid++;
        tablets.add(new VitessTablet("zone1", fake.keyspace(), shard, type, "SERVING", "zone1-" + uid, "127.0.0.1",
            type.equals("PRIMARY") ? "2026-01-01T00:00:00Z" : ""));
      }
    }
    return tablets;
  }

  @Override
  public void close() {}

  private TableSpec spec(String table) {
    FakeTable t = fake.table(table);
    if (t == null) {
      throw new PlanetScaleCdcException("Table '" + fake.keyspace() + "." + table + "' doesn't exist");
    }
    return t.spec;
  }

  private void check(PlanetScaleSource source) {
    if (fake.faults().rejectingCredentials() || !fake.acceptsCredentials(source.username(), source.password())) {
      throw new AuthenticationException("Access denied for user '" + source.username() + "'");
    }
    if (!source.database().equals(fake.keyspace())) {
      throw new PlanetScaleCdcException("Unknown database '" + source.database() + "'");
    }
  }
}
