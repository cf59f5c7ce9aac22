package io.planetscale.cdc.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an array's text output ({@code {1,2,NULL}}, {@code {{a,"b c"},{d,e}}}, {@code [0:1]={x,y}}) into
 * nested lists of converted elements. Unquoted {@code NULL} is null; quoted elements are unescaped.
 */
final class PgArrayText {
  private final String text;
  private final char delimiter;
  private final PgValueKind elementKind;
  private final StringBuilder token = new StringBuilder();
  private int pos;

  private PgArrayText(String text, char delimiter, PgValueKind elementKind) {
    this.text = text;
    this.delimiter = delimiter;
    this.elementKind = elementKind;
  }

  static List<Object> parse(String text, char delimiter, PgValueKind elementKind) {
    PgArrayText parser = new PgArrayText(text, delimiter, elementKind);
    if (!text.isEmpty() && text.charAt(0) == '[') {
      // Non-default lower bounds are printed as a dimension decoration; the list keeps only the elements.
      int equals = text.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("array dimensions without '='");
      }
      parser.pos = equals + 1;
    }
    List<Object> result = parser.list();
    if (parser.pos != text.length()) {
      throw new IllegalArgumentException("text after the array's closing brace at " + parser.pos);
    }
    return result;
  }

  private List<Object> list() {
    expect('{');
    List<Object> items = new ArrayList<>();
    if (peek() == '}') {
      pos++;
      return items;
    }
    while (true) {
      char c = peek();
      if (c == '{') {
        items.add(list());
      } else if (c == '"') {
        items.add(PgValues.element(elementKind, quoted()));
      } else {
        String raw = unquoted();
        items.add(raw.equalsIgnoreCase("NULL") ? null : PgValues.element(elementKind, raw));
      }
      char next = peek();
      pos++;
      if (next == '}') {
        return items;
      }
      if (next != delimiter) {
        throw new IllegalArgumentException("expected '" + delimiter + "' or '}' at " + (pos - 1));
      }
    }
  }

  private String quoted() {
    pos++; // opening quote
    token.setLength(0);
    while (true) {
      char c = charAt(pos++);
      if (c == '"') {
        return token.toString();
      }
      if (c == '\\') {
        c = charAt(pos++);
      }
      token.append(c);
    }
  }

  private String unquoted() {
    int start = pos;
    while (true) {
      char c = charAt(pos);
      if (c == delimiter || c == '}') {
        if (pos == start) {
          throw new IllegalArgumentException("empty array element at " + pos);
        }
        return text.substring(start, pos);
      }
      if (c == '{' || c == '"') {
        throw new IllegalArgumentException("unexpected '" + c + "' at " + pos);
      }
      pos++;
    }
  }

  private void expect(char c) {
    if (charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos);
    }
    pos++;
  }

  private char peek() {
    return charAt(pos);
  }

  private char charAt(int i) {
    if (i >= text.length()) {
      throw new IllegalArgumentException("array text ends early");
    }
    return text.charAt(i);
  }
}
