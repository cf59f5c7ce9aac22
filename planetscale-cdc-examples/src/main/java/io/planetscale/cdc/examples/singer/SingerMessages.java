package io.planetscale.cdc.examples.singer;

import io.planetscale.cdc.examples.cli.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Metadata;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.NodeMetadata;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamProperty;
import io.planetscale.cdc.StreamSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON lines of the Singer messages: {@code SCHEMA} (the filtered stream in singer-tap's shape,
 * with {@code "type":"SCHEMA"} and the {@code _sdc_deleted_at} property), {@code RECORD} and
 * {@code STATE}. One compact JSON object per line, written with jackson-core.
 */
final class SingerMessages {
  /** The property that marks a deleted row: its time, RFC 3339 in UTC; absent on other records. */
  static final String DELETED_AT = "_sdc_deleted_at";

  private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
  private static final StreamProperty DELETED_AT_PROPERTY = StreamProperty.withFormat("date-time", "null", "string");

  private SingerMessages() {}

  /**
   * @param filtered the stream as the sync announces it (selected columns only)
   * @return {@code {"type":"SCHEMA","stream":...,"schema":{...},...}}
   */
  static String schema(Stream filtered) {
    Stream announced = withDeletedAt(filtered).withType("SCHEMA");
    String catalog = new Catalog(List.of(announced)).toJson();
    StringWriter text = new StringWriter();
    try (JsonParser in = JSON.createParser(catalog); JsonGenerator out = JSON.createGenerator(text)) {
      // {"streams":[ <the stream> ]}: copy the one stream object.
      while (in.nextToken() != JsonToken.START_ARRAY) {
        if (in.currentToken() == null) {
          throw new IllegalStateException("catalog JSON without streams: " + catalog);
        }
      }
      in.nextToken();
      out.copyCurrentStructure(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** The stream with {@code _sdc_deleted_at} declared (unless a column has that name). */
  private static Stream withDeletedAt(Stream s) {
    if (s.schema().properties().containsKey(DELETED_AT)) {
      return s;
    }
    Map<String, StreamProperty> properties = new LinkedHashMap<>(s.schema().properties());
    properties.put(DELETED_AT, DELETED_AT_PROPERTY);
    List<Metadata> metadata = new ArrayList<>();
    for (Metadata m : s.metadata().entries()) {
      if (m.metadata().isTableEntry()) {
        metadata.add(new Metadata(NodeMetadata.forColumn(DELETED_AT, true, true)));
      }
      metadata.add(m);
    }
    StreamSchema schema = new StreamSchema(s.schema().type(), s.schema().additionalProperties(), properties);
    return new Stream(s.type(), s.name(), s.id(), schema, s.tableName(), new MetadataCollection(metadata),
        s.keyProperties(), s.cursorProperties());
  }

  /**
   * Inserts and updates give the row's (new) values; a delete gives the deleted row's last image
   * (its key when the server sent no image) plus {@code _sdc_deleted_at}.
   *
   * @param r the record
   * @return {@code {"type":"RECORD","stream":...,"time_extracted":...,"record":{...}}}
   */
  static String record(Record r) {
    String extracted = time(r.timeExtracted());
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("type", "RECORD");
      out.writeStringField("stream", r.stream());
      out.writeStringField("time_extracted", extracted);
      out.writeFieldName("record");
      out.writeStartObject();
      boolean delete = r.operation() == Operation.DELETE;
      Map<String, Object> values = delete && r.before() != null ? r.before() : r.data();
      for (Map.Entry<String, Object> e : values.entrySet()) {
        out.writeFieldName(e.getKey());
        Json.writeValue(out, e.getValue());
      }
      if (delete && !values.containsKey(DELETED_AT)) {
        out.writeStringField(DELETED_AT, extracted);
      }
      out.writeEndObject();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /**
   * @param state the state
   * @return {@code {"type":"STATE","value":{"bookmarks":...}}}
   */
  static String state(State state) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartObject();
      out.writeStringField("type", "STATE");
      out.writeFieldName("value");
      out.writeRawValue(state.toJson());
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** RFC 3339 in UTC with the instant's fraction, e.g. {@code 2024-03-14T21:56:10.123456Z}. */
  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

}
