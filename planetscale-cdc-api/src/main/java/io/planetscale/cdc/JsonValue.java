package io.planetscale.cdc;

import io.planetscale.cdc.internal.Redaction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A value of a {@link JsonTree} together with where it was found, so that every type error names the
 * document and the path: {@code catalog: streams[1].metadata[0].metadata.selected: expected a boolean,
 * got "yes"}.
 *
 * <p>A missing key and an explicit {@code null} are the same here (Go's encoding/json treats them
 * alike): the optional accessors return their default, {@link #elements()} and {@link #fields()}
 * return nothing. A value marked {@link #secret()} is described by its kind only, never quoted, and
 * so is a value that holds the password of a document read {@link #hiding(String) hiding} it.
 */
final class JsonValue {

  /** Keys that print bare in a path; others are quoted, e.g. {@code shards["-80"]}. */
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  /** Longest string quoted in a message. */
  private static final int MAX_QUOTED = 40;

  private final String what;
  private final String path;
  private final Object value;
  private final boolean secret;
  /** Text no message may quote (the config's password); "" for none. Inherited by every child. */
  private final String hidden;

  private JsonValue(String what, String path, Object value, boolean secret, String hidden) {
    this.what = what;
    this.path = path;
    this.value = value;
    this.secret = secret;
    this.hidden = hidden;
  }

  /**
   * The root of a document.
   *
   * @param what the document, e.g. {@code "catalog"}
   * @param value the parsed root from {@link JsonTree}
   * @return the root value
   */
  static JsonValue root(String what, Object value) {
    return new JsonValue(what, "", value, false, "");
  }

  /** @return this value, never quoted in error messages (for passwords) */
  JsonValue secret() {
    return new JsonValue(what, path, value, true, hidden);
  }

  /**
   * A user may paste the password into the wrong key; the error about that key must not quote it.
   * Only a value that holds the text ({@link Redaction#holdsPassword}) is hidden, described by its
   * kind: the text is never cut out of other values, which would mangle them and, for a short
   * password, reveal it.
   *
   * @param text the text to keep out of messages, e.g. the config's password; "" for none
   * @return this value and all values under it, never quoting a value that holds the text
   */
  JsonValue hiding(String text) {
    return new JsonValue(what, path, value, secret, text == null ? "" : text);
  }

  /** @return the text this document's messages never quote, "" for none; see {@link #hiding} */
  String hidden() {
    return hidden;
  }

  /** @return the path from the root, {@code ""} for the root */
  String path() {
    return path;
  }

  /** @return the raw parsed value */
  Object raw() {
    return value;
  }

  /** @return true if the key was missing or the value is {@code null} */
  boolean isNull() {
    return value == null;
  }

  /** @return true for a JSON object */
  boolean isObject() {
    return value instanceof Map;
  }

  /** @return true for a JSON array */
  boolean isArray() {
    return value instanceof List;
  }

  /** @return true for a JSON string */
  boolean isString() {
    return value instanceof String;
  }

  /**
   * A member of this object.
   *
   * @param key the key
   * @return the member; {@link #isNull()} if absent or if this value is null
   * @throws ConfigurationException if this value is neither an object nor null
   */
  JsonValue get(String key) {
    Map<String, Object> map = objectOrEmpty();
    return new JsonValue(what, childPath(key), map.get(key), false, hidden);
  }

  /**
   * The members of this object, in document order.
   *
   * @return the members; empty for null
   * @throws ConfigurationException if this value is neither an object nor null
   */
  Map<String, JsonValue> fields() {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    objectOrEmpty().forEach((k, v) -> out.put(k, new JsonValue(what, childPath(k), v, false, hidden)));
    return out;
  }

  /**
   * The elements of this array.
   *
   * @return the elements; empty for null
   * @throws ConfigurationException if this value is neither an array nor null
   */
  List<JsonValue> elements() {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw expected("an array");
    }
    List<?> list = (List<?>) value;
    List<JsonValue> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(new JsonValue(what, path + "[" + i + "]", list.get(i), false, hidden));
    }
    return out;
  }

  /**
   * This value as a string.
   *
   * @param fallback the result when the value is null
   * @return the string
   * @throws ConfigurationException if the value is not a string
   */
  String asString(String fallback) {
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String)) {
      throw expected("a string");
    }
    return (String) value;
  }

  /**
   * This value as a string that must be present.
   *
   * @return the string
   * @throws ConfigurationException if the value is missing or not a string
   */
  String requireString() {
    if (value == null) {
      throw error("missing, expected a string");
    }
    return asString(null);
  }

  /**
   * This value as a boolean.
   *
   * @param fallback the result when the value is null
   * @return the boolean
   * @throws ConfigurationException if the value is not a boolean
   */
  boolean asBoolean(boolean fallback) {
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean)) {
      throw expected("a boolean");
    }
    return (Boolean) value;
  }

  /**
   * This value as a boolean, also accepting the strings {@code "true"} and {@code "false"}
   * (case-insensitive), which form-based config UIs produce.
   *
   * @param fallback the result when the value is null
   * @return the boolean
   * @throws ConfigurationException if the value is neither a boolean nor such a string
   */
  boolean asLenientBoolean(boolean fallback) {
    if (value instanceof String) {
      String s = ((String) value).trim();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
      throw expected("a boolean");
    }
    return asBoolean(fallback);
  }

  /**
   * This value as an int: a JSON integer (or a number with no fraction), or a string of digits.
   *
   * @param fallback the result when the value is null
   * @return the int
   * @throws ConfigurationException if the value is not an integer or does not fit an int
   */
  int asInt(int fallback) {
    if (value == null) {
      return fallback;
    }
    BigDecimal number;
    try {
      if (value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal) {
        number = new BigDecimal(value.toString());
      } else if (value instanceof String) {
        number = new BigDecimal(((String) value).trim());
      } else {
        throw expected("an integer");
      }
      return number.intValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw expected("an integer");
    }
  }

  /**
   * This value as a list of strings; a single string is accepted as a one-element list when
   * {@code allowSingle} is set (JSON schema's {@code "type":"string"}).
   *
   * @param allowSingle accept a bare string
   * @return the strings; empty for null
   * @throws ConfigurationException if the value is not an array of strings
   */
  List<String> asStringList(boolean allowSingle) {
    if (allowSingle && value instanceof String) {
      return List.of((String) value);
    }
    List<String> out = new ArrayList<>();
    for (JsonValue element : elements()) {
      if (!element.isString()) {
        throw element.expected("a string");
      }
      out.add((String) element.value);
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * An error about this value: {@code <what>: <path>: <problem>}.
   *
   * @param problem what is wrong
   * @return the exception, for the caller to throw
   */
  ConfigurationException error(String problem) {
    return new ConfigurationException(what + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  /**
   * An error saying what type was expected and what was found.
   *
   * @param kind the expected kind, e.g. {@code "a boolean"}
   * @return the exception, for the caller to throw
   */
  ConfigurationException expected(String kind) {
    return error("expected " + kind + ", got " + describe());
  }

  /** @return the value for a message: short scalars verbatim, strings quoted and truncated, else the kind */
  String describe() {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    String text = value.toString();
    boolean hide = secret || Redaction.holdsPassword(text, hidden);
    if (value instanceof String) {
      return hide ? "a string" : quote(text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text);
    }
    if (hide) {
      return value instanceof Boolean ? "a boolean" : "a number";
    }
    return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> objectOrEmpty() {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map)) {
      throw expected("an object");
    }
    return (Map<String, Object>) value;
  }

  private String childPath(String key) {
    String k = key.length() > MAX_QUOTED ? key.substring(0, MAX_QUOTED) + "..." : key;
    if (PLAIN_KEY.matcher(k).matches()) {
      return path.isEmpty() ? k : path + "." + k;
    }
    return path + "[" + quote(k) + "]";
  }

  /** Quotes text for a message, escaping quotes, backslashes and control characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
