package io.planetscale.cdc.examples.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON the command lines print, for assertions: objects as ordered maps, arrays as lists,
 * integers as {@code Long} (beyond its range {@code BigInteger}), other numbers as {@code BigDecimal}.
 */
public final class JsonLines {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonLines() {}

  /**
   * @param file a JSON-lines file
   * @return each line's object
   */
  public static List<Map<String, Object>> read(Path file) {
    try {
      List<Map<String, Object>> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        out.add(object(line));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param json a JSON object
   * @return it as a map
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String json) {
    try (JsonParser p = FACTORY.createParser(json)) {
      Object v = value(p, p.nextToken());
      if (p.nextToken() != null || !(v instanceof Map)) {
        throw new AssertionError("not one JSON object: " + json);
      }
      return (Map<String, Object>) v;
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          map.put(name, value(p, p.nextToken()));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        return list;
      case VALUE_STRING: return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT: return p.getDecimalValue();
      case VALUE_TRUE: return true;
      case VALUE_FALSE: return false;
      case VALUE_NULL: return null;
      default: throw new IOException("unexpected " + t);
    }
  }
}
