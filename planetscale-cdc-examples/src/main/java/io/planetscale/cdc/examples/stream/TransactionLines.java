package io.planetscale.cdc.examples.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.examples.demo.RecordJson;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.VGtid;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The stdout lines of {@code change-stream --keyspace}, one JSON object each:
 * <ul>
 *   <li>{@code {"type":"transaction","keyspace":...,"shard":...,"chunk":0,"last_chunk":true,
 *       "commit_time":"2024-05-01T12:00:00Z"|null,"records":[...],"position":{...}}}: a transaction, a
 *       copy batch or one chunk of a large transaction; each record as the table mode prints a change
 *       ({@link RecordJson}), the position ({@link VGtid#toJson()}) on the last chunk only;
 *   <li>{@code {"type":"schema_change","keyspace":...,"shard":...,"stream":...,"ddl":...|null,
 *       "columns":[{"name":...,"type":...,"column_type":...}],"position":{...}}};
 *   <li>{@code {"type":"heartbeat","at":"..."}};
 *   <li>{@code {"type":"reshard","from":{...},"to":{...}}}, both positions as {@link VGtid#toJson()}.
 * </ul>
 */
final class TransactionLines {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private TransactionLines() {}

  /** Writes one object's members; a generator never fails on a StringWriter. */
  private interface Members {
    void write(JsonGenerator g) throws IOException;
  }

  private static String line(String type, Members members) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("type", type);
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * @param tx a transaction or chunk
   * @return its line
   */
  static String transaction(Transaction tx) {
    return line("transaction", g -> {
      g.writeStringField("keyspace", tx.keyspace());
      g.writeStringField("shard", tx.shard());
      g.writeNumberField("chunk", tx.chunk());
      g.writeBooleanField("last_chunk", tx.lastChunk());
      writeTime(g, "commit_time", tx.commitTime());
      g.writeArrayFieldStart("records");
      for (Record r : tx.records()) {
        RecordJson.write(g, "change", r);
      }
      g.writeEndArray();
      if (tx.position() != null) {
        g.writeFieldName("position");
        g.writeRawValue(tx.position().toJson());
      }
    });
  }

  /**
   * @param change a schema change
   * @return its line
   */
  static String schemaChange(SchemaChange change) {
    return line("schema_change", g -> {
      g.writeStringField("keyspace", change.keyspace());
      g.writeStringField("shard", change.shard());
      g.writeStringField("stream", change.stream());
      g.writeStringField("ddl", change.ddl());
      g.writeArrayFieldStart("columns");
      for (Field f : change.fields()) {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("type", f.type().name());
        if (!f.columnType().isEmpty()) {
          g.writeStringField("column_type", f.columnType());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      RecordPosition p = change.position();
      g.writeObjectFieldStart("position");
      g.writeStringField("keyspace", p.keyspace());
      g.writeStringField("shard", p.shard());
      g.writeStringField("position", p.position());
      g.writeNumberField("sequence", p.sequence());
      g.writeEndObject();
    });
  }

  /**
   * @param at the server's time of the heartbeat
   * @return its line
   */
  static String heartbeat(Instant at) {
    return line("heartbeat", g -> writeTime(g, "at", at));
  }

  /**
   * @param from the position on the old shards
   * @param to the position on the new shards
   * @return its line
   */
  static String reshard(VGtid from, VGtid to) {
    return line("reshard", g -> {
      g.writeFieldName("from");
      g.writeRawValue(from.toJson());
      g.writeFieldName("to");
      g.writeRawValue(to.toJson());
    });
  }

  private static void writeTime(JsonGenerator g, String name, Instant time) throws IOException {
    if (time == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, time.toString());
    }
  }
}
