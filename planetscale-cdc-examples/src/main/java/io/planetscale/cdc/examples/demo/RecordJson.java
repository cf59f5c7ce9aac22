package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.examples.cli.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * One {@link Record} as one line of JSON: {@code {"stream":..., "operation":"INSERT"|"UPDATE"|"DELETE",
 * "data":{...}, "before":{...}|null, "position":{"keyspace":..., "shard":..., "position":...,
 * "sequence":n}}}. Values are the record's converted values: numbers stay exact ({@code BigDecimal}
 * is written as a JSON number with its scale), strings, booleans and {@code null} as themselves.
 */
public final class RecordJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private RecordJson() {}

  /**
   * @param record the record
   * @return its JSON object, on one line, without a line break
   */
  public static String toJson(Record record) {
    return write(null, record);
  }

  /**
   * @param type a {@code "type"} member written first, or null for none
   * @param record the record
   * @return its JSON object, on one line, without a line break
   */
  public static String toJson(String type, Record record) {
    return write(type, record);
  }

  private static String write(String type, Record record) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
      write(g, type, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  /**
   * Writes the record's JSON object (the one {@link #toJson(String, Record)} returns) as the next
   * value of a generator, for output that nests records in a larger document.
   *
   * @param g the generator
   * @param type a {@code "type"} member written first, or null for none
   * @param record the record
   * @throws IOException if the generator fails
   */
  public static void write(JsonGenerator g, String type, Record record) throws IOException {
    g.writeStartObject();
    if (type != null) {
      g.writeStringField("type", type);
    }
    g.writeStringField("stream", record.stream());
    g.writeStringField("operation", record.operation().name());
    g.writeFieldName("data");
    writeMap(g, record.data());
    g.writeFieldName("before");
    writeMap(g, record.before());
    RecordPosition p = record.position();
    g.writeObjectFieldStart("position");
    g.writeStringField("keyspace", p.keyspace());
    g.writeStringField("shard", p.shard());
    g.writeStringField("position", p.position());
    g.writeNumberField("sequence", p.sequence());
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeMap(JsonGenerator g, Map<String, Object> map) throws IOException {
    if (map == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      g.writeFieldName(e.getKey());
      Json.writeValue(g, e.getValue());
    }
    g.writeEndObject();
  }

}
