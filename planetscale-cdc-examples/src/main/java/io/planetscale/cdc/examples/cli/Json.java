package io.planetscale.cdc.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.planetscale.cdc.ConfigurationException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON tree on jackson-core: objects are {@code LinkedHashMap}, arrays {@code ArrayList},
 * numbers {@code Long}/{@code BigInteger}/{@code BigDecimal}. Parse errors name the line and column.
 */
public final class Json {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private Json() {}

  /**
   * @param what what is parsed, starts every message ("catalog", "state")
   * @param text the JSON text
   * @return the root value
   * @throws ConfigurationException if the text is not exactly one JSON value
   */
  public static Object parse(String what, String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new ConfigurationException(what + ": invalid JSON: the input is empty");
      }
      Object root = read(p, first);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        throw new ConfigurationException(what + ": invalid JSON at line " + at.getLineNr() + ", column "
            + at.getColumnNr() + ": unexpected content after the end of the document");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String reason = String.valueOf(e.getOriginalMessage()).replace('\n', ' ').replace('\r', ' ');
      throw new ConfigurationException(what + ": invalid JSON" + where + ": " + reason);
    } catch (IOException e) {
      throw new ConfigurationException(what + ": cannot read JSON: " + e.getMessage(), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          map.put(name, read(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(read(p, next));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        try {
          return p.getDecimalValue();
        } catch (NumberFormatException e) {
          // Jackson throws this raw for an exponent BigDecimal cannot hold, such as 1e99999999999.
          throw new JsonParseException(p, "number out of range", p.currentTokenLocation(), e);
        }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new ConfigurationException("unexpected JSON token " + t);
    }
  }

  /**
   * @param value a tree of maps, lists, strings, numbers, booleans and nulls
   * @return its compact JSON text on one line
   */
  public static String write(Object value) {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(w)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /**
   * Writes one value: maps as objects, iterables as arrays, numbers exactly (BigDecimal, BigInteger,
   * finite doubles; NaN and infinities as strings), byte arrays as Base64, anything else as its text.
   *
   * @param g the generator
   * @param v the value
   * @throws IOException if the generator fails
   */
  public static void writeValue(JsonGenerator g, Object v) throws IOException {
    write(g, v);
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger bi) {
      g.writeNumber(bi);
    } else if (v instanceof BigDecimal bd) {
      g.writeNumber(bd);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d));
      }
    } else if (v instanceof byte[] bytes) {
      g.writeString(java.util.Base64.getEncoder().encodeToString(bytes));
    } else {
      g.writeString(v.toString());
    }
  }

  /**
   * @param what for messages: where in the document the value is
   * @param value a parsed value
   * @return the value as an object
   * @throws ConfigurationException if it is not one
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String what, Object value) {
    if (value instanceof Map<?, ?>) {
      return (Map<String, Object>) value;
    }
    throw new ConfigurationException(what + " must be a JSON object, was " + describe(value));
  }

  /**
   * @param what for messages: where in the document the value is
   * @param value a parsed value
   * @return the value as an array
   * @throws ConfigurationException if it is not one
   */
  @SuppressWarnings("unchecked")
  public static List<Object> array(String what, Object value) {
    if (value instanceof List<?>) {
      return (List<Object>) value;
    }
    throw new ConfigurationException(what + " must be a JSON array, was " + describe(value));
  }

  /**
   * @param what for messages: where in the document the value is
   * @param value a parsed value
   * @return the value as a non-empty string
   * @throws ConfigurationException if it is not one
   */
  public static String text(String what, Object value) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new ConfigurationException(what + " must be a non-empty string, was " + describe(value));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "missing or null";
    }
    if (v instanceof Map<?, ?>) {
      return "an object";
    }
    if (v instanceof List<?>) {
      return "an array";
    }
    if (v instanceof String s) {
      return s.isEmpty() ? "an empty string" : "a string";
    }
    return v instanceof Boolean ? "a boolean" : "a number";
  }
}
