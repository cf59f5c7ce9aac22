package io.planetscale.cdc.examples.stream;

import io.planetscale.cdc.examples.cli.CliException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a duration argument: one or more number-and-unit parts ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 2h}, {@code 1m30s}), a bare number of seconds, or ISO-8601 ({@code PT5M}).
 */
final class DurationArg {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private DurationArg() {}

  /**
   * @param flag the flag, for messages
   * @param text the argument
   * @return the duration, positive
   * @throws CliException if it is not a positive duration
   */
  static Duration parse(String flag, String text) {
    String t = text.trim().toLowerCase();
    Duration d;
    try {
      if (t.startsWith("p")) {
        d = Duration.parse(t.toUpperCase());
      } else if (t.matches("\\d+")) {
        d = Duration.ofSeconds(Long.parseLong(t));
      } else {
        d = parts(t);
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      d = null;
    }
    if (d == null || d.isZero() || d.isNegative()) {
      throw new CliException(flag + " must be a positive duration such as 30s, 5m, 1h or 1m30s, was \"" + text + "\"");
    }
    return d;
  }

  private static Duration parts(String t) {
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms": total = total.plusMillis(n); break;
        case "s": total = total.plusSeconds(n); break;
        case "m": total = total.plusMinutes(n); break;
        default: total = total.plusHours(n); break;
      }
      end = m.end();
    }
    return end == t.length() && end > 0 ? total : null;
  }
}
