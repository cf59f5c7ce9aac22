package io.planetscale.cdc.grpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.Value;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Writes the JSON form of a {@link VGtid} (version 1, documented on {@link VGtid}) with jackson-core's
 * streaming generator: members in a fixed order, optional members omitted when empty, so that equal
 * positions always give the same text.
 */
final class VGtidJsonWriter {
  /** The format version written into {@code "v"}. */
  static final int VERSION = 1;

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private VGtidJsonWriter() {}

  static String write(VGtid vgtid) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      out.writeStartObject();
      out.writeNumberField("v", VERSION);
      out.writeArrayFieldStart("shard_gtids");
      for (ShardGtid shard : vgtid.shardGtids()) {
        writeShard(out, shard);
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  private static void writeShard(JsonGenerator out, ShardGtid shard) throws IOException {
    out.writeStartObject();
    out.writeStringField("keyspace", shard.keyspace());
    out.writeStringField("shard", shard.shard());
    out.writeStringField("gtid", shard.gtid());
    if (!shard.tablePks().isEmpty()) {
      out.writeArrayFieldStart("table_p_ks");
      for (TableLastPk pk : shard.tablePks()) {
        out.writeStartObject();
        out.writeStringField("table", pk.table());
        if (pk.lastPk() != null) {
          out.writeFieldName("lastpk");
          writeLastPk(out, pk.lastPk());
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private static void writeLastPk(JsonGenerator out, QueryResult lastPk) throws IOException {
    out.writeStartObject();
    out.writeArrayFieldStart("fields");
    for (Field f : lastPk.fields()) {
      writeField(out, f);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("row");
    List<Value> row = lastPk.rows().get(0);
    for (Value v : row) {
      if (v.isNull()) {
        out.writeNull();
      } else {
        out.writeString(Base64.getEncoder().encodeToString(v.toBytes()));
      }
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** The attributes of {@code query.Field} in its field-number order; empty strings and zeros are left out. */
  private static void writeField(JsonGenerator out, Field f) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", f.name());
    out.writeStringField("type", f.type().name());
    optional(out, "table", f.table());
    optional(out, "org_table", f.orgTable());
    optional(out, "database", f.database());
    optional(out, "org_name", f.orgName());
    optional(out, "column_length", f.columnLength());
    optional(out, "charset", f.charset());
    optional(out, "decimals", f.decimals());
    optional(out, "flags", f.flags());
    optional(out, "column_type", f.columnType());
    out.writeEndObject();
  }

  private static void optional(JsonGenerator out, String name, String value) throws IOException {
    if (!value.isEmpty()) {
      out.writeStringField(name, value);
    }
  }

  private static void optional(JsonGenerator out, String name, long value) throws IOException {
    if (value != 0) {
      out.writeNumberField(name, value);
    }
  }
}
