package io.planetscale.cdc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON of {@link Catalog}, in singer-tap's shape (reference §1.1, §1.3b): fields in Go declaration
 * order, Go's {@code omitempty} rules, the metadata breadcrumb inside {@code metadata}.
 *
 * <p>Reading is lenient where real catalogs differ: the standard Singer metadata shape (breadcrumb
 * beside {@code metadata}), JSON schema {@code "type"} as a bare string, missing or null optional
 * fields and unknown keys are all accepted. A value of the wrong type is an error naming its path.
 */
final class CatalogJson {

  private static final String WHAT = "catalog";

  private CatalogJson() {}

  /**
   * Reads a catalog.
   *
   * @param json the catalog JSON
   * @return the catalog
   * @throws ConfigurationException naming the line/column or path that is wrong
   */
  static Catalog read(String json) {
    JsonValue root = JsonValue.root(WHAT, JsonTree.parse(WHAT, json));
    if (!root.isNull() && !root.isObject()) {
      throw root.expected("an object");
    }
    List<Stream> streams = new ArrayList<>();
    for (JsonValue s : root.get("streams").elements()) {
      streams.add(readStream(s));
    }
    return new Catalog(streams);
  }

  private static Stream readStream(JsonValue s) {
    if (!s.isObject()) {
      throw s.expected("an object");
    }
    JsonValue nameValue = s.get("stream");
    String name = nameValue.requireString();
    if (name.isEmpty()) {
      throw nameValue.error("the stream name is empty");
    }
    List<Metadata> metadata = new ArrayList<>();
    for (JsonValue m : s.get("metadata").elements()) {
      metadata.add(readMetadata(m));
    }
    return new Stream(
        s.get("type").asString(""),
        name,
        s.get("tap_stream_id").asString(""),
        readSchema(s.get("schema")),
        s.get("table-name").asString(""),
        new MetadataCollection(metadata),
        s.get("key_properties").asStringList(false),
        s.get("bookmark_properties").asStringList(false));
  }

  private static StreamSchema readSchema(JsonValue schema) {
    if (!schema.isNull() && !schema.isObject()) {
      throw schema.expected("an object");
    }
    Map<String, StreamProperty> properties = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> p : schema.get("properties").fields().entrySet()) {
      JsonValue property = p.getValue();
      if (!property.isObject()) {
        throw property.expected("an object");
      }
      properties.put(p.getKey(), new StreamProperty(property.get("type").asStringList(true),
          property.get("format").asString(null)));
    }
    return new StreamSchema(schema.get("type").asStringList(true),
        schema.get("additionalProperties").asBoolean(false), properties);
  }

  /**
   * Reads one metadata entry. The breadcrumb is taken from inside {@code metadata} (singer-tap) when
   * it is non-empty, else from beside it (standard Singer), else it is {@code []}.
   */
  private static Metadata readMetadata(JsonValue entry) {
    if (!entry.isObject()) {
      throw entry.expected("an object");
    }
    JsonValue m = entry.get("metadata");
    if (!m.isNull() && !m.isObject()) {
      throw m.expected("an object");
    }
    List<String> breadcrumb = m.get("breadcrumb").asStringList(false);
    List<String> sibling = entry.get("breadcrumb").asStringList(false);
    if (breadcrumb.isEmpty()) {
      breadcrumb = sibling;
    }
    return new Metadata(new NodeMetadata(
        m.get("selected").asBoolean(false),
        m.get("replication-method").asString(null),
        m.get("replication-key").asString(null),
        m.get("inclusion").asString(null),
        m.get("selected-by-default").asBoolean(false),
        m.get("valid-replication-keys").asStringList(false),
        m.get("forced-replication-method").asString(null),
        m.get("table-key-properties").asStringList(false),
        m.get("schema-name").asString(null),
        m.get("is-view").asBoolean(false),
        m.get("database-name").asString(null),
        m.get("sql-datatype").asString(null),
        breadcrumb));
  }

  /**
   * Writes the singer-tap catalog JSON.
   *
   * @param catalog the catalog
   * @return compact JSON
   */
  static String write(Catalog catalog) {
    JsonOutput out = new JsonOutput().startObject();
    if (!catalog.streams().isEmpty()) {
      out.name("streams").startArray();
      for (Stream s : catalog.streams()) {
        writeStream(out, s);
      }
      out.endArray();
    }
    return out.endObject().finish();
  }

  /**
   * Writes one stream alone, e.g. a Singer {@code SCHEMA} message ({@code stream.withType("SCHEMA")}).
   *
   * @param stream the stream
   * @return compact JSON
   */
  static String writeStream(Stream stream) {
    JsonOutput out = new JsonOutput();
    writeStream(out, stream);
    return out.finish();
  }

  /**
   * Writes one stream. Empty key lists are written as {@code []} where Go wrote {@code null}
   * (reference 7.S-23); readers accept both.
   *
   * @param out the output
   * @param s the stream
   */
  static void writeStream(JsonOutput out, Stream s) {
    out.startObject()
        .field("type", s.type())
        .field("stream", s.name())
        .field("tap_stream_id", s.id());
    out.name("schema");
    writeSchema(out, s.schema());
    out.field("table-name", s.tableName());
    out.name("metadata").startArray();
    for (Metadata m : s.metadata().entries()) {
      out.startObject().name("metadata");
      writeNode(out, m.metadata());
      out.endObject();
    }
    out.endArray()
        .field("key_properties", s.keyProperties())
        .field("bookmark_properties", s.cursorProperties())
        .endObject();
  }

  private static void writeSchema(JsonOutput out, StreamSchema schema) {
    out.startObject()
        .field("type", schema.type())
        .field("additionalProperties", schema.additionalProperties())
        .name("properties").startObject();
    for (Map.Entry<String, StreamProperty> p : schema.properties().entrySet()) {
      out.name(p.getKey()).startObject()
          .field("type", p.getValue().types())
          .optional("format", p.getValue().format())
          .endObject();
    }
    out.endObject().endObject();
  }

  /** NodeMetadata in Go declaration order with its omitempty rules; selected and breadcrumb always. */
  private static void writeNode(JsonOutput out, NodeMetadata n) {
    out.startObject()
        .field("selected", n.selected())
        .optional("replication-method", n.replicationMethod())
        .optional("replication-key", n.replicationKey())
        .optional("inclusion", n.inclusion())
        .optional("selected-by-default", n.selectedByDefault())
        .optional("valid-replication-keys", n.validReplicationKeys())
        .optional("forced-replication-method", n.forcedReplicationMethod())
        .optional("table-key-properties", n.tableKeyProperties())
        .optional("schema-name", n.schemaName())
        .optional("is-view", n.isView())
        .optional("database-name", n.databaseName())
        .optional("sql-datatype", n.sqlDataType())
        .field("breadcrumb", n.breadcrumb())
        .endObject();
  }
}
