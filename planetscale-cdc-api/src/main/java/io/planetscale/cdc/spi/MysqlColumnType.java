package io.planetscale.cdc.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A MySQL column type as {@code information_schema.columns.column_type} spells it, taken apart by a
 * small scanner: base name, the text between the parentheses, and the trailing attributes. The
 * parsed form behind {@link MysqlColumnTypes}.
 *
 * @param source the column type as given (for error messages)
 * @param kind the type family the base name belongs to ({@link Kind#UNKNOWN} for anything else)
 * @param args the raw text between the parentheses (labels keep their case), or {@code null}
 * @param closed false when the parenthesis opened but never closed (a malformed type)
 * @param unsigned {@code unsigned} or {@code zerofill} (MySQL makes every zerofill column unsigned)
 * @param zerofill {@code zerofill}
 * @param charset the lower-case name after {@code character set}/{@code charset}, or {@code null}
 * @param collation the lower-case name after {@code collate}, or {@code null}
 */
record MysqlColumnType(
    String source, Kind kind, String args, boolean closed, boolean unsigned, boolean zerofill,
    String charset, String collation) {

  /** The type families; synonyms (int4, dec, real, bool, ...) share their family. */
  enum Kind {
    TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, BOOL, YEAR,
    DECIMAL, FLOAT, DOUBLE, BIT,
    DATE, DATETIME, TIMESTAMP, TIME,
    CHAR, VARCHAR, TEXT, BINARY, VARBINARY, BLOB, ENUM, SET, JSON, GEOMETRY, VECTOR,
    UNKNOWN
  }

  /**
   * Scans a column type: {@code name [precision] ['(' args ')'] {attribute}}, case-insensitive,
   * surrounding spaces ignored. Never throws: what it does not recognise is {@link Kind#UNKNOWN} or
   * ignored.
   */
  static MysqlColumnType parse(String columnType) {
    Objects.requireNonNull(columnType, "columnType");
    String s = columnType.strip();
    int n = s.length();
    int i = wordEnd(s, 0);
    String name = s.substring(0, i).toLowerCase(Locale.ROOT);
    int j = skipSpaces(s, i);
    if (name.equals("double") && wordEnd(s, j) - j == 9 && s.regionMatches(true, j, "precision", 0, 9)) {
      j = skipSpaces(s, j + 9); // DOUBLE PRECISION
    }
    String args = null;
    boolean closed = true;
    if (j < n && s.charAt(j) == '(') {
      int end = closingParenthesis(s, j + 1);
      closed = end >= 0;
      args = s.substring(j + 1, closed ? end : n);
      j = closed ? end + 1 : n;
    }
    boolean unsigned = name.equals("serial"); // SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
    boolean zerofill = false;
    String charset = null;
    String collation = null;
    List<String> words = words(s, j);
    for (int w = 0; w < words.size(); w++) {
      String word = words.get(w);
      String next = w + 1 < words.size() ? words.get(w + 1) : null;
      switch (word) {
        case "unsigned":
          unsigned = true;
          break;
        case "zerofill":
          unsigned = true;
          zerofill = true;
          break;
        case "character":
          if ("set".equals(next) && w + 2 < words.size()) {
            charset = unquote(words.get(w + 2));
            w += 2;
          }
          break;
        case "charset":
          if (next != null) {
            charset = unquote(next);
            w++;
          }
          break;
        case "collate":
          if (next != null) {
            collation = unquote(next);
            w++;
          }
          break;
        default:
          break; // signed, binary (old _bin shorthand), anything else: no effect on the mapping
      }
    }
    return new MysqlColumnType(columnType, kind(name), args, closed, unsigned, zerofill, charset, collation);
  }

  private static Kind kind(String name) {
    switch (name) {
      case "tinyint": case "int1":
        return Kind.TINYINT;
      case "smallint": case "int2":
        return Kind.SMALLINT;
      case "mediumint": case "int3": case "middleint":
        return Kind.MEDIUMINT;
      case "int": case "integer": case "int4":
        return Kind.INT;
      case "bigint": case "int8": case "serial":
        return Kind.BIGINT;
      case "bool": case "boolean":
        return Kind.BOOL;
      case "year":
        return Kind.YEAR;
      case "decimal": case "dec": case "numeric": case "fixed":
        return Kind.DECIMAL;
      case "float": case "float4":
        return Kind.FLOAT;
      case "double": case "real": case "float8":
        return Kind.DOUBLE;
      case "bit":
        return Kind.BIT;
      case "date":
        return Kind.DATE;
      case "datetime":
        return Kind.DATETIME;
      case "timestamp":
        return Kind.TIMESTAMP;
      case "time":
        return Kind.TIME;
      case "char": case "character": case "nchar":
        return Kind.CHAR;
      case "varchar": case "nvarchar":
        return Kind.VARCHAR;
      case "tinytext": case "text": case "mediumtext": case "longtext":
        return Kind.TEXT;
      case "binary":
        return Kind.BINARY;
      case "varbinary":
        return Kind.VARBINARY;
      case "tinyblob": case "blob": case "mediumblob": case "longblob":
        return Kind.BLOB;
      case "enum":
        return Kind.ENUM;
      case "set":
        return Kind.SET;
      case "json":
        return Kind.JSON;
      case "geometry": case "point": case "linestring": case "polygon": case "multipoint":
      case "multilinestring": case "multipolygon": case "geometrycollection": case "geomcollection":
        return Kind.GEOMETRY;
      case "vector":
        return Kind.VECTOR;
      default:
        return Kind.UNKNOWN;
    }
  }

  /**
   * The single integer argument, e.g. 1 for {@code bit(1)} or 11 for {@code int(11)}.
   *
   * @param absent what to return without parentheses
   * @return the argument, {@code absent} without parentheses, or -1 when it is not one integer
   */
  int intArg(int absent) {
    if (args == null) {
      return absent;
    }
    String a = args.strip();
    if (a.isEmpty() || a.length() > 9) {
      return -1;
    }
    int v = 0;
    for (int k = 0; k < a.length(); k++) {
      char c = a.charAt(k);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * The labels of an {@code enum(...)} or {@code set(...)}: SQL string literals separated by
   * commas, {@code ''} and backslash escapes decoded as MySQL does.
   *
   * @return the labels in declaration order
   * @throws IllegalArgumentException naming the column type when the list is malformed
   */
  List<String> labels() {
    if (args == null || !closed) {
      throw malformed(args == null ? "no label list" : "unclosed parenthesis");
    }
    List<String> labels = new ArrayList<>();
    StringBuilder label = new StringBuilder();
    int n = args.length();
    int i = skipSpaces(args, 0);
    while (true) {
      if (i >= n || (args.charAt(i) != '\'' && args.charAt(i) != '"')) {
        throw malformed("expected a quoted label at offset " + i + " of the list");
      }
      char quote = args.charAt(i++);
      label.setLength(0);
      while (true) {
        if (i >= n) {
          throw malformed("unterminated label");
        }
        char c = args.charAt(i++);
        if (c == quote) {
          if (i < n && args.charAt(i) == quote) {
            label.append(quote); // '' inside '...'
            i++;
            continue;
          }
          break;
        }
        if (c == '\\' && i < n) {
          label.append(unescape(args.charAt(i++)));
          continue;
        }
        label.append(c);
      }
      labels.add(label.toString());
      i = skipSpaces(args, i);
      if (i >= n) {
        return labels;
      }
      if (args.charAt(i) != ',') {
        throw malformed("expected ',' at offset " + i + " of the list");
      }
      i = skipSpaces(args, i + 1);
    }
  }

  private IllegalArgumentException malformed(String why) {
    return new IllegalArgumentException("malformed column type \"" + source + "\": " + why);
  }

  // MySQL string-literal escapes; \% and \_ keep their backslash, any other \x is x.
  private static String unescape(char c) {
    switch (c) {
      case '0': return "\0";
      case 'b': return "\b";
      case 'n': return "\n";
      case 'r': return "\r";
      case 't': return "\t";
      case 'Z': return "\u001A";
      case '%': return "\\%";
      case '_': return "\\_";
      default: return String.valueOf(c);
    }
  }

  // Index of the ')' matching an already-consumed '(' (quotes respected), or -1.
  private static int closingParenthesis(String s, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0; // a doubled quote closes and reopens: same result
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  private static int wordEnd(String s, int i) {
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  // Whitespace-separated, lower-cased words of the attributes after the base type.
  private static List<String> words(String s, int from) {
    List<String> words = new ArrayList<>(4);
    int i = skipSpaces(s, from);
    while (i < s.length()) {
      int end = i;
      while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
        end++;
      }
      words.add(s.substring(i, end).toLowerCase(Locale.ROOT));
      i = skipSpaces(s, end);
    }
    return words;
  }

  private static String unquote(String word) {
    int n = word.length();
    if (n >= 2 && (word.charAt(0) == '\'' || word.charAt(0) == '"' || word.charAt(0) == '`')
        && word.charAt(n - 1) == word.charAt(0)) {
      return word.substring(1, n - 1);
    }
    return word;
  }
}
