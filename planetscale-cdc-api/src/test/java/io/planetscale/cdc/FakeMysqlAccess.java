package io.planetscale.cdc;

import io.planetscale.cdc.spi.MysqlAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-memory {@link MysqlAccess} for engine tests, in the spirit of singer-tap's {@code mysqlAccessMock}:
 * every answer is settable, a failure can be set per method, and every call is counted.
 */
final class FakeMysqlAccess implements MysqlAccess {
  final Map<String, Map<String, StreamProperty>> schemas = new LinkedHashMap<>();
  final Map<String, List<String>> keys = new LinkedHashMap<>();
  List<String> shards = new ArrayList<>(List.of("-"));
  List<VitessTablet> tablets = new ArrayList<>();
  RuntimeException pingFailure;
  RuntimeException tableNamesFailure;
  RuntimeException schemaFailure;
  RuntimeException keysFailure;
  final List<String> calls = new ArrayList<>();
  Boolean lastTreatTinyIntAsBoolean;
  boolean closed;

  FakeMysqlAccess(String keyspace) {
    tablets.add(new VitessTablet("", keyspace, "-", "primary", "SERVING", "a-1", "h1", "2022-05-09T14:11:56Z"));
    tablets.add(new VitessTablet("", keyspace, "-", "replica", "SERVING", "a-2", "h2", ""));
  }

  FakeMysqlAccess table(String name, Map<String, StreamProperty> schema, String... primaryKey) {
    schemas.put(name, schema);
    keys.put(name, List.of(primaryKey));
    return this;
  }

  long count(String method) {
    return calls.stream().filter(method::equals).count();
  }

  @Override
  public void ping(PlanetScaleSource source) {
    calls.add("ping");
    if (pingFailure != null) {
      throw pingFailure;
    }
  }

  @Override
  public List<String> tableNames(PlanetScaleSource source) {
    calls.add("tableNames");
    if (tableNamesFailure != null) {
      throw tableNamesFailure;
    }
    return new ArrayList<>(schemas.keySet());
  }

  @Override
  public Map<String, StreamProperty> tableSchema(PlanetScaleSource source, String table, boolean treatTinyIntAsBoolean) {
    calls.add("tableSchema");
    lastTreatTinyIntAsBoolean = treatTinyIntAsBoolean;
    if (schemaFailure != null) {
      throw schemaFailure;
    }
    return schemas.get(table);
  }

  @Override
  public List<String> primaryKeys(PlanetScaleSource source, String table) {
    calls.add("primaryKeys");
    if (keysFailure != null) {
      throw keysFailure;
    }
    return keys.getOrDefault(table, List.of());
  }

  @Override
  public List<String> vitessShards(PlanetScaleSource source) {
    calls.add("vitessShards");
    return shards;
  }

  @Override
  public List<VitessTablet> vitessTablets(PlanetScaleSource source) {
    calls.add("vitessTablets");
    return tablets;
  }

  @Override
  public void close() {
    closed = true;
  }
}
