package io.planetscale.cdc.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DerWriterTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void encodesObjectIdentifiersWithMultiByteArcs() {
    // ecdsa-with-SHA256, the textbook example (840 and 10045 need two and three bytes).
    assertThat(hex(DerWriter.oid("1.2.840.10045.4.3.2"))).isEqualTo("06082a8648ce3d040302");
    assertThat(hex(DerWriter.oid("2.5.29.17"))).isEqualTo("0603551d11");
    assertThatThrownBy(() -> DerWriter.oid("1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DerWriter.oid("1.40")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodesIntegersMinimallyWithASignByteWhenTheHighBitIsSet() {
    assertThat(hex(DerWriter.integer(0))).isEqualTo("020100");
    assertThat(hex(DerWriter.integer(2))).isEqualTo("020102");
    assertThat(hex(DerWriter.integer(127))).isEqualTo("02017f");
    assertThat(hex(DerWriter.integer(128))).isEqualTo("02020080");
    assertThat(hex(DerWriter.integer(new BigInteger("ff00", 16)))).isEqualTo("020300ff00");
  }

  @Test
  void usesShortAndLongLengthForms() {
    assertThat(hex(DerWriter.octetString(new byte[127]))).startsWith("047f");
    assertThat(hex(DerWriter.octetString(new byte[128]))).startsWith("048180");
    assertThat(hex(DerWriter.octetString(new byte[255]))).startsWith("0481ff");
    assertThat(hex(DerWriter.octetString(new byte[256]))).startsWith("04820100");
    assertThat(DerWriter.octetString(new byte[70_000])).hasSize(70_000 + 5);
  }

  @Test
  void encodesStringsBooleansBitStringsAndContainers() {
    assertThat(hex(DerWriter.utf8String("hé"))).isEqualTo("0c0368c3a9");
    assertThat(hex(DerWriter.bool(true))).isEqualTo("0101ff");
    assertThat(hex(DerWriter.bool(false))).isEqualTo("010100");
    assertThat(hex(DerWriter.bitString(new byte[] {(byte) 0xAB}))).isEqualTo("030200ab");
    assertThat(hex(DerWriter.sequence())).isEqualTo("3000");
    assertThat(hex(DerWriter.set(DerWriter.integer(1)))).isEqualTo("3103020101");
    assertThat(hex(DerWriter.sequence(DerWriter.integer(1), DerWriter.bool(true)))).isEqualTo("30060201010101ff");
  }

  @Test
  void encodesContextTags() {
    assertThat(hex(DerWriter.explicit(0, DerWriter.integer(2)))).isEqualTo("a003020102");
    assertThat(hex(DerWriter.explicit(3, DerWriter.sequence()))).isEqualTo("a3023000");
    assertThat(hex(DerWriter.implicit(7, new byte[] {127, 0, 0, 1}))).isEqualTo("87047f000001");
    assertThatThrownBy(() -> DerWriter.implicit(31, new byte[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void picksUtcTimeBefore2050AndGeneralizedTimeFrom2050() {
    assertThat(new String(DerWriter.time(Instant.parse("2025-03-04T05:06:07.890Z")), 2, 13, US_ASCII))
        .isEqualTo("250304050607Z");
    assertThat(DerWriter.time(Instant.parse("2025-03-04T05:06:07Z"))[0]).isEqualTo((byte) 0x17);
    byte[] generalized = DerWriter.time(Instant.parse("2050-01-01T00:00:00Z"));
    assertThat(generalized[0]).isEqualTo((byte) 0x18);
    assertThat(new String(generalized, 2, 15, US_ASCII)).isEqualTo("20500101000000Z");
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }
}
