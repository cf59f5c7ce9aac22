package io.planetscale.cdc.kafka.connect;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import org.apache.kafka.connect.errors.DataException;

/**
 * Converts a column's Java value, as the SDK delivers it ({@code Long}, {@code BigInteger},
 * {@code BigDecimal}, {@code Double}, {@code Boolean}, {@code String}: see
 * {@link io.planetscale.cdc.Values#convert}), to the Connect value its {@link ColumnSpec} asks for,
 * exactly or not at all: a value that does not fit is a {@link DataException} naming table, column,
 * the value's type and the value.
 *
 * <p>Choices:
 * <ul>
 *   <li>Zero and partial-zero dates ({@code 0000-00-00}, {@code 2024-01-00}), which MySQL stores and
 *       Connect cannot hold, become null in optional columns (the SDK already gives null for zero
 *       DATETIME/TIMESTAMP values); in a NOT NULL key column they are an error.
 *   <li>DATETIME and TIMESTAMP keep milliseconds ({@code Timestamp}); finer fractions are cut.
 *   <li>TIME uses Connect's {@code Time}, which holds one day: values from {@code 00:00:00} to
 *       {@code 23:59:59.999} convert, negative values and values of 24 hours or more (MySQL allows
 *       ±838:59:59) are an error naming the column, rather than being wrapped or dropped.
 *   <li>Binary values arrive as Base64 text and are decoded; BIT(n) numbers become ⌈n/8⌉ bytes,
 *       least significant byte first, as Debezium's {@code io.debezium.data.Bits}.
 * </ul>
 */
final class ConnectValues {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private ConnectValues() {}

  /**
   * Converts one value; {@code null} stays {@code null} (the caller checks optionality).
   *
   * @param table the table, for errors
   * @param spec the column
   * @param value the SDK's value
   * @return the Connect value
   * @throws DataException when the value does not fit the column's Connect type
   */
  static Object convert(String table, ColumnSpec spec, Object value) {
    if (value == null) {
      return null;
    }
    try {
      switch (spec.kind()) {
        case INT8: return (byte) integer(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
        case INT16: return (short) integer(value, Short.MIN_VALUE, Short.MAX_VALUE);
        case INT32: return (int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        case INT64: return integer(value, Long.MIN_VALUE, Long.MAX_VALUE);
        case DECIMAL: return decimal(value, spec.scale());
        case BOOLEAN: return bool(value);
        case FLOAT32: return (float) number(value).doubleValue();
        case FLOAT64: return number(value).doubleValue();
        case DATE: return orZeroDate(spec, date(text(value)));
        case TIMESTAMP: return orZeroDate(spec, timestamp(text(value)));
        case TIME: return time(text(value));
        case BYTES: return Base64.getDecoder().decode(text(value));
        case BITS: return bits(value, spec.bits());
        default: return text(value);
      }
    } catch (Unfit | IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new DataException("table \"" + table + "\" column \"" + spec.name() + "\": cannot convert "
          + value.getClass().getSimpleName() + " value " + shortText(value) + " to Connect " + spec.kind()
          + (spec.kind() == ColumnKind.DECIMAL ? "(scale " + spec.scale() + ")" : "") + ": " + e.getMessage());
    }
  }

  /** A value that is not zero-date-null yet cannot be represented: carries the reason only. */
  private static final class Unfit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unfit(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The marker {@link #date} returns for a zero date, which {@link #orZeroDate} turns into null or an error. */
  private static final Object ZERO_DATE = new Object();

  private static Object orZeroDate(ColumnSpec spec, Object converted) {
    if (converted != ZERO_DATE) {
      return converted;
    }
    if (spec.optional()) {
      return null;
    }
    throw new Unfit("a zero date cannot be a value of a NOT NULL key column");
  }

  private static long integer(Object value, long min, long max) {
    long l;
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      l = ((Number) value).longValue();
    } else if (value instanceof BigInteger) {
      l = ((BigInteger) value).longValueExact();
    } else if (value instanceof Boolean) {
      l = (Boolean) value ? 1 : 0;
    } else {
      throw new Unfit("not an integer");
    }
    if (l < min || l > max) {
      throw new Unfit("out of range [" + min + ", " + max + "]");
    }
    return l;
  }

  private static BigDecimal decimal(Object value, int scale) {
    BigDecimal d;
    if (value instanceof BigDecimal) {
      d = (BigDecimal) value;
    } else if (value instanceof BigInteger) {
      d = new BigDecimal((BigInteger) value);
    } else if (value instanceof Long || value instanceof Integer) {
      d = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof String) {
      d = new BigDecimal((String) value);
    } else {
      throw new Unfit("not a decimal number");
    }
    return d.setScale(scale, RoundingMode.UNNECESSARY); // throws when digits would be lost
  }

  private static Boolean bool(Object value) {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Long || value instanceof Integer) {
      long l = ((Number) value).longValue();
      if (l == 0 || l == 1) {
        return l == 1;
      }
    }
    throw new Unfit("not a boolean (0 or 1)");
  }

  private static Number number(Object value) {
    if (value instanceof Double || value instanceof Float || value instanceof Long || value instanceof Integer
        || value instanceof BigDecimal || value instanceof BigInteger) {
      return (Number) value;
    }
    throw new Unfit("not a number");
  }

  private static String text(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    throw new Unfit("not a string");
  }

  /** {@code YYYY-MM-DD} (or a date-time starting with one) → midnight UTC; a zero date → {@link #ZERO_DATE}. */
  private static Object date(String s) {
    if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      throw new Unfit("not a date (YYYY-MM-DD)");
    }
    int year = Integer.parseInt(s, 0, 4, 10);
    int month = Integer.parseInt(s, 5, 7, 10);
    int day = Integer.parseInt(s, 8, 10, 10);
    if (year == 0 || month == 0 || day == 0) {
      return ZERO_DATE;
    }
    return new java.util.Date(LocalDate.of(year, month, day).toEpochDay() * MILLIS_PER_DAY);
  }

  /** RFC 3339 UTC text as the SDK writes it, or MySQL's {@code YYYY-MM-DD HH:MM:SS[.f]} taken as UTC. */
  private static Object timestamp(String s) {
    if (s.startsWith("0000-") || s.contains("-00")) {
      if (date(s) == ZERO_DATE) {
        return ZERO_DATE;
      }
    }
    if (s.endsWith("Z")) {
      return new java.util.Date(Instant.parse(s).toEpochMilli());
    }
    String iso = s.length() > 10 ? s.replace(' ', 'T') : s + "T00:00:00";
    return new java.util.Date(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  /** {@code [-]HHH:MM:SS[.ffffff]} within one day → milliseconds past midnight. */
  private static java.util.Date time(String s) {
    boolean negative = s.startsWith("-");
    int start = negative ? 1 : 0;
    int c1 = s.indexOf(':', start);
    int c2 = c1 < 0 ? -1 : s.indexOf(':', c1 + 1);
    if (c1 < 0 || c2 < 0) {
      throw new Unfit("not a time ([-]HHH:MM:SS[.f])");
    }
    long hours = Long.parseLong(s.substring(start, c1));
    long minutes = Long.parseLong(s.substring(c1 + 1, c2));
    int dot = s.indexOf('.', c2 + 1);
    long seconds = Long.parseLong(s.substring(c2 + 1, dot < 0 ? s.length() : dot));
    long millis = 0;
    if (dot >= 0) {
      String fraction = (s.substring(dot + 1) + "000").substring(0, 3);
      millis = Long.parseLong(fraction);
    }
    long total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
    if (negative && total != 0 || total >= MILLIS_PER_DAY) {
      throw new Unfit("outside Connect Time's range 00:00:00 to 23:59:59.999 (MySQL TIME spans -838:59:59 to"
          + " 838:59:59)");
    }
    return new java.util.Date(total);
  }

  /** A BIT value (number, Boolean for bit(1), or Base64 text) → ⌈bits/8⌉ bytes, least significant first. */
  private static byte[] bits(Object value, int bits) {
    int size = Math.max(1, (bits + 7) / 8);
    BigInteger n;
    if (value instanceof Boolean) {
      n = (Boolean) value ? BigInteger.ONE : BigInteger.ZERO;
    } else if (value instanceof Long || value instanceof Integer) {
      n = BigInteger.valueOf(((Number) value).longValue());
    } else if (value instanceof BigInteger) {
      n = (BigInteger) value;
    } else if (value instanceof String) {
      n = new BigInteger(1, Base64.getDecoder().decode((String) value));
    } else {
      throw new Unfit("not a bit value");
    }
    if (n.signum() < 0 || n.bitLength() > size * 8) {
      throw new Unfit("does not fit in " + bits + " bits");
    }
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = n.shiftRight(8 * i).byteValue();
    }
    return out;
  }

  private static String shortText(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
