package io.planetscale.cdc.postgres;

import java.time.LocalDateTime;

/**
 * Rewrites PostgreSQL's ISO (DateStyle ISO, which PgJDBC requires) date/time output to the SDK's forms,
 * keeping the server's fraction digits: timestamps become {@code YYYY-MM-DDTHH:MM:SS[.ffffff]Z} (timestamptz
 * shifted to UTC from whatever TimeZone the session had; timestamp taken as UTC, as the Vitess side does
 * DATETIME), offsets become {@code ±HH:MM}. ±infinity and BC values have no such form and become null.
 */
final class PgTemporalText {
  private PgTemporalText() {}

  static String date(String text) {
    return special(text) ? null : text;
  }

  static String timestamp(String text) {
    if (special(text)) {
      return null;
    }
    int space = text.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a timestamp (no space between date and time)");
    }
    return text.substring(0, space) + 'T' + text.substring(space + 1) + 'Z';
  }

  static String timestampWithZone(String text) {
    if (special(text)) {
      return null;
    }
    int space = text.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a timestamptz (no space between date and time)");
    }
    int zone = zoneStart(text, space + 1);
    int offset = offsetSeconds(text, zone);
    int firstDash = text.indexOf('-');
    int year = Integer.parseInt(text, 0, firstDash, 10);
    int month = twoDigits(text, firstDash + 1);
    int day = twoDigits(text, firstDash + 4);
    int t = space + 1;
    int hour = twoDigits(text, t);
    int minute = twoDigits(text, t + 3);
    int second = twoDigits(text, t + 6);
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second); // checks the fields
    if (offset == 0) {
      // Already in UTC (the usual session time zone): only the separators change, no calendar arithmetic.
      return new StringBuilder(zone + 2).append(text, 0, space).append('T').append(text, space + 1, zone)
          .append('Z').toString();
    }
    LocalDateTime utc = local.minusSeconds(offset);
    String fraction = text.substring(t + 8, zone); // "" or ".ffffff"
    StringBuilder out = new StringBuilder(text.length() + 2);
    int y = utc.getYear();
    if (y < 1000) {
      out.append(y < 10 ? "000" : y < 100 ? "00" : "0");
    }
    out.append(y).append('-');
    pad(out, utc.getMonthValue()).append('-');
    pad(out, utc.getDayOfMonth()).append('T');
    pad(out, utc.getHour()).append(':');
    pad(out, utc.getMinute()).append(':');
    pad(out, utc.getSecond());
    return out.append(fraction).append('Z').toString();
  }

  static String timeWithZone(String text) {
    int zone = zoneStart(text, 0);
    int seconds = offsetSeconds(text, zone);
    int abs = Math.abs(seconds);
    StringBuilder out = new StringBuilder(text.length() + 3).append(text, 0, zone).append(seconds < 0 ? '-' : '+');
    pad(out, abs / 3600).append(':');
    pad(out, abs / 60 % 60);
    if (abs % 60 != 0) {
      pad(out.append(':'), abs % 60);
    }
    return out.toString();
  }

  /** ±infinity, or a BC date (the ISO style appends " BC"). */
  private static boolean special(String text) {
    char c = text.charAt(0);
    return c == 'i' || c == '-' && text.length() > 1 && text.charAt(1) == 'i' || text.endsWith(" BC");
  }

  /** The index of the offset's sign, searching from the time's start. */
  private static int zoneStart(String text, int timeStart) {
    for (int i = timeStart; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+' || c == '-') {
        return i;
      }
    }
    throw new IllegalArgumentException("no UTC offset");
  }

  /** ±HH[:MM[:SS]] from {@code at} to the end, in seconds east of UTC. */
  private static int offsetSeconds(String text, int at) {
    int sign = text.charAt(at) == '-' ? -1 : 1;
    int length = text.length() - at - 1;
    if (length != 2 && length != 5 && length != 8) {
      throw new IllegalArgumentException("bad UTC offset");
    }
    int seconds = twoDigits(text, at + 1) * 3600;
    if (length >= 5) {
      seconds += twoDigits(text, at + 4) * 60;
    }
    if (length == 8) {
      seconds += twoDigits(text, at + 7);
    }
    return sign * seconds;
  }

  private static int twoDigits(String text, int at) {
    char a = text.charAt(at);
    char b = text.charAt(at + 1);
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      throw new IllegalArgumentException("expected two digits at " + at);
    }
    return (a - '0') * 10 + (b - '0');
  }

  private static StringBuilder pad(StringBuilder out, int value) {
    if (value < 10) {
      out.append('0');
    }
    return out.append(value);
  }
}
