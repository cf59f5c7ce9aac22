package io.planetscale.cdc.testkit;

import io.planetscale.cdc.VitessType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * Turns the Java value a test passes for a column into the bytes MySQL's text protocol would send
 * for it, which is what Vitess puts in a row: decimal digits for numbers, {@code YYYY-MM-DD
 * hh:mm:ss[.ffffff]} for date-times (fraction digits = the column's precision), raw bytes for
 * binary types (BINARY(n) right-padded with zero bytes), big-endian bytes for BIT(n), four digits
 * for YEAR, DECIMAL with exactly the column's scale. Integers outside the column type's range,
 * decimals that need rounding or more digits than the column has, and values wider than BIT(n)
 * are rejected.
 */
final class CellEncoder {
  private final String column;
  private final VitessType type;
  private final int length; // (n) of the column type: fsp, BINARY/BIT width, DECIMAL precision; -1 if none
  private final int scale; // DECIMAL scale (0 if not given); -1 for other types

  CellEncoder(String column, VitessType type, String columnType) {
    this.column = column;
    this.type = type;
    int open = columnType.indexOf('(');
    int close = columnType.indexOf(')', open + 1);
    int n = -1;
    int s = -1;
    if (open >= 0 && close > open && type != VitessType.ENUM && type != VitessType.SET) {
      String[] args = columnType.substring(open + 1, close).split(",");
      n = parseOr(args[0], -1);
      if (args.length > 1) {
        s = parseOr(args[1], -1);
      }
    }
    this.length = n;
    // DECIMAL and DECIMAL(M) are DECIMAL(10,0) and DECIMAL(M,0) in MySQL.
    this.scale = type == VitessType.DECIMAL && s < 0 ? 0 : s;
  }

  byte[] encode(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[]) {
      return pad(((byte[]) value).clone());
    }
    try {
      return encodeObject(value);
    } catch (ArithmeticException | NumberFormatException e) {
      throw reject(value, e.getMessage());
    }
  }

  private byte[] encodeObject(Object value) {
    switch (type) {
      case INT8: case UINT8: case INT16: case UINT16: case INT24: case UINT24: case INT32: case UINT32:
      case INT64: case UINT64:
        return ascii(inRange(value, integer(value)).toString());
      case YEAR:
        int year = integer(value).intValueExact();
        if (year != 0 && (year < 1901 || year > 2155)) {
          throw reject(value, "a YEAR is 1901 to 2155, or 0");
        }
        return ascii(String.format("%04d", year)); // MySQL prints the zero year as 0000
      case FLOAT32: case FLOAT64:
        if (value instanceof Number) {
          return ascii(type == VitessType.FLOAT32 ? Float.toString(((Number) value).floatValue())
              : Double.toString(((Number) value).doubleValue()));
        }
        String text = value.toString().trim();
        Double.parseDouble(text); // validates; the test's own spelling is kept
        return ascii(text);
      case DECIMAL:
        BigDecimal d = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString().trim());
        BigDecimal scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
        int precision = length > 0 ? length : 10;
        if (scaled.precision() - scaled.scale() > precision - scale) {
          throw reject(value, "out of range for decimal(" + precision + "," + scale + ")");
        }
        return ascii(scaled.toPlainString());
      case DATE:
        return ascii(value instanceof LocalDate ? value.toString() : text(value));
      case DATETIME: case TIMESTAMP:
        return ascii(dateTime(value));
      case TIME:
        return ascii(time(value));
      case BIT:
        return bit(value);
      default:
        return pad(text(value).getBytes(StandardCharsets.UTF_8));
    }
  }

  private BigInteger integer(Object value) {
    if (value instanceof Boolean) {
      return ((Boolean) value) ? BigInteger.ONE : BigInteger.ZERO;
    }
    if (value instanceof Year) {
      return BigInteger.valueOf(((Year) value).getValue());
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toBigIntegerExact();
    }
    if (value instanceof Double || value instanceof Float) {
      return new BigDecimal(value.toString()).toBigIntegerExact();
    }
    return new BigInteger(value.toString().trim());
  }

  /** Rejects an integer outside the column type's range, as MySQL's strict mode does. */
  private BigInteger inRange(Object value, BigInteger v) {
    int bits;
    switch (type) {
      case INT8: case UINT8: bits = 8; break;
      case INT16: case UINT16: bits = 16; break;
      case INT24: case UINT24: bits = 24; break;
      case INT32: case UINT32: bits = 32; break;
      default: bits = 64; break;
    }
    BigInteger min = type.isUnsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
    BigInteger max = type.isUnsigned() ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw reject(value, "out of range " + min + " to " + max);
    }
    return v;
  }

  private String dateTime(Object value) {
    LocalDateTime t;
    if (value instanceof LocalDateTime) {
      t = (LocalDateTime) value;
    } else if (value instanceof Instant) {
      t = LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
    } else if (value instanceof OffsetDateTime) {
      t = ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (value instanceof ZonedDateTime) {
      t = ((ZonedDateTime) value).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    } else if (value instanceof LocalDate) {
      t = ((LocalDate) value).atStartOfDay();
    } else {
      return text(value); // already MySQL text, e.g. "0000-00-00 00:00:00"
    }
    StringBuilder sb = new StringBuilder(26);
    sb.append(t.toLocalDate()).append(' ');
    two(sb, t.getHour()).append(':');
    two(sb, t.getMinute()).append(':');
    two(sb, t.getSecond());
    return fraction(sb, t.getNano()).toString();
  }

  private String time(Object value) {
    if (value instanceof LocalTime) {
      LocalTime t = (LocalTime) value;
      return time(Duration.ofNanos(t.toNanoOfDay()));
    }
    if (!(value instanceof Duration)) {
      return text(value);
    }
    Duration d = (Duration) value;
    StringBuilder sb = new StringBuilder();
    if (d.isNegative()) {
      sb.append('-');
      d = d.negated();
    }
    two(sb, (int) d.toHours()).append(':');
    two(sb, d.toMinutesPart()).append(':');
    two(sb, d.toSecondsPart());
    return fraction(sb, d.toNanosPart()).toString();
  }

  private StringBuilder fraction(StringBuilder sb, int nanos) {
    if (length > 0) {
      String digits = String.format("%09d", nanos).substring(0, Math.min(9, length));
      sb.append('.').append(digits);
    }
    return sb;
  }

  private byte[] bit(Object value) {
    int width = Math.max(length, 1);
    int bytes = (width + 7) / 8;
    BigInteger v = value instanceof Boolean ? (((Boolean) value) ? BigInteger.ONE : BigInteger.ZERO) : integer(value);
    if (v.signum() < 0 || v.bitLength() > width) {
      throw reject(value, "does not fit in bit(" + width + ")");
    }
    byte[] raw = v.toByteArray();
    byte[] out = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
    return out;
  }

  private byte[] pad(byte[] bytes) {
    if (type == VitessType.BINARY && length > bytes.length) {
      return Arrays.copyOf(bytes, length); // MySQL right-pads BINARY(n) with zero bytes
    }
    return bytes;
  }

  private static StringBuilder two(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }

  private static String text(Object value) {
    return value.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private IllegalArgumentException reject(Object value, String why) {
    return new IllegalArgumentException("column \"" + column + "\" (" + type + ") cannot hold " + value
        + (why == null ? "" : ": " + why));
  }

  private static int parseOr(String s, int fallback) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
