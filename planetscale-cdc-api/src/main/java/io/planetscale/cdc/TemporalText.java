package io.planetscale.cdc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Parses MySQL's DATE, DATETIME, TIMESTAMP and TIME texts straight from a row's bytes. Shared by
 * {@link Value#toJava()} and the date-time conversion of {@link Values#convert}, so both accept
 * exactly the same spellings.
 *
 * <p>Date-times are {@code YYYY-MM-DD}, or {@code YYYY-MM-DD HH:MM:SS} optionally followed by
 * {@code .} or {@code ,} and 1 to 9 fraction digits (Go's {@code time.Parse} accepts both
 * separators). TIME is {@code [-]H..H:MM:SS[.f..f]} with up to 3 hour digits ({@code -838:59:59}).
 */
final class TemporalText {
  /** {@link #scanDateTime} result: the text is not a date-time at all. */
  static final int BAD_SYNTAX = -1;

  /** {@link #scanDateTime} result: well formed, but not a calendar date ({@code 0000-00-00}, {@code 2024-01-00}, {@code 2023-02-30}). */
  static final int NOT_A_DATE = -2;

  private static final int DATE_LENGTH = 10; // YYYY-MM-DD
  private static final int DATE_TIME_LENGTH = 19; // YYYY-MM-DD HH:MM:SS
  private static final int MAX_FRACTION_DIGITS = 9;

  private TemporalText() {}

  /**
   * Checks a date or date-time text.
   *
   * @return the number of fraction digits (0 when there are none, or for a bare date), or
   *     {@link #BAD_SYNTAX} or {@link #NOT_A_DATE}
   */
  static int scanDateTime(byte[] b, int off, int len) {
    if (len != DATE_LENGTH && len < DATE_TIME_LENGTH) {
      return BAD_SYNTAX;
    }
    // Each two- or four-digit group is checked and read at once; -1 when it is not all digits.
    int century = twoDigits(b, off);
    int yearOfCentury = twoDigits(b, off + 2);
    int month = twoDigits(b, off + 5);
    int day = twoDigits(b, off + 8);
    if ((century | yearOfCentury | month | day) < 0 || b[off + 4] != '-' || b[off + 7] != '-') {
      return BAD_SYNTAX;
    }
    int year = century * 100 + yearOfCentury;
    int fractionDigits = 0;
    if (len > DATE_LENGTH) {
      int hour = twoDigits(b, off + 11);
      int minute = twoDigits(b, off + 14);
      int second = twoDigits(b, off + 17);
      if (b[off + 10] != ' ' || (hour | minute | second) < 0 || b[off + 13] != ':' || b[off + 16] != ':') {
        return BAD_SYNTAX;
      }
      if (len > DATE_TIME_LENGTH) {
        byte separator = b[off + 19];
        fractionDigits = len - DATE_TIME_LENGTH - 1;
        if ((separator != '.' && separator != ',') || fractionDigits < 1 || fractionDigits > MAX_FRACTION_DIGITS
            || !digits(b, off + 20, fractionDigits)) {
          return BAD_SYNTAX;
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        return BAD_SYNTAX;
      }
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      return NOT_A_DATE;
    }
    return fractionDigits;
  }

  /** The number of two ASCII digits at {@code off}, or -1 if either is not a digit. */
  private static int twoDigits(byte[] b, int off) {
    int tens = b[off] - '0';
    int ones = b[off + 1] - '0';
    // Negative exactly when a digit is below 0 or above 9.
    return (tens | ones | 9 - tens | 9 - ones) < 0 ? -1 : tens * 10 + ones;
  }

  /**
   * Formats a date or date-time as RFC 3339 in UTC, keeping the source's fraction digits:
   * {@code 2023-03-23 14:28:21.592111} → {@code 2023-03-23T14:28:21.592111Z}, {@code 2024-01-15} →
   * {@code 2024-01-15T00:00:00Z}.
   *
   * @return the text, or {@code null} for a zero, invalid or unparsable date
   */
  static String toRfc3339Utc(byte[] b, int off, int len) {
    if (scanDateTime(b, off, len) < 0) {
      return null;
    }
    byte[] out;
    if (len == DATE_LENGTH) {
      out = new byte[DATE_TIME_LENGTH + 1];
      System.arraycopy(b, off, out, 0, DATE_LENGTH);
      byte[] midnight = {'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
      System.arraycopy(midnight, 0, out, DATE_LENGTH, midnight.length);
    } else {
      out = new byte[len + 1];
      System.arraycopy(b, off, out, 0, len);
      out[10] = 'T';
      if (len > DATE_TIME_LENGTH) {
        out[19] = '.'; // normalise Go's ',' separator
      }
      out[len] = 'Z';
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /**
   * @return the date of a {@code YYYY-MM-DD} text, or {@code null} for a zero or invalid date
   * @throws IllegalArgumentException if the text is not {@code YYYY-MM-DD}
   */
  static LocalDate toLocalDate(byte[] b, int off, int len) {
    int scan = len == DATE_LENGTH ? scanDateTime(b, off, len) : BAD_SYNTAX;
    if (scan == BAD_SYNTAX) {
      throw new IllegalArgumentException("not a DATE (YYYY-MM-DD)");
    }
    return scan == NOT_A_DATE ? null : LocalDate.of(number(b, off, 4), number(b, off + 5, 2), number(b, off + 8, 2));
  }

  /**
   * @return the date-time of a date or date-time text (a bare date is midnight), or {@code null}
   *     for a zero or invalid date
   * @throws IllegalArgumentException if the text is not a date-time
   */
  static LocalDateTime toLocalDateTime(byte[] b, int off, int len) {
    int fractionDigits = scanDateTime(b, off, len);
    if (fractionDigits == BAD_SYNTAX) {
      throw new IllegalArgumentException("not a date-time (YYYY-MM-DD HH:MM:SS[.ffffff])");
    }
    if (fractionDigits == NOT_A_DATE) {
      return null;
    }
    LocalDateTime midnight = LocalDateTime.of(number(b, off, 4), number(b, off + 5, 2), number(b, off + 8, 2), 0, 0);
    if (len == DATE_LENGTH) {
      return midnight;
    }
    return midnight.withHour(number(b, off + 11, 2)).withMinute(number(b, off + 14, 2))
        .withSecond(number(b, off + 17, 2)).withNano(nanos(b, off + 20, fractionDigits));
  }

  /**
   * Parses a TIME, which is a signed duration rather than a time of day.
   *
   * @return the duration, e.g. {@code -838:59:59} → minus 838 h 59 min 59 s
   * @throws IllegalArgumentException if the text is not a TIME
   */
  static Duration toDuration(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    boolean negative = i < end && b[i] == '-';
    if (negative) {
      i++;
    }
    int hoursStart = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    int hourDigits = i - hoursStart;
    // H:MM:SS needs 6 more bytes after the hours: ":MM:SS".
    if (hourDigits < 1 || hourDigits > 3 || end - i < 6 || b[i] != ':' || !digits(b, i + 1, 2) || b[i + 3] != ':'
        || !digits(b, i + 4, 2)) {
      throw new IllegalArgumentException("not a TIME ([-]HHH:MM:SS[.ffffff])");
    }
    int hours = number(b, hoursStart, hourDigits);
    int minutes = number(b, i + 1, 2);
    int seconds = number(b, i + 4, 2);
    int fractionDigits = end - (i + 7);
    if (minutes > 59 || seconds > 59 || (end > i + 6 && (b[i + 6] != '.' || fractionDigits < 1
        || fractionDigits > MAX_FRACTION_DIGITS || !digits(b, i + 7, fractionDigits)))) {
      throw new IllegalArgumentException("not a TIME ([-]HHH:MM:SS[.ffffff])");
    }
    int nanos = end > i + 6 ? nanos(b, i + 7, fractionDigits) : 0;
    Duration d = Duration.ofSeconds(hours * 3600L + minutes * 60L + seconds, nanos);
    return negative ? d.negated() : d;
  }

  private static int nanos(byte[] b, int off, int fractionDigits) {
    int n = number(b, off, fractionDigits);
    for (int i = fractionDigits; i < MAX_FRACTION_DIGITS; i++) {
      n *= 10;
    }
    return n;
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  private static boolean digits(byte[] b, int off, int count) {
    for (int i = off; i < off + count; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  private static int number(byte[] b, int off, int count) {
    int n = 0;
    for (int i = off; i < off + count; i++) {
      n = n * 10 + (b[i] - '0');
    }
    return n;
  }
}
