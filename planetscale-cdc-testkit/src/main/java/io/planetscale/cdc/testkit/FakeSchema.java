package io.planetscale.cdc.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.planetscale.cdc.ConfigurationException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What discovery sees of a {@link FakePlanetScale}: keyspace, shards and table specs. Travels as
 * JSON to {@link RemoteMysqlAccess} in another process.
 *
 * @param keyspace the keyspace
 * @param shards the shard names, in key-range order
 * @param tables the tables, in creation order
 */
record FakeSchema(String keyspace, List<String> shards, List<TableSpec> tables) {
  FakeSchema {
    shards = List.copyOf(shards);
    tables = List.copyOf(tables);
  }

  TableSpec table(String name) {
    for (TableSpec t : tables) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  String toJson() {
    try (StringWriter out = new StringWriter();
        JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("keyspace", keyspace);
      g.writeArrayFieldStart("shards");
      for (String s : shards) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("tables");
      for (TableSpec t : tables) {
        g.writeStartObject();
        g.writeStringField("name", t.name());
        g.writeArrayFieldStart("columns");
        for (ColumnSpec c : t.columns()) {
          g.writeStartObject();
          g.writeStringField("name", c.name());
          g.writeStringField("type", c.columnType());
          g.writeBooleanField("nullable", c.nullable());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("primaryKey");
        for (String k : t.primaryKey()) {
          g.writeString(k);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FakeSchema fromJson(String json) {
    try (JsonParser p = new JsonFactory().createParser(json)) {
      String keyspace = null;
      List<String> shards = new ArrayList<>();
      List<TableSpec> tables = new ArrayList<>();
      expect(p.nextToken(), JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "keyspace":
            keyspace = p.getText();
            break;
          case "shards":
            while (p.nextToken() != JsonToken.END_ARRAY) {
              shards.add(p.getText());
            }
            break;
          case "tables":
            while (p.nextToken() == JsonToken.START_OBJECT) {
              tables.add(table(p));
            }
            break;
          default:
            p.skipChildren();
        }
      }
      return new FakeSchema(keyspace, shards, tables);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException("the fake's schema could not be read: " + e.getMessage(), e);
    }
  }

  private static TableSpec table(JsonParser p) throws IOException {
    String name = null;
    List<ColumnSpec> columns = new ArrayList<>();
    List<String> key = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("name")) {
        name = p.getText();
      } else if (field.equals("columns")) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          String column = null;
          String type = null;
          boolean nullable = true;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("name")) {
              column = p.getText();
            } else if (f.equals("type")) {
              type = p.getText();
            } else if (f.equals("nullable")) {
              nullable = p.getBooleanValue();
            } else {
              p.skipChildren();
            }
          }
          columns.add(new ColumnSpec(column, type, nullable));
        }
      } else if (field.equals("primaryKey")) {
        while (p.nextToken() != JsonToken.END_ARRAY) {
          key.add(p.getText());
        }
      } else {
        p.skipChildren();
      }
    }
    return new TableSpec(name, columns, key);
  }

  private static void expect(JsonToken got, JsonToken want) {
    if (got != want) {
      throw new IllegalArgumentException("expected " + want + ", got " + got);
    }
  }
}
