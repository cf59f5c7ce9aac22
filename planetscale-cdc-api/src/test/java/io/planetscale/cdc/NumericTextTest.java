package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The allocation-free number parsers give exactly what the JDK's parsers give: {@link NumericText}'s
 * float and DECIMAL fast paths, and {@link Base64Text}.
 */
class NumericTextTest {
  private final Random random = new Random(20261201);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@link NumericText#parseDouble} of {@code text} placed inside a larger array. */
  private static double parseDouble(String text) {
    byte[] inside = ascii("##" + text + "#");
    return NumericText.parseDouble(inside, 2, text.length());
  }

  private static BigDecimal parseDecimal(String text) {
    byte[] inside = ascii("##" + text + "#");
    return NumericText.parseDecimal(inside, 2, text.length());
  }

  private static double jdkDouble(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static BigDecimal jdkDecimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private List<String> floatTexts() {
    List<String> texts = new ArrayList<>(List.of("0", "-0", "0.0", "-0.0", "+1", "5.", ".5", "-.5", "1e3", "1E3",
        "1e+3", "1e-3", "1.5E+10", "3.1415927E+00", "0.1", "0.2", "0.3", "123456789012345", "1234567890123456",
        "9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "4.9e-324", "1.7976931348623157e308", "1e309",
        "0e5000", "00000000000000000000001.5", "1.0000000000000000000", "1e", "1e+", "e5", ".", "-", "+-1",
        "1.2.3", "1e5.5", "1e+-5", "--1", ""));
    for (int i = 0; i < 20_000; i++) {
      double d = switch (i % 4) {
        case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
        case 1 -> random.nextInt(1_000_000) / 100.0;
        case 2 -> Double.longBitsToDouble(random.nextLong());
        default -> random.nextGaussian() * 1e6;
      };
      if (!Double.isFinite(d)) {
        continue;
      }
      texts.add(Double.toString(d));
      texts.add(String.format(Locale.ROOT, "%." + random.nextInt(17) + "f", d));
      texts.add(String.format(Locale.ROOT, "%." + random.nextInt(17) + "E", d));
      texts.add(randomDigits());
    }
    return texts;
  }

  /** Digits with an optional sign, point and exponent, in random places (some not numbers). */
  private String randomDigits() {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(4) == 0) {
      sb.append(random.nextBoolean() ? '-' : '+');
    }
    int n = random.nextInt(22);
    int point = random.nextInt(n + 2) - 1;
    for (int k = 0; k < n; k++) {
      if (k == point) {
        sb.append('.');
      }
      sb.append((char) ('0' + random.nextInt(10)));
    }
    if (random.nextInt(3) == 0) {
      sb.append(random.nextBoolean() ? 'e' : 'E');
      if (random.nextBoolean()) {
        sb.append(random.nextBoolean() ? '-' : '+');
      }
      sb.append(random.nextInt(40));
    }
    return sb.toString();
  }

  @Test
  void parseDoubleEqualsDoubleParseDoubleBitForBit() {
    for (String text : floatTexts()) {
      double expected = jdkDouble(text);
      double actual = parseDouble(text);
      assertThat(Double.doubleToRawLongBits(actual)).as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.isNaN(expected) ? Double.NaN : expected));
    }
  }

  @Test
  void parseDecimalEqualsNewBigDecimalWithTheSameScale() {
    List<String> texts = new ArrayList<>(List.of("0", "-0", "-0.00", "+1.5", ".33", "-.77", "5.", "007.10", "1E+3",
        "1e-2", "123456789012345678", "1234567890123456789", "-999999999999999999.99", ".", "-", "+", "1.2.3", "1-",
        "abc", ""));
    for (int i = 0; i < 20_000; i++) {
      texts.add(randomDigits());
    }
    for (String text : texts) {
      BigDecimal expected = jdkDecimal(text);
      BigDecimal actual = text.isEmpty() ? NumericText.parseDecimal(new byte[0], 0, 0) : parseDecimal(text);
      assertThat(actual).as(text).isEqualTo(expected); // BigDecimal.equals compares the scale too
    }
  }

  @Test
  void base64TextEqualsTheJdkEncoderForEveryLengthAndOffset() {
    for (int length = 0; length < 70; length++) {
      byte[] bytes = new byte[length + 5];
      random.nextBytes(bytes);
      for (int offset = 0; offset < 4; offset++) {
        byte[] slice = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        assertThat(Base64Text.encode(bytes, offset, length)).as("length " + length + " offset " + offset)
            .isEqualTo(Base64.getEncoder().encodeToString(slice));
      }
    }
  }
}
