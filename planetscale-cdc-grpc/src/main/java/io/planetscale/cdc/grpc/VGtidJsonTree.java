package io.planetscale.cdc.grpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a JSON document with jackson-core's streaming parser into plain values for
 * {@link VGtidJsonReader}: {@link LinkedHashMap} (objects, in document order), {@link ArrayList},
 * {@link String}, {@link BigInteger} (integers), {@link Fraction} (other numbers), {@link Boolean}
 * and {@link #NULL} for {@code null} (so that a {@code null} member differs from a missing one).
 * A position is small, so a tree costs little and lets every error name its path. Invalid JSON,
 * a repeated member and content after the document are {@link IllegalArgumentException}s.
 */
final class VGtidJsonTree {
  /** What every message starts with. */
  static final String WHAT = "VGtid JSON: ";

  /** JSON {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static final JsonFactory FACTORY = JsonFactory.builder().build();
  /** Longest string quoted in a message. */
  private static final int MAX_QUOTED = 60;
  /** Longest jackson reason kept in a message. */
  private static final int MAX_REASON = 200;

  private VGtidJsonTree() {}

  static Object parse(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException(WHAT + "the input is empty");
      }
      Object root = value(parser, first, "");
      JsonLocation end = parser.currentLocation();
      JsonToken trailing;
      try {
        trailing = parser.nextToken();
      } catch (JsonProcessingException e) {
        trailing = JsonToken.NOT_AVAILABLE; // garbage that is not even a token
      }
      if (trailing != null) {
        throw new IllegalArgumentException(WHAT + "unexpected content after the end of the document at line "
            + end.getLineNr() + ", column " + end.getColumnNr());
      }
      return root;
    } catch (JsonProcessingException e) {
      String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      reason = reason.replace('\n', ' ').replace('\r', ' ');
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON) + "...";
      }
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new IllegalArgumentException(WHAT + "invalid JSON" + where + ": " + reason, e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static Object value(JsonParser parser, JsonToken token, String path) throws IOException {
    switch (token) {
      case START_OBJECT:
        return object(parser, path);
      case START_ARRAY:
        return array(parser, path);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getBigIntegerValue();
      case VALUE_NUMBER_FLOAT:
        return new Fraction(parser.getText()); // never valid in a position; kept to describe it
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return NULL;
      default:
        throw new IllegalStateException("unexpected token " + token); // the parser pairs brackets
    }
  }

  private static Map<String, Object> object(JsonParser parser, String path) throws IOException {
    Map<String, Object> members = new LinkedHashMap<>();
    for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
      String name = parser.currentName();
      if (members.containsKey(name)) {
        throw new IllegalArgumentException(WHAT + (path.isEmpty() ? "" : path + ": ") + "the member \""
            + name + "\" appears twice");
      }
      members.put(name, value(parser, parser.nextToken(), child(path, name)));
    }
    return members;
  }

  private static List<Object> array(JsonParser parser, String path) throws IOException {
    List<Object> elements = new ArrayList<>();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      elements.add(value(parser, t, path + "[" + elements.size() + "]"));
    }
    return elements;
  }

  /** The path of an object's member: {@code a.b}. */
  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** What a value is, for a message: {@code a string}, {@code an array}, ... */
  static String describe(Object value) {
    if (value == NULL) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      String s = (String) value;
      return "the string \"" + (s.length() > MAX_QUOTED ? s.substring(0, MAX_QUOTED) + "..." : s) + "\"";
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    return "the number " + value;
  }

  /** A number with a fraction or exponent, as written. */
  record Fraction(String text) {
    @Override
    public String toString() {
      return text;
    }
  }
}
