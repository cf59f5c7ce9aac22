package io.planetscale.cdc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes compact JSON (no pretty printing) with jackson-core's {@link JsonGenerator}, escaping
 * strings as Go's encoding/json does ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as
 * lower-case hex escapes, e.g. backslash-u003c) so that output compares equal to the Go connectors'.
 * Writing to a {@link StringWriter} cannot fail, so the methods throw no checked exceptions.
 *
 * <p>Usage: {@code JsonOutput out = new JsonOutput(); out.startObject(); ...; return out.finish();}
 */
final class JsonOutput {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .build();

  private final StringWriter text = new StringWriter();
  private final JsonGenerator gen;

  /** Starts an empty document. */
  JsonOutput() {
    try {
      gen = FACTORY.createGenerator(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gen.setCharacterEscapes(GoEscapes.INSTANCE);
  }

  /** Opens an object. @return this */
  JsonOutput startObject() {
    return run(gen::writeStartObject);
  }

  /** Closes the current object. @return this */
  JsonOutput endObject() {
    return run(gen::writeEndObject);
  }

  /** Opens an array. @return this */
  JsonOutput startArray() {
    return run(gen::writeStartArray);
  }

  /** Closes the current array. @return this */
  JsonOutput endArray() {
    return run(gen::writeEndArray);
  }

  /** Writes a key; the value follows. @param name the key @return this */
  JsonOutput name(String name) {
    return run(() -> gen.writeFieldName(name));
  }

  /** Writes a string value. @param value the string @return this */
  JsonOutput value(String value) {
    return run(() -> gen.writeString(value));
  }

  /** Writes a boolean value. @param value the boolean @return this */
  JsonOutput value(boolean value) {
    return run(() -> gen.writeBoolean(value));
  }

  /** Writes an int value. @param value the number @return this */
  JsonOutput value(int value) {
    return run(() -> gen.writeNumber(value));
  }

  /** Writes a string member. @param name the key @param value the string @return this */
  JsonOutput field(String name, String value) {
    return name(name).value(value);
  }

  /** Writes a boolean member. @param name the key @param value the boolean @return this */
  JsonOutput field(String name, boolean value) {
    return name(name).value(value);
  }

  /** Writes an int member. @param name the key @param value the number @return this */
  JsonOutput field(String name, int value) {
    return name(name).value(value);
  }

  /** Writes an array-of-strings member. @param name the key @param values the strings @return this */
  JsonOutput field(String name, List<String> values) {
    name(name).startArray();
    for (String v : values) {
      value(v);
    }
    return endArray();
  }

  /** Writes a string member unless the value is null (Go's {@code omitempty}). @return this */
  JsonOutput optional(String name, String value) {
    return value == null || value.isEmpty() ? this : field(name, value);
  }

  /** Writes a boolean member unless it is false (Go's {@code omitempty}). @return this */
  JsonOutput optional(String name, boolean value) {
    return value ? field(name, true) : this;
  }

  /** Writes a list member unless it is empty (Go's {@code omitempty}). @return this */
  JsonOutput optional(String name, List<String> values) {
    return values.isEmpty() ? this : field(name, values);
  }

  /**
   * Ends the document.
   *
   * @return the JSON text
   */
  String finish() {
    run(gen::close);
    return text.toString();
  }

  private JsonOutput run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A generator call; they declare IOException although a StringWriter never throws. */
  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /** Go's HTML-safe string escaping, on top of JSON's mandatory escapes. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    static final GoEscapes INSTANCE = new GoEscapes();

    private final int[] ascii;

    private GoEscapes() {
      ascii = CharacterEscapes.standardAsciiEscapesForJSON();
      ascii['<'] = CharacterEscapes.ESCAPE_STANDARD;
      ascii['>'] = CharacterEscapes.ESCAPE_STANDARD;
      ascii['&'] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028 || ch == 0x2029) {
        return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
