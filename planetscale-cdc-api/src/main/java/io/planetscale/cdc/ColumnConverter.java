package io.planetscale.cdc;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Converts the values of one column, with the decision of {@link Values#convert} taken once per
 * column instead of once per value: {@link #forColumn} picks a {@link Strategy} from the schema
 * property and the field's type and collation, and {@link #convert} only runs it. A value whose
 * type or collation differs from the field's (NULL, for one) falls back to choosing again, which is
 * a couple of switches with no allocation.
 */
final class ColumnConverter {

  /** What the JSON schema property asks for, in Go's decision order (date-time, number, boolean, string). */
  private enum Target { DATE_TIME, NUMBER, BOOLEAN, STRING }

  /** How one (target, type, collation) combination converts. */
  private enum Strategy {
    NULL, DOUBLE, DATE_TIME,
    INTEGER, DECIMAL, BIT_NUMBER, TEXT_NUMBER, NOT_A_NUMBER,
    BOOLEAN_INTEGER, BOOLEAN_BIT, NOT_A_BOOLEAN,
    BASE64, TEXT
  }

  private final StreamProperty property;
  private final String column; // for error messages; null when unknown
  private final Target target;
  private final VitessType type;
  private final int charset;
  private final Strategy strategy;
  private final Charset textCharset;

  private ColumnConverter(StreamProperty property, String column, VitessType type, int charset) {
    this.property = Objects.requireNonNull(property, "property");
    this.column = column;
    this.target = target(property);
    this.type = type;
    this.charset = charset;
    this.strategy = choose(target, type, charset);
    this.textCharset = textCharset(type, charset);
  }

  /**
   * @param property the column's JSON schema property
   * @param field the column as the server described it
   * @return a converter for that column's values
   */
  static ColumnConverter forColumn(StreamProperty property, Field field) {
    return new ColumnConverter(property, field.name(), field.type(), field.charset());
  }

  /**
   * A converter chosen from one value's own type and collation, for {@link Values#convert}.
   *
   * @param property the JSON schema property
   * @param value the value
   * @return the converter
   */
  static ColumnConverter forValue(StreamProperty property, Value value) {
    return new ColumnConverter(property, null, value.type(), value.charset());
  }

  /**
   * @param value a value of the column (possibly NULL)
   * @return the converted value, as {@link Values#convert} would return it
   * @throws SchemaMismatchException naming the value when it cannot be converted
   */
  Object convert(Value value) {
    VitessType t = value.type();
    int c = value.charset();
    if (t == type && c == charset) {
      return apply(strategy, textCharset, t, c, value.buffer(), value.offset(), value.length());
    }
    return apply(choose(target, t, c), textCharset(t, c), t, c, value.buffer(), value.offset(), value.length());
  }

  /**
   * Converts a value given as bytes, exactly as {@link #convert(Value)} converts the {@link Value}
   * those bytes make: NULL for a length of -1 or the NULL type.
   *
   * @param valueType the value's type
   * @param valueCharset the value's collation id
   * @param b holds the value's bytes, never modified
   * @param off where they start
   * @param len how many there are; -1 for NULL
   * @return the converted value
   * @throws SchemaMismatchException naming the value when it cannot be converted
   */
  Object convert(VitessType valueType, int valueCharset, byte[] b, int off, int len) {
    if (len < 0 || valueType == VitessType.NULL_TYPE) {
      return null;
    }
    if (valueType == type && valueCharset == charset) {
      return apply(strategy, textCharset, valueType, valueCharset, b, off, len);
    }
    return apply(choose(target, valueType, valueCharset), textCharset(valueType, valueCharset), valueType,
        valueCharset, b, off, len);
  }

  /**
   * Converts a non-NULL value of the column's own type and collation, given as bytes (the common
   * case of {@link #convert(VitessType, int, byte[], int, int)}, with nothing to choose).
   *
   * @param b holds the value's bytes, never modified
   * @param off where they start
   * @param len how many there are, at least 0
   * @return the converted value
   * @throws SchemaMismatchException naming the value when it cannot be converted
   */
  Object convertOwn(byte[] b, int off, int len) {
    return apply(strategy, textCharset, type, charset, b, off, len);
  }

  private static Target target(StreamProperty property) {
    if (property.isDateTime()) {
      return Target.DATE_TIME;
    }
    if (property.isInteger() || property.isNumber()) {
      return Target.NUMBER;
    }
    return property.isBoolean() ? Target.BOOLEAN : Target.STRING;
  }

  private static Strategy choose(Target target, VitessType type, int charset) {
    if (type.isFloat()) {
      return Strategy.DOUBLE; // Go: floats are numbers whatever the schema says
    }
    if (type == VitessType.NULL_TYPE) {
      return Strategy.NULL;
    }
    boolean bytes = isBytes(type, charset);
    switch (target) {
      case DATE_TIME:
        return Strategy.DATE_TIME;
      case NUMBER:
        if (type.isIntegral()) {
          return Strategy.INTEGER;
        }
        if (type == VitessType.DECIMAL) {
          return Strategy.DECIMAL;
        }
        if (type == VitessType.BIT) {
          return Strategy.BIT_NUMBER;
        }
        return bytes ? Strategy.NOT_A_NUMBER : Strategy.TEXT_NUMBER;
      case BOOLEAN:
        if (type.isIntegral()) {
          return Strategy.BOOLEAN_INTEGER;
        }
        return type == VitessType.BIT ? Strategy.BOOLEAN_BIT : Strategy.NOT_A_BOOLEAN;
      default:
        return bytes ? Strategy.BASE64 : Strategy.TEXT;
    }
  }

  /** True for values that are bytes, not text: BIT, GEOMETRY, VECTOR, and binary-collation BLOB/BINARY/VARBINARY. */
  private static boolean isBytes(VitessType type, int charset) {
    switch (type) {
      case BIT:
      case GEOMETRY:
      case VECTOR:
        return true;
      case BLOB:
      case BINARY:
      case VARBINARY:
        return Collations.isBinary(charset);
      default:
        return false;
    }
  }

  // MySQL may report JSON with the binary collation, but JSON text is always UTF-8.
  private static Charset textCharset(VitessType type, int charset) {
    return type == VitessType.JSON ? StandardCharsets.UTF_8 : Collations.charset(charset);
  }

  /**
   * Runs a strategy on the bytes of a value of type {@code t} and collation {@code c} ({@code b} is
   * null only for NULL, whose strategy reads nothing); the {@link Value} is made only for an error.
   */
  private Object apply(Strategy s, Charset text, VitessType t, int c, byte[] b, int off, int len) {
    switch (s) {
      case NULL:
        return null;
      case DOUBLE:
        double d = NumericText.parseDouble(b, off, len);
        if (!Double.isFinite(d)) {
          throw mismatch(t, c, b, off, len, "not a finite number");
        }
        return d;
      case DATE_TIME:
        return TemporalText.toRfc3339Utc(b, off, len);
      case INTEGER:
        return orMismatch(NumericText.parseInteger(b, off, len), t, c, b, off, len);
      case DECIMAL:
        return orMismatch(NumericText.parseDecimal(b, off, len), t, c, b, off, len);
      case BIT_NUMBER:
        return NumericText.unsignedBigEndian(b, off, len);
      case TEXT_NUMBER:
        Number n = NumericText.parseInteger(b, off, len);
        return n != null ? n : orMismatch(NumericText.parseDecimal(b, off, len), t, c, b, off, len);
      case NOT_A_NUMBER:
      case NOT_A_BOOLEAN:
        throw mismatch(t, c, b, off, len, null);
      case BOOLEAN_INTEGER:
        return toBoolean(NumericText.parseInteger(b, off, len), t, c, b, off, len);
      case BOOLEAN_BIT:
        return toBoolean(NumericText.unsignedBigEndian(b, off, len), t, c, b, off, len);
      case BASE64:
        return Base64Text.encode(b, off, len);
      default:
        return new String(b, off, len, text);
    }
  }

  private Boolean toBoolean(Number n, VitessType t, int c, byte[] b, int off, int len) {
    if (n instanceof Long) {
      long l = n.longValue();
      if (l == 0) {
        return Boolean.FALSE;
      }
      if (l == 1) {
        return Boolean.TRUE;
      }
    }
    throw mismatch(t, c, b, off, len, "a boolean must be 0 or 1");
  }

  private Object orMismatch(Object converted, VitessType t, int c, byte[] b, int off, int len) {
    if (converted == null) {
      throw mismatch(t, c, b, off, len, null);
    }
    return converted;
  }

  private SchemaMismatchException mismatch(VitessType t, int c, byte[] b, int off, int len, String detail) {
    return mismatch(Value.wrap(t, b, off, len, c), detail);
  }

  private SchemaMismatchException mismatch(Value v, String detail) {
    StringBuilder sb = new StringBuilder();
    if (column != null) {
      sb.append("column \"").append(column).append("\": ");
    }
    sb.append("cannot convert ").append(Value.describe(v)).append(" to ").append(property.types());
    if (property.format() != null) {
      sb.append(" (format ").append(property.format()).append(')');
    }
    if (detail != null) {
      sb.append(": ").append(detail);
    }
    return new SchemaMismatchException(sb.toString());
  }
}
