package io.planetscale.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;

/**
 * One SQL value as Vitess sends it: a {@link VitessType} plus the value's text (MySQL text-protocol
 * form) or raw bytes. The Java form of Vitess's {@code sqltypes.Value}. Immutable.
 *
 * <ul>
 *   <li>SQL NULL is {@link #NULL}: type {@link VitessType#NULL_TYPE}, {@link #isNull()} true.
 *   <li>A value also carries the MySQL collation id of its column ({@link #charset()}, 0 = unknown).
 *       The collation is decoding metadata only: {@link #equals} and {@link #hashCode} compare type
 *       and bytes, like Go's {@code sqltypes.Value}.
 *   <li>A value decoded from a row shares that row's byte array (offset + length), so decoding a row
 *       copies nothing per value. The shared array is never written.
 * </ul>
 *
 * <p>Typed accessors throw {@link SchemaMismatchException}, naming the value, when its type or text
 * does not fit. Accessors returning an object return {@code null} for NULL; {@link #toLong()} and
 * {@link #toDouble()} throw for NULL.
 */
public final class Value {
  /** SQL NULL. */
  public static final Value NULL = new Value(VitessType.NULL_TYPE, null, 0, 0, 0);

  private static final byte[] EMPTY = new byte[0];

  private final VitessType type;
  private final byte[] buffer; // null only for NULL
  private final int offset;
  private final int length;
  private final int charset;

  private Value(VitessType type, byte[] buffer, int offset, int length, int charset) {
    this.type = type;
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.charset = charset;
  }

  /**
   * A value from its text, encoded as UTF-8.
   *
   * @param type the SQL type; {@link VitessType#NULL_TYPE} gives {@link #NULL}
   * @param text the MySQL text form, e.g. {@code "42"} or {@code "2023-03-23 14:28:21"}
   * @return the value
   */
  public static Value of(VitessType type, String text) {
    Objects.requireNonNull(text, "text");
    return of(type, text.getBytes(StandardCharsets.UTF_8), 0, false);
  }

  /**
   * A value from its raw bytes (copied).
   *
   * @param type the SQL type; {@link VitessType#NULL_TYPE} gives {@link #NULL}
   * @param bytes the bytes
   * @return the value
   */
  public static Value of(VitessType type, byte[] bytes) {
    return of(type, bytes, 0);
  }

  /**
   * A value from its raw bytes (copied) and its column's collation id.
   *
   * @param type the SQL type; {@link VitessType#NULL_TYPE} gives {@link #NULL}
   * @param bytes the bytes, in the column's character set for text
   * @param charset the MySQL collation id of the column ({@code 63} = binary, {@code 0} = unknown)
   * @return the value
   */
  public static Value of(VitessType type, byte[] bytes, int charset) {
    Objects.requireNonNull(bytes, "bytes");
    return of(type, bytes, charset, true);
  }

  private static Value of(VitessType type, byte[] bytes, int charset, boolean copy) {
    Objects.requireNonNull(type, "type");
    if (type == VitessType.NULL_TYPE) {
      return NULL;
    }
    byte[] own = copy ? bytes.clone() : bytes;
    return new Value(type, own, 0, own.length, charset);
  }

  /**
   * Wraps a slice of a row's buffer without copying; the caller must never modify the slice.
   * For row decoding ({@link QueryResults#decodeRow}).
   */
  static Value wrap(VitessType type, byte[] buffer, int offset, int length, int charset) {
    if (type == VitessType.NULL_TYPE) {
      return NULL;
    }
    return new Value(type, buffer, offset, length, charset);
  }

  /** The array holding the bytes, shared and never to be modified; {@code null} for NULL. */
  byte[] buffer() {
    return buffer;
  }

  /** Where the bytes start in {@link #buffer()}. */
  int offset() {
    return offset;
  }

  /** The number of bytes; 0 for NULL. */
  int length() {
    return length;
  }

  /** @return the SQL type; {@link VitessType#NULL_TYPE} for NULL */
  public VitessType type() {
    return type;
  }

  /** @return true if this is SQL NULL */
  public boolean isNull() {
    return buffer == null;
  }

  /** @return the MySQL collation id of the value's column, 0 when unknown */
  public int charset() {
    return charset;
  }

  /** @return a copy of the raw bytes ({@code null} for NULL) */
  public byte[] toBytes() {
    if (buffer == null) {
      return null;
    }
    return length == 0 ? EMPTY : Arrays.copyOfRange(buffer, offset, offset + length);
  }

  /** @return the bytes decoded as UTF-8 ({@code null} for NULL) */
  public String toStringUtf8() {
    return toString(StandardCharsets.UTF_8);
  }

  /**
   * @param charset the character set
   * @return the bytes decoded with {@code charset} ({@code null} for NULL)
   */
  public String toString(Charset charset) {
    return buffer == null ? null : new String(buffer, offset, length, charset);
  }

  /**
   * @return the value as a {@code long}
   * @throws SchemaMismatchException unless the type is integral (INT8..UINT64, YEAR) and the value
   *     fits in a {@code long}
   */
  public long toLong() {
    Number n = integer("long");
    if (n instanceof Long) {
      return (Long) n;
    }
    throw mismatch("long", "out of range");
  }

  /**
   * @return the value as a {@code BigInteger} ({@code null} for NULL)
   * @throws SchemaMismatchException unless the type is integral (INT8..UINT64, YEAR)
   */
  public BigInteger toBigInteger() {
    if (isNull()) {
      return null;
    }
    Number n = integer("BigInteger");
    return n instanceof BigInteger ? (BigInteger) n : BigInteger.valueOf(n.longValue());
  }

  /**
   * @return the value as a {@code BigDecimal} ({@code null} for NULL); exact for DECIMAL
   *     ({@code .33} → {@code 0.33})
   * @throws SchemaMismatchException unless the type is integral, DECIMAL, or a finite float
   */
  public BigDecimal toBigDecimal() {
    if (isNull()) {
      return null;
    }
    if (type.isIntegral()) {
      Number n = integer("BigDecimal");
      return n instanceof BigInteger ? new BigDecimal((BigInteger) n) : BigDecimal.valueOf(n.longValue());
    }
    if (type.isFloat()) {
      toDouble(); // rejects NaN, Infinity and non-numbers; the text itself is then exact
    }
    boolean decimalText = type.isFloat() || type == VitessType.DECIMAL;
    BigDecimal d = decimalText ? NumericText.parseDecimal(buffer, offset, length) : null;
    if (d == null) {
      throw mismatch("BigDecimal", null);
    }
    return d;
  }

  /**
   * @return the value as a {@code double}; floats accept MySQL ({@code 3.14}, {@code 1e20}) and
   *     Vitess ({@code 3.1415927E+00}) spellings
   * @throws SchemaMismatchException unless the type is integral, DECIMAL or a float with a finite value
   */
  public double toDouble() {
    if (!isNull() && (type.isFloat() || type.isIntegral() || type == VitessType.DECIMAL)) {
      double d = NumericText.parseDouble(buffer, offset, length);
      if (Double.isFinite(d)) {
        return d;
      }
    }
    throw mismatch("double", null);
  }

  /**
   * The value as a lossless Java object:
   * <ul>
   *   <li>INT8..INT64 and UINT8..UINT32 → {@code Long}; UINT64 → {@code BigInteger}; YEAR → {@code Integer}
   *   <li>DECIMAL → {@code BigDecimal}; FLOAT32/FLOAT64 → {@code Double}
   *   <li>DATE → {@code LocalDate}; DATETIME → {@code LocalDateTime}; TIMESTAMP → {@code Instant} (UTC);
   *       TIME → {@code Duration} (may be negative, hours up to 838). Zero, partial-zero or otherwise
   *       invalid dates ({@code 0000-00-00}, {@code 2024-01-00}) → {@code null}
   *   <li>BIT, GEOMETRY, VECTOR, and BLOB/BINARY/VARBINARY with the binary collation (63) → {@code byte[]}
   *   <li>JSON → {@code String} (UTF-8); other text types, ENUM, SET, and BLOB/BINARY/VARBINARY
   *       with a text collation → {@code String} decoded with the column's charset (UTF-8 when unknown)
   *   <li>NULL → {@code null}
   * </ul>
   *
   * @return the Java object
   * @throws SchemaMismatchException if the text does not parse as its type
   */
  public Object toJava() {
    switch (type) {
      case NULL_TYPE:
        return null;
      case INT8: case UINT8: case INT16: case UINT16: case INT24: case UINT24: case INT32: case UINT32: case INT64:
        return toLong();
      case UINT64:
        return toBigInteger();
      case YEAR:
        return Math.toIntExact(toLong());
      case DECIMAL:
        return toBigDecimal();
      case FLOAT32: case FLOAT64:
        return toDouble();
      case DATE:
      case DATETIME:
      case TIMESTAMP:
      case TIME:
        return temporal();
      case BIT: case GEOMETRY: case VECTOR: case TUPLE: case RAW: case ROW_TUPLE:
        return toBytes();
      case JSON:
        return toStringUtf8();
      case BLOB: case BINARY: case VARBINARY:
        return Collations.isBinary(charset) ? toBytes() : toString(Collations.charset(charset));
      default:
        return toString(Collations.charset(charset));
    }
  }

  private Object temporal() {
    try {
      switch (type) {
        case DATE:
          return TemporalText.toLocalDate(buffer, offset, length);
        case TIME:
          return TemporalText.toDuration(buffer, offset, length);
        case TIMESTAMP:
          LocalDateTime utc = TemporalText.toLocalDateTime(buffer, offset, length);
          return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
        default:
          return TemporalText.toLocalDateTime(buffer, offset, length);
      }
    } catch (IllegalArgumentException e) {
      throw mismatch("a Java " + type + " value", e.getMessage());
    }
  }

  // Long or BigInteger; throws for NULL, non-integral types and unparsable text.
  private Number integer(String target) {
    Number n = type.isIntegral() ? NumericText.parseInteger(buffer, offset, length) : null;
    if (n == null) {
      throw mismatch(target, null);
    }
    return n;
  }

  private SchemaMismatchException mismatch(String target, String detail) {
    return new SchemaMismatchException("cannot convert " + describe(this) + " to " + target
        + (detail == null ? "" : ": " + detail));
  }

  /** A value as {@link #toString()} prints it, cut short for error messages about large values. */
  static String describe(Value value) {
    String s = value.toString();
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  /**
   * Compares type and bytes; the collation id is decoding metadata and is not compared.
   *
   * @param o the other object
   * @return true if {@code o} is a value of the same type with the same bytes
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Value)) {
      return false;
    }
    Value other = (Value) o;
    if (type != other.type || isNull() != other.isNull()) {
      return false;
    }
    return isNull() || Arrays.equals(buffer, offset, offset + length, other.buffer, other.offset, other.offset + other.length);
  }

  /** @return a hash of type and bytes, consistent with {@link #equals} */
  @Override
  public int hashCode() {
    int h = type.code();
    for (int i = offset, end = offset + length; i < end; i++) {
      h = 31 * h + buffer[i];
    }
    return h;
  }

  /**
   * Like Go's {@code sqltypes.Value.String()}: {@code NULL}, {@code INT64(12)}, and a quoted text
   * for quoted types and BIT, e.g. {@code VARCHAR("abc")}. Text is decoded with the column's
   * collation (UTF-8 when unknown or binary); control characters are escaped.
   *
   * @return the value's type and text
   */
  @Override
  public String toString() {
    if (isNull()) {
      return "NULL";
    }
    String text = toString(Collations.charset(charset));
    if (!type.isQuoted() && type != VitessType.BIT) {
      return type + "(" + text + ")";
    }
    StringBuilder sb = new StringBuilder(text.length() + type.name().length() + 4).append(type).append("(\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
      } else {
        sb.append(c);
      }
    }
    return sb.append("\")").toString();
  }
}
