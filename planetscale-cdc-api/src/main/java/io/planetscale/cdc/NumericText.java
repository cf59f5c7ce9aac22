package io.planetscale.cdc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Parses the ASCII number texts MySQL and Vitess send (integers, DECIMAL, both float spellings) and
 * BIT's big-endian bytes, straight from a row's byte array so the common case allocates no String.
 */
final class NumericText {
  private NumericText() {}

  /**
   * Parses {@code [+-]?[0-9]+}.
   *
   * @return a {@code Long} when the value fits, else a {@code BigInteger}; {@code null} when the
   *     text is not an integer
   */
  static Number parseInteger(byte[] b, int off, int len) {
    if (len <= 0) {
      return null;
    }
    int i = off;
    int end = off + len;
    boolean negative = b[i] == '-';
    if (negative || b[i] == '+') {
      if (++i == end) {
        return null;
      }
    }
    // Accumulate negatively, like Long.parseLong, so Long.MIN_VALUE parses without overflow.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplyMin = limit / 10;
    long acc = 0;
    for (; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return null;
      }
      if (acc < multiplyMin || acc * 10 < limit + digit) {
        return bigInteger(b, off, len, i + 1, end);
      }
      acc = acc * 10 - digit;
    }
    return negative ? acc : -acc;
  }

  // Called on overflow: the digits from 'next' on are still unchecked.
  private static BigInteger bigInteger(byte[] b, int off, int len, int next, int end) {
    for (int i = next; i < end; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return null;
      }
    }
    return new BigInteger(ascii(b, off, len));
  }

  /**
   * Parses an exact decimal number ({@code 1.50}, {@code .33}, {@code -.77}, {@code 1E+3}).
   *
   * @return the number, or {@code null} when the text is not a decimal number
   */
  static BigDecimal parseDecimal(byte[] b, int off, int len) {
    if (len <= 0) {
      return null;
    }
    BigDecimal plain = plainDecimal(b, off, len);
    if (plain != null) {
      return plain;
    }
    try {
      return new BigDecimal(ascii(b, off, len));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The common DECIMAL text, {@code [+-]?digits[.digits]} with at most 18 digits, without a String:
   * the same unscaled value and scale {@code new BigDecimal(text)} gives. Null for anything else
   * (an exponent, more digits, not a number), which the general parser decides.
   */
  private static BigDecimal plainDecimal(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = b[i] == '-';
    if (negative || b[i] == '+') {
      i++;
    }
    long unscaled = 0;
    int digits = 0;
    int scale = 0;
    boolean point = false;
    for (; i < end; i++) {
      int c = b[i];
      if (c >= '0' && c <= '9') {
        if (++digits > 18) {
          return null; // may not fit in a long: the general parser
        }
        unscaled = unscaled * 10 + (c - '0');
        if (point) {
          scale++;
        }
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return null;
      }
    }
    if (digits == 0) {
      return null;
    }
    return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
  }

  /**
   * Parses a MySQL or Vitess float text: {@code 3.14}, {@code 1e20}, {@code 3.1415927E+00}.
   * Java-only spellings ({@code NaN}, {@code Infinity}, a {@code d}/{@code f} suffix, whitespace)
   * are rejected.
   *
   * @return the value, or {@code NaN} when the text is not a float (callers treat NaN as an error)
   */
  static double parseDouble(byte[] b, int off, int len) {
    if (len <= 0) {
      return Double.NaN;
    }
    double exact = exactDouble(b, off, len); // its grammar admits only the characters allowed below
    if (!Double.isNaN(exact)) {
      return exact;
    }
    for (int i = off, end = off + len; i < end; i++) {
      byte c = b[i];
      boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!allowed) {
        return Double.NaN;
      }
    }
    try {
      return Double.parseDouble(ascii(b, off, len));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Powers of ten that a double holds exactly. */
  private static final double[] EXACT_POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    1e19, 1e20, 1e21, 1e22
  };

  /**
   * The common float text, {@code [+-]?digits[.digits][(e|E)[+-]?digits]}, when its digits (leading
   * zeros aside) form an integer below 2^53 and its decimal exponent is within ±22: then both the
   * integer and the power of ten are exact doubles and one multiplication or division rounds
   * correctly, giving exactly what {@link Double#parseDouble} gives. NaN for anything else, which
   * the general parser decides.
   */
  private static double exactDouble(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = b[i] == '-';
    if (negative || b[i] == '+') {
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean point = false;
    boolean any = false;
    for (; i < end; i++) {
      int c = b[i];
      if (c >= '0' && c <= '9') {
        any = true;
        if (mantissa != 0 || c != '0') {
          if (++digits > 15) {
            return Double.NaN; // 15 digits stay below 2^53
          }
        }
        mantissa = mantissa * 10 + (c - '0');
        if (point) {
          fractionDigits++;
        }
      } else if (c == '.' && !point) {
        point = true;
      } else {
        break;
      }
    }
    if (!any) {
      return Double.NaN;
    }
    int exponent = 0;
    if (i < end) {
      if (b[i] != 'e' && b[i] != 'E' || ++i == end) {
        return Double.NaN;
      }
      boolean negativeExponent = b[i] == '-';
      if (negativeExponent || b[i] == '+') {
        if (++i == end) {
          return Double.NaN;
        }
      }
      for (; i < end; i++) {
        int c = b[i];
        if (c < '0' || c > '9' || exponent > 1000) {
          return Double.NaN;
        }
        exponent = exponent * 10 + (c - '0');
      }
      if (negativeExponent) {
        exponent = -exponent;
      }
    }
    int power = exponent - fractionDigits;
    double value;
    if (mantissa == 0) {
      value = 0;
    } else if (power >= 0 && power < EXACT_POWERS_OF_TEN.length) {
      value = mantissa * EXACT_POWERS_OF_TEN[power];
    } else if (power < 0 && -power < EXACT_POWERS_OF_TEN.length) {
      value = mantissa / EXACT_POWERS_OF_TEN[-power];
    } else {
      return Double.NaN;
    }
    return negative ? -value : value;
  }

  /**
   * Reads BIT's bytes as an unsigned big-endian integer.
   *
   * @return a {@code Long} when it fits in a signed long, else a {@code BigInteger}
   */
  static Number unsignedBigEndian(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && b[i] == 0) {
      i++;
    }
    int significant = end - i;
    if (significant > 8 || (significant == 8 && b[i] < 0)) {
      return new BigInteger(1, b, i, significant);
    }
    long acc = 0;
    for (; i < end; i++) {
      acc = (acc << 8) | (b[i] & 0xFF);
    }
    return acc;
  }

  /** Decodes ASCII text; ISO-8859-1 maps each byte to one char, the cheapest String construction. */
  static String ascii(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }
}
