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
 * Discovery answered from a {@link FakeSchema}: in the same process from the fake itself
 * ({@link FakePlanetScale#mysqlAccess()}), or in another process from the fake's discovery call
 * ({@link RemoteMysqlAccess}). Credentials and database are checked as the real MySQL endpoint would.
 */
final class InMemoryMysqlAccess implements MysqlAccess {
  /** Where the schema comes from; checks the source's credentials and database first. */
  interface SchemaSource {
    FakeSchema describe(PlanetScaleSource source);
  }

  private final SchemaSource schemas;
  private final Runnable onClose;

  InMemoryMysqlAccess(SchemaSource schemas, Runnable onClose) {
    this.schemas = schemas;
    this.onClose = onClose;
  }

  /** The fake's own schema, for {@link FakePlanetScale#mysqlAccess()}. */
  static InMemoryMysqlAccess local(FakePlanetScale fake) {
    return new InMemoryMysqlAccess(source -> {
      if (fake.faults().rejectingCredentials() || !fake.acceptsCredentials(source.username(), source.password())) {
        throw new AuthenticationException("Access denied for user '" + source.username() + "'");
      }
      return fake.schema();
    }, () -> { });
  }

  @Override
  public void ping(PlanetScaleSource source) {
    describe(source);
  }

  @Override
  public List<String> tableNames(PlanetScaleSource source) {
    List<String> names = new ArrayList<>();
    for (TableSpec t : describe(source).tables()) {
      names.add(t.name());
    }
    return names;
  }

  @Override
  public Map<String, StreamProperty> tableSchema(PlanetScaleSource source, String table, boolean treatTinyIntAsBoolean) {
    Map<String, StreamProperty> schema = new LinkedHashMap<>();
    for (ColumnSpec c : spec(describe(source), table).columns()) {
      schema.put(c.name(), MysqlColumnTypes.jsonSchema(c.columnType(), c.nullable(), treatTinyIntAsBoolean));
    }
    return schema;
  }

  @Override
  public List<String> primaryKeys(PlanetScaleSource source, String table) {
    return spec(describe(source), table).primaryKey();
  }

  @Override
  public List<String> vitessShards(PlanetScaleSource source) {
    return describe(source).shards();
  }

  @Override
  public List<VitessTablet> vitessTablets(PlanetScaleSource source) {
    FakeSchema schema = describe(source);
    List<VitessTablet> tablets = new ArrayList<>();
    int uid = 100;
    for (String shard : schema.shards()) {
      for (String type : List.of("PRIMARY", "REPLICA", "RDONLY")) {
        uid++;
        tablets.add(new VitessTablet("zone1", schema.keyspace(), shard, type, "SERVING", "zone1-" + uid, "127.0.0.1",
            type.equals("PRIMARY") ? "2026-01-01T00:00:00Z" : ""));
      }
    }
    return tablets;
  }

  @Override
  public void close() {
    onClose.run();
  }

  private FakeSchema describe(PlanetScaleSource source) {
    FakeSchema schema = schemas.describe(source);
    if (!source.database().equals(schema.keyspace())) {
      throw new PlanetScaleCdcException("Unknown database '" + source.database() + "'");
    }
    return schema;
  }

  private static TableSpec spec(FakeSchema schema, String table) {
    TableSpec t = schema.table(table);
    if (t == null) {
      throw new PlanetScaleCdcException("Table '" + schema.keyspace() + "." + table + "' doesn't exist");
    }
    return t;
  }
}
