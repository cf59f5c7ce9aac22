package io.planetscale.cdc.postgres;

/**
 * Rewrites an interval's text in the default {@code postgres} IntervalStyle ({@code 1 year 2 mons -3 days
 * +04:05:06.7}) to ISO 8601 exactly as the server's {@code iso_8601} style prints it ({@code P1Y2M-3DT4H5M6.7S}),
 * so that intervals are ISO whatever the session's style, with no session setting needed. Text already in ISO
 * form is kept; the rarely used {@code sql_standard} and {@code postgres_verbose} styles are kept as they are.
 */
final class PgIntervalText {
  private PgIntervalText() {}

  static String toIso(String text) {
    if (text.isEmpty() || text.charAt(0) == 'P') {
      return text;
    }
    long years = 0;
    long months = 0;
    long days = 0;
    String time = null;
    int pos = 0;
    int length = text.length();
    while (pos < length) {
      int end = spaceOrEnd(text, pos);
      int colon = text.indexOf(':', pos);
      if (colon >= 0 && colon < end) {
        if (end != length) {
          return text; // the time comes last
        }
        time = text.substring(pos);
        break;
      }
      if (end == length) {
        return text; // a number without a unit: not the postgres style
      }
      int unitEnd = spaceOrEnd(text, end + 1);
      long value;
      try {
        value = Long.parseLong(text, pos, end, 10);
      } catch (NumberFormatException e) {
        return text;
      }
      switch (text.substring(end + 1, unitEnd)) {
        case "year", "years" -> years = value;
        case "mon", "mons" -> months = value;
        case "day", "days" -> days = value;
        default -> {
          return text;
        }
      }
      pos = unitEnd + 1;
    }
    StringBuilder out = new StringBuilder(text.length()).append('P');
    part(out, years, 'Y');
    part(out, months, 'M');
    part(out, days, 'D');
    if (time != null && !appendTime(out, time)) {
      return text;
    }
    return out.length() == 1 ? "PT0S" : out.toString();
  }

  private static int spaceOrEnd(String text, int from) {
    int space = text.indexOf(' ', from);
    return space < 0 ? text.length() : space;
  }

  private static void part(StringBuilder out, long value, char unit) {
    if (value != 0) {
      out.append(value).append(unit);
    }
  }

  /** Appends {@code T…H…M…S} for {@code [+-]H+:MM:SS[.f]}; false if the text is not such a time. */
  private static boolean appendTime(StringBuilder out, String time) {
    int pos = 0;
    boolean negative = false;
    if (time.charAt(0) == '-' || time.charAt(0) == '+') {
      negative = time.charAt(0) == '-';
      pos = 1;
    }
    int colon = time.indexOf(':', pos);
    int colon2 = colon < 0 ? -1 : time.indexOf(':', colon + 1);
    if (colon < 0 || colon2 != colon + 3) {
      return false;
    }
    long hours;
    int minutes;
    int seconds;
    try {
      hours = Long.parseLong(time, pos, colon, 10);
      minutes = Integer.parseInt(time, colon + 1, colon2, 10);
      seconds = Integer.parseInt(time, colon2 + 1, Math.min(colon2 + 3, time.length()), 10);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return false;
    }
    String fraction = "";
    if (time.length() > colon2 + 3) {
      if (time.charAt(colon2 + 3) != '.') {
        return false;
      }
      int last = time.length();
      while (last > colon2 + 4 && time.charAt(last - 1) == '0') {
        last--;
      }
      fraction = time.substring(colon2 + 4, last);
      if (fraction.equals("0")) {
        fraction = "";
      }
    }
    if (hours == 0 && minutes == 0 && seconds == 0 && fraction.isEmpty()) {
      return true;
    }
    String sign = negative ? "-" : "";
    out.append('T');
    if (hours != 0) {
      out.append(sign).append(hours).append('H');
    }
    if (minutes != 0) {
      out.append(sign).append(minutes).append('M');
    }
    if (seconds != 0 || !fraction.isEmpty()) {
      out.append(sign).append(seconds);
      if (!fraction.isEmpty()) {
        out.append('.').append(fraction);
      }
      out.append('S');
    }
    return true;
  }
}
