package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.VGtidJsonTree.NULL;
import static io.planetscale.cdc.grpc.VGtidJsonTree.WHAT;
import static io.planetscale.cdc.grpc.VGtidJsonTree.child;
import static io.planetscale.cdc.grpc.VGtidJsonTree.describe;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.QueryResults;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON form of a {@link VGtid} (version 1, documented on {@link VGtid}) strictly: every
 * problem is an {@link IllegalArgumentException} naming the JSON path and what was wrong. A last key
 * is rebuilt as the state's cursor codec rebuilds one ({@link QueryResults#decodeRow}), so its values
 * carry their field's type and collation.
 */
final class VGtidJsonReader {
  private static final List<String> ROOT = List.of("v", "shard_gtids");
  private static final List<String> SHARD = List.of("keyspace", "shard", "gtid", "table_p_ks");
  private static final List<String> TABLE_PK = List.of("table", "lastpk");
  private static final List<String> LAST_PK = List.of("fields", "row");
  private static final List<String> FIELD = List.of("name", "type", "table", "org_table", "database", "org_name",
      "column_length", "charset", "decimals", "flags", "column_type");

  private VGtidJsonReader() {}

  static VGtid read(String json) {
    Object document = VGtidJsonTree.parse(json);
    if (!(document instanceof Map)) {
      throw error("", "expected an object, got " + describe(document));
    }
    // The version first: a later version may have members this one does not know.
    Object version = required((Map<?, ?>) document, "", "v");
    if (!(version instanceof BigInteger)) {
      throw error("v", "expected the format version as an integer, got " + describe(version));
    }
    if (!BigInteger.valueOf(VGtidJsonWriter.VERSION).equals(version)) {
      throw error("v", "unknown format version " + version + "; this SDK reads version " + VGtidJsonWriter.VERSION);
    }
    Map<String, Object> root = object(document, "", ROOT);
    List<Object> shards = array(required(root, "", "shard_gtids"), "shard_gtids");
    List<ShardGtid> out = new ArrayList<>(shards.size());
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < shards.size(); i++) {
      String path = "shard_gtids[" + i + "]";
      ShardGtid shard = shard(shards.get(i), path);
      String first = seen.putIfAbsent(shard.keyspace() + "/" + shard.shard(), path);
      if (first != null) {
        throw error(path, "keyspace \"" + shard.keyspace() + "\", shard \"" + shard.shard()
            + "\" appears twice (first at " + first + ")");
      }
      out.add(shard);
    }
    return new VGtid(out);
  }

  private static ShardGtid shard(Object value, String path) {
    Map<String, Object> m = object(value, path, SHARD);
    String keyspace = string(required(m, path, "keyspace"), child(path, "keyspace"));
    String shard = string(required(m, path, "shard"), child(path, "shard"));
    String gtid = string(required(m, path, "gtid"), child(path, "gtid"));
    List<TableLastPk> pks = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    String arrayPath = child(path, "table_p_ks");
    List<Object> entries = optional(m, "table_p_ks") == null ? List.of() : array(m.get("table_p_ks"), arrayPath);
    for (int i = 0; i < entries.size(); i++) {
      String entryPath = arrayPath + "[" + i + "]";
      TableLastPk pk = tablePk(entries.get(i), entryPath);
      String first = seen.putIfAbsent(pk.table(), entryPath);
      if (first != null) {
        throw error(child(entryPath, "table"), "table \"" + pk.table() + "\" appears twice (first at " + first + ")");
      }
      pks.add(pk);
    }
    return new ShardGtid(keyspace, shard, gtid, pks);
  }

  private static TableLastPk tablePk(Object value, String path) {
    Map<String, Object> m = object(value, path, TABLE_PK);
    String table = string(required(m, path, "table"), child(path, "table"));
    if (table.isEmpty()) {
      throw error(child(path, "table"), "the table name is empty");
    }
    Object lastPk = optional(m, "lastpk");
    if (lastPk == null) {
      return TableLastPk.notStarted(table);
    }
    String lastPkPath = child(path, "lastpk");
    QueryResult result = lastPk(lastPk, lastPkPath);
    try {
      return new TableLastPk(table, result);
    } catch (IllegalArgumentException e) {
      throw error(lastPkPath, e.getMessage()); // lastPk() checks what the constructor checks; kept as a guard
    }
  }

  private static QueryResult lastPk(Object value, String path) {
    Map<String, Object> m = object(value, path, LAST_PK);
    String fieldsPath = child(path, "fields");
    List<Object> fieldValues = array(required(m, path, "fields"), fieldsPath);
    if (fieldValues.isEmpty()) {
      throw error(fieldsPath, "a last primary key needs at least one field");
    }
    List<Field> fields = new ArrayList<>(fieldValues.size());
    for (int i = 0; i < fieldValues.size(); i++) {
      fields.add(field(fieldValues.get(i), fieldsPath + "[" + i + "]"));
    }
    String rowPath = child(path, "row");
    List<Object> row = array(required(m, path, "row"), rowPath);
    if (row.size() != fields.size()) {
      throw error(rowPath, "expected one value per field (" + fields.size() + "), got " + row.size());
    }
    long[] lengths = new long[row.size()];
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      String valuePath = rowPath + "[" + i + "]";
      if (v == NULL) {
        lengths[i] = -1;
        continue;
      }
      if (fields.get(i).type() == VitessType.NULL_TYPE) {
        throw error(valuePath, "the field's type is NULL_TYPE, so the value must be null, got " + describe(v));
      }
      if (!(v instanceof String)) {
        throw error(valuePath, "expected the value's bytes in Base64 or null, got " + describe(v));
      }
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode((String) v);
      } catch (IllegalArgumentException e) {
        throw error(valuePath, "invalid Base64: " + e.getMessage());
      }
      lengths[i] = decoded.length;
      bytes.writeBytes(decoded);
    }
    List<Value> values = QueryResults.decodeRow(fields, lengths, bytes.toByteArray());
    return new QueryResult(fields, List.of(values));
  }

  private static Field field(Object value, String path) {
    Map<String, Object> m = object(value, path, FIELD);
    String name = string(required(m, path, "name"), child(path, "name"));
    String typeName = string(required(m, path, "type"), child(path, "type"));
    VitessType type;
    try {
      type = VitessType.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw error(child(path, "type"), "unknown Vitess type \"" + typeName + "\" (expected a name such as \"INT64\")");
    }
    return new Field(name, type, text(m, path, "table"), text(m, path, "column_type"),
        (int) number(m, path, "charset", Integer.MIN_VALUE, Integer.MAX_VALUE), number(m, path, "flags",
        Long.MIN_VALUE, Long.MAX_VALUE), text(m, path, "org_table"), text(m, path, "database"),
        text(m, path, "org_name"), number(m, path, "column_length", Long.MIN_VALUE, Long.MAX_VALUE),
        (int) number(m, path, "decimals", Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  /** An optional string member: "" when absent or null. */
  private static String text(Map<String, Object> m, String path, String name) {
    Object v = optional(m, name);
    return v == null ? "" : string(v, child(path, name));
  }

  /** An optional integer member: 0 when absent or null. */
  private static long number(Map<String, Object> m, String path, String name, long min, long max) {
    Object v = optional(m, name);
    if (v == null) {
      return 0;
    }
    if (!(v instanceof BigInteger)) {
      throw error(child(path, name), "expected an integer, got " + describe(v));
    }
    BigInteger n = (BigInteger) v;
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error(child(path, name), "the integer " + n + " is out of range [" + min + ", " + max + "]");
    }
    return n.longValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String path, List<String> members) {
    if (!(value instanceof Map)) {
      throw error(path, "expected an object, got " + describe(value));
    }
    Map<String, Object> m = (Map<String, Object>) value;
    for (String name : m.keySet()) {
      if (!members.contains(name)) {
        throw error(path, "unknown member \"" + name + "\" (expected " + String.join(", ", members) + ")");
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> array(Object value, String path) {
    if (!(value instanceof List)) {
      throw error(path, "expected an array, got " + describe(value));
    }
    return (List<Object>) value;
  }

  private static String string(Object value, String path) {
    if (!(value instanceof String)) {
      throw error(path, "expected a string, got " + describe(value));
    }
    return (String) value;
  }

  private static Object required(Map<?, ?> m, String path, String name) {
    Object v = m.get(name);
    if (v == null) {
      throw error(path, "the member \"" + name + "\" is missing");
    }
    return v;
  }

  /** A member that may be left out; an explicit null counts as left out. */
  private static Object optional(Map<String, Object> m, String name) {
    Object v = m.get(name);
    return v == NULL ? null : v;
  }

  private static IllegalArgumentException error(String path, String problem) {
    return new IllegalArgumentException(WHAT + (path.isEmpty() ? "" : path + ": ") + problem);
  }
}
