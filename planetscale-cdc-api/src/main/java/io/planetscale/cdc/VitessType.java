package io.planetscale.cdc;

/**
 * A column's SQL type, with the numeric codes of Vitess's {@code query.Type}: each code is an
 * ordinal combined with flag bits ({@link #isIntegral()}, {@link #isUnsigned()}, {@link #isFloat()},
 * {@link #isQuoted()}, {@link #isText()}, {@link #isBinary()}).
 */
public enum VitessType {
  /** SQL NULL. */
  NULL_TYPE(0),
  /** TINYINT. */
  INT8(257),
  /** TINYINT UNSIGNED. */
  UINT8(770),
  /** SMALLINT. */
  INT16(259),
  /** SMALLINT UNSIGNED. */
  UINT16(772),
  /** MEDIUMINT. */
  INT24(261),
  /** MEDIUMINT UNSIGNED. */
  UINT24(774),
  /** INT. */
  INT32(263),
  /** INT UNSIGNED. */
  UINT32(776),
  /** BIGINT. */
  INT64(265),
  /** BIGINT UNSIGNED. */
  UINT64(778),
  /** FLOAT. */
  FLOAT32(1035),
  /** DOUBLE. */
  FLOAT64(1036),
  /** TIMESTAMP (UTC). */
  TIMESTAMP(2061),
  /** DATE. */
  DATE(2062),
  /** TIME. */
  TIME(2063),
  /** DATETIME. */
  DATETIME(2064),
  /** YEAR. */
  YEAR(785),
  /** DECIMAL / NUMERIC. */
  DECIMAL(18),
  /** TEXT family. */
  TEXT(6163),
  /** BLOB family. */
  BLOB(10260),
  /** VARCHAR. */
  VARCHAR(6165),
  /** VARBINARY. */
  VARBINARY(10262),
  /** CHAR. */
  CHAR(6167),
  /** BINARY. */
  BINARY(10264),
  /** BIT(n). */
  BIT(2073),
  /** ENUM. */
  ENUM(2074),
  /** SET. */
  SET(2075),
  /** a tuple of values (bind variables only). */
  TUPLE(28),
  /** spatial types. */
  GEOMETRY(2077),
  /** JSON. */
  JSON(2078),
  /** an expression (internal). */
  EXPRESSION(31),
  /** a 0x literal (internal). */
  HEXNUM(4128),
  /** an X'..' literal (internal). */
  HEXVAL(4129),
  /** a 0b literal (internal). */
  BITNUM(4130),
  /** VECTOR. */
  VECTOR(2083),
  /** raw bytes (internal). */
  RAW(2084),
  /** a row tuple (internal). */
  ROW_TUPLE(2085);

  private static final int IS_INTEGRAL = 256;
  private static final int IS_UNSIGNED = 512;
  private static final int IS_FLOAT = 1024;
  private static final int IS_QUOTED = 2048;
  private static final int IS_TEXT = 4096;
  private static final int IS_BINARY = 8192;

  // Indexed by ordinal (code & 0xFF): decoding a field's type is an array load, not a search.
  private static final VitessType[] BY_ORDINAL = new VitessType[64];

  static {
    for (VitessType t : values()) {
      BY_ORDINAL[t.code & 0xFF] = t;
    }
  }

  private final int code;

  VitessType(int code) {
    this.code = code;
  }

  /** @return the {@code query.Type} number, e.g. 265 for {@link #INT64} */
  public int code() {
    return code;
  }

  /**
   * Finds the type with a {@code query.Type} number.
   *
   * @param code the number
   * @return the type
   * @throws IllegalArgumentException if no type has that number
   */
  public static VitessType fromCode(int code) {
    VitessType t = (code & ~0xFFFF) == 0 ? BY_ORDINAL[code & 0x3F] : null;
    if (t == null || t.code != code) {
      throw new IllegalArgumentException("unknown Vitess query.Type " + code);
    }
    return t;
  }

  /** @return true for every integer type and YEAR (Vitess {@code IsIntegral}) */
  public boolean isIntegral() {
    return (code & IS_INTEGRAL) != 0;
  }

  /** @return true for unsigned integer types and YEAR */
  public boolean isUnsigned() {
    return (code & IS_UNSIGNED) != 0;
  }

  /** @return true for FLOAT32 and FLOAT64 */
  public boolean isFloat() {
    return (code & IS_FLOAT) != 0;
  }

  /** @return true for types whose SQL literal is quoted (strings, dates, ENUM, SET, JSON, ...), except BIT */
  public boolean isQuoted() {
    return (code & IS_QUOTED) != 0 && this != BIT;
  }

  /** @return true for character types (TEXT, VARCHAR, CHAR, and the internal HEXNUM/HEXVAL/BITNUM) */
  public boolean isText() {
    return (code & IS_TEXT) != 0;
  }

  /** @return true for byte-string types (BLOB, VARBINARY, BINARY) */
  public boolean isBinary() {
    return (code & IS_BINARY) != 0;
  }
}
