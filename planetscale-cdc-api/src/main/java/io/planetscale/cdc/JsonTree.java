package io.planetscale.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a JSON document with jackson-core's streaming parser into plain Java values:
 * {@link LinkedHashMap} (objects, key order kept), {@link ArrayList}, {@link String}, {@link Long} or
 * {@link java.math.BigInteger} (integers), {@link BigDecimal} (other numbers), {@link Boolean} and
 * {@code null}. The SDK's inputs (catalog, state, config) are small, so a tree is simpler than
 * streaming binding and lets {@link JsonValue} report errors by path.
 *
 * <p>Invalid JSON becomes a {@link ConfigurationException} naming the document, the line and column
 * and jackson's reason. The input itself is never echoed beyond jackson's short token excerpts, and
 * for documents holding secrets (the config) those excerpts are redacted too.
 */
final class JsonTree {

  /** Longest jackson reason kept in a message; jackson already truncates tokens, this bounds the rest. */
  private static final int MAX_REASON = 300;

  /** Jackson's excerpts of unrecognized input, e.g. {@code Unrecognized token 'hunter2'}. */
  private static final Pattern TOKEN_EXCERPT = Pattern.compile("token '[^']*'");

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonTree() {}

  /**
   * Parses a document.
   *
   * @param what what is being read, e.g. {@code "catalog"}; starts every error message
   * @param json the text
   * @return the root value
   * @throws ConfigurationException if the text is not one valid JSON value
   */
  static Object parse(String what, String json) {
    return parse(what, json, false);
  }

  /**
   * Parses a document that may contain secrets: jackson's excerpts of bad tokens are redacted.
   *
   * @param what what is being read, e.g. {@code "config"}
   * @param json the text
   * @return the root value
   * @throws ConfigurationException if the text is not one valid JSON value
   */
  static Object parseSensitive(String what, String json) {
    return parse(what, json, true);
  }

  private static Object parse(String what, String json, boolean sensitive) {
    if (json == null) {
      throw new ConfigurationException(what + ": no JSON given (null)");
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new ConfigurationException(what + ": invalid JSON: the input is empty");
      }
      Object root = readValue(parser, first);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new ConfigurationException(what + ": invalid JSON at line " + at.getLineNr() + ", column "
            + at.getColumnNr() + ": unexpected content after the end of the document");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw invalid(what, e, sensitive);
    } catch (IOException e) {
      // Reading a String cannot fail with I/O, but the API declares it.
      throw new ConfigurationException(what + ": cannot read JSON: " + e.getClass().getSimpleName(), e);
    }
  }

  private static Object readValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        return readObject(parser);
      case START_ARRAY:
        return readArray(parser);
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        try {
          return parser.getDecimalValue();
        } catch (NumberFormatException e) {
          // Jackson throws this raw for an exponent BigDecimal cannot hold, such as 1e99999999999.
          throw new JsonParseException(parser, "number out of range", parser.currentTokenLocation(), e);
        }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        // Field names and end markers are consumed by readObject/readArray; anything else is a parser bug.
        throw new IllegalStateException("unexpected token " + token);
    }
  }

  private static Map<String, Object> readObject(JsonParser parser) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      // A repeated key takes the last value, as Go's encoding/json does.
      map.put(name, readValue(parser, parser.nextToken()));
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IllegalStateException("unexpected token " + token + " in an object");
    }
    return map;
  }

  private static List<Object> readArray(JsonParser parser) throws IOException {
    List<Object> list = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      list.add(readValue(parser, token));
    }
    return list;
  }

  private static ConfigurationException invalid(String what, JsonProcessingException e, boolean sensitive) {
    String reason = e.getOriginalMessage();
    if (reason == null) {
      reason = e.getClass().getSimpleName();
    }
    if (sensitive) {
      reason = TOKEN_EXCERPT.matcher(reason).replaceAll("token '<redacted>'");
    }
    reason = reason.replace('\n', ' ').replace('\r', ' ');
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON) + "...";
    }
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String message = what + ": invalid JSON" + where + ": " + reason;
    // Jackson's own message may quote the input, so a secret-bearing document gets no cause.
    return sensitive ? new ConfigurationException(message) : new ConfigurationException(message, e);
  }
}
