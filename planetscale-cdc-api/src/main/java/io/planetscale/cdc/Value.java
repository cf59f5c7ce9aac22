package io.planetscale.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;

/**
 * One SQL value as Vitess sends it: a {@link VitessType} plus the value's text (MySQL text-protocol
 * form) or raw bytes. The Java form of Vitess's {@code sqltypes.Value}. Immutable.
 *
 * <p>SKELETON — to be implemented (helper A). Contract:
 * <ul>
 *   <li>SQL NULL is {@link #NULL}: type {@link VitessType#NULL_TYPE}, {@link #isNull()} true.
 *   <li>A value also carries the MySQL collation id of its column ({@link #charset()}, 0 = unknown),
 *       used to decode text; equality compares type and bytes only.
 *   <li>Storage may share a row's byte array (offset + length) so decoding a row copies nothing per value.
 * </ul>
 */
public final class Value {
  /** SQL NULL. */
  public static final Value NULL = null;

  private Value() {}

  /**
   * A value from its text, encoded as UTF-8.
   *
   * @param type the SQL type (not {@link VitessType#NULL_TYPE}; use {@link #NULL})
   * @param text the MySQL text form, e.g. {@code "42"} or {@code "2023-03-23 14:28:21"}
   * @return the value
   */
  public static Value of(VitessType type, String text) {
    throw new UnsupportedOperationException();
  }

  /**
   * A value from its raw bytes (copied).
   *
   * @param type the SQL type
   * @param bytes the bytes
   * @return the value
   */
  public static Value of(VitessType type, byte[] bytes) {
    throw new UnsupportedOperationException();
  }

  /** @return the SQL type; {@link VitessType#NULL_TYPE} for NULL */
  public VitessType type() {
    throw new UnsupportedOperationException();
  }

  /** @return true if this is SQL NULL */
  public boolean isNull() {
    throw new UnsupportedOperationException();
  }

  /** @return the MySQL collation id of the value's column, 0 when unknown */
  public int charset() {
    throw new UnsupportedOperationException();
  }

  /** @return a copy of the raw bytes ({@code null} for NULL) */
  public byte[] toBytes() {
    throw new UnsupportedOperationException();
  }

  /** @return the bytes decoded as UTF-8 ({@code null} for NULL) */
  public String toStringUtf8() {
    throw new UnsupportedOperationException();
  }

  /**
   * @param charset the character set
   * @return the bytes decoded with {@code charset} ({@code null} for NULL)
   */
  public String toString(Charset charset) {
    throw new UnsupportedOperationException();
  }

  /** @return the value as a {@code long}; integral types only */
  public long toLong() {
    throw new UnsupportedOperationException();
  }

  /** @return the value as a {@code BigInteger}; integral types only */
  public BigInteger toBigInteger() {
    throw new UnsupportedOperationException();
  }

  /** @return the value as a {@code BigDecimal}; numeric types */
  public BigDecimal toBigDecimal() {
    throw new UnsupportedOperationException();
  }

  /** @return the value as a {@code double}; numeric types */
  public double toDouble() {
    throw new UnsupportedOperationException();
  }

  /** @return the value as a lossless Java object (see {@code ../shared/API.md} §3) */
  public Object toJava() {
    throw new UnsupportedOperationException();
  }
}
