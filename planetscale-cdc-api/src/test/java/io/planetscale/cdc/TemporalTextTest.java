package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link TemporalText#scanDateTime} against a plain reading of its rules, on valid texts and random damage to them. */
class TemporalTextTest {
  private static final Pattern DATE_TIME =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?: (\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?)?");
  private static final byte[] DAMAGE = "0123456789 -:.,aZ/\u0000".getBytes(StandardCharsets.ISO_8859_1);

  /** The rules of {@link TemporalText#scanDateTime}'s Javadoc, read the slow way. */
  private static int expected(String text) {
    Matcher m = DATE_TIME.matcher(text);
    if (!m.matches()) {
      return TemporalText.BAD_SYNTAX;
    }
    if (m.group(4) != null && (Integer.parseInt(m.group(4)) > 23 || Integer.parseInt(m.group(5)) > 59
        || Integer.parseInt(m.group(6)) > 59)) {
      return TemporalText.BAD_SYNTAX;
    }
    try {
      LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return TemporalText.NOT_A_DATE;
    }
    return m.group(7) == null ? 0 : m.group(7).length();
  }

  private static int scan(String text) {
    byte[] inside = ("##" + text + "#").getBytes(StandardCharsets.ISO_8859_1);
    return TemporalText.scanDateTime(inside, 2, text.length());
  }

  @Test
  void scanFollowsTheRulesOnValidAndDamagedTexts() {
    Random random = new Random(7);
    List<String> texts = new ArrayList<>(List.of("2024-01-15", "2024-01-15 10:11:12", "2024-01-15 10:11:12.123456",
        "2024-01-15 10:11:12,5", "2024-02-29 23:59:59.999999999", "2023-02-29 00:00:00", "0000-00-00 00:00:00",
        "0000-00-00", "2024-01-00", "9999-12-31 23:59:59", "2024-01-15 24:00:00", "2024-01-15 10:60:00",
        "2024-01-15 10:11:60", "2024-01-15 10:11:12.", "2024-01-15 10:11:12.1234567890", "2024-01-15T10:11:12",
        "2024-1-15", "+024-01-15", "2024-01-15 10:11:12 ", "2024/01/15", ""));
    for (int i = 0; i < 30_000; i++) {
      String valid = String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", random.nextInt(10_000), random.nextInt(14),
          random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61), random.nextInt(1_000_000));
      String cut = valid.substring(0, List.of(10, 19, 21, 26).get(random.nextInt(4)));
      byte[] damaged = cut.getBytes(StandardCharsets.ISO_8859_1);
      if (random.nextBoolean()) {
        damaged[random.nextInt(damaged.length)] = DAMAGE[random.nextInt(DAMAGE.length)];
      }
      texts.add(new String(damaged, StandardCharsets.ISO_8859_1));
    }
    for (String text : texts) {
      assertThat(scan(text)).as(text).isEqualTo(expected(text));
    }
  }

  @Test
  void rfc3339KeepsTheFractionAndNormalisesTheSeparator() {
    byte[] b = "x2024-01-15 10:11:12,5y".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(TemporalText.toRfc3339Utc(b, 1, 21)).isEqualTo("2024-01-15T10:11:12.5Z");
    byte[] date = "2024-01-15".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(TemporalText.toRfc3339Utc(date, 0, 10)).isEqualTo("2024-01-15T00:00:00Z");
    assertThat(TemporalText.toRfc3339Utc("2024-02-30".getBytes(StandardCharsets.ISO_8859_1), 0, 10)).isNull();
  }
}
