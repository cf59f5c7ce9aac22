package io.planetscale.cdc.testkit;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings an X.509 certificate needs. Each method returns one complete
 * tag-length-value element, so a structure is written by nesting calls:
 * {@code sequence(oid("2.5.4.3"), utf8String("localhost"))}.
 *
 * <p>Exists so the testkit can mint TLS certificates without BouncyCastle or JDK-internal
 * {@code sun.security.x509} classes.
 */
final class DerWriter {
  private static final int TAG_BOOLEAN = 0x01;
  private static final int TAG_INTEGER = 0x02;
  private static final int TAG_BIT_STRING = 0x03;
  private static final int TAG_OCTET_STRING = 0x04;
  private static final int TAG_OID = 0x06;
  private static final int TAG_UTF8_STRING = 0x0C;
  private static final int TAG_UTC_TIME = 0x17;
  private static final int TAG_GENERALIZED_TIME = 0x18;
  private static final int TAG_SEQUENCE = 0x30;
  private static final int TAG_SET = 0x31;
  private static final int CONTEXT_PRIMITIVE = 0x80;
  private static final int CONTEXT_CONSTRUCTED = 0xA0;

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private DerWriter() {}

  /**
   * A SEQUENCE of already-encoded elements.
   *
   * @param elements the encoded members, in order
   * @return the encoded SEQUENCE
   */
  static byte[] sequence(byte[]... elements) {
    return element(TAG_SEQUENCE, concat(elements));
  }

  /**
   * A SET of already-encoded elements. DER wants SET OF members sorted; every caller here passes a
   * single member, so the order given is kept.
   *
   * @param elements the encoded members
   * @return the encoded SET
   */
  static byte[] set(byte[]... elements) {
    return element(TAG_SET, concat(elements));
  }

  /**
   * An INTEGER in minimal two's complement form.
   *
   * @param value the value
   * @return the encoded INTEGER
   */
  static byte[] integer(BigInteger value) {
    // BigInteger.toByteArray is already minimal two's complement, sign byte included when needed.
    return element(TAG_INTEGER, value.toByteArray());
  }

  /**
   * An INTEGER in minimal two's complement form.
   *
   * @param value the value
   * @return the encoded INTEGER
   */
  static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  /**
   * A BOOLEAN; DER requires {@code 0xFF} for true.
   *
   * @param value the value
   * @return the encoded BOOLEAN
   */
  static byte[] bool(boolean value) {
    return element(TAG_BOOLEAN, new byte[] {value ? (byte) 0xFF : 0x00});
  }

  /**
   * An OBJECT IDENTIFIER from its dotted form.
   *
   * @param dotted for example {@code "1.2.840.10045.4.3.2"}
   * @return the encoded OID
   * @throws IllegalArgumentException if the OID has fewer than two arcs or a bad first arc
   */
  static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("OID needs at least two arcs: " + dotted);
    }
    long first = Long.parseLong(parts[0]);
    long second = Long.parseLong(parts[1]);
    if (first > 2 || (first < 2 && second > 39)) {
      throw new IllegalArgumentException("invalid OID: " + dotted);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeBase128(body, first * 40 + second); // the first two arcs share one subidentifier
    for (int i = 2; i < parts.length; i++) {
      writeBase128(body, Long.parseLong(parts[i]));
    }
    return element(TAG_OID, body.toByteArray());
  }

  /**
   * A UTF8String.
   *
   * @param value the text
   * @return the encoded string
   */
  static byte[] utf8String(String value) {
    return element(TAG_UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A certificate time: UTCTime for years 1950 through 2049 and GeneralizedTime otherwise, as
   * RFC 5280 section 4.1.2.5 requires. Fractions of a second are dropped.
   *
   * @param instant the time
   * @return the encoded time
   */
  static byte[] time(Instant instant) {
    ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
    int year = utc.getYear();
    if (year >= 1950 && year <= 2049) {
      return element(TAG_UTC_TIME, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
    }
    return element(TAG_GENERALIZED_TIME, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A BIT STRING of whole bytes (zero unused bits), the form keys and signatures take.
   *
   * @param bytes the bits
   * @return the encoded BIT STRING
   */
  static byte[] bitString(byte[] bytes) {
    byte[] body = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, body, 1, bytes.length); // body[0] = 0 unused bits
    return element(TAG_BIT_STRING, body);
  }

  /**
   * An OCTET STRING.
   *
   * @param bytes the content
   * @return the encoded OCTET STRING
   */
  static byte[] octetString(byte[] bytes) {
    return element(TAG_OCTET_STRING, bytes);
  }

  /**
   * An EXPLICIT context-specific tag {@code [n]} wrapping one complete element.
   *
   * @param tagNumber the tag number, 0 to 30
   * @param encoded the wrapped element
   * @return the encoded tagged element
   */
  static byte[] explicit(int tagNumber, byte[] encoded) {
    return element(CONTEXT_CONSTRUCTED | checkTagNumber(tagNumber), encoded);
  }

  /**
   * An IMPLICIT context-specific tag {@code [n]} on a primitive value, such as a GeneralName's
   * {@code dNSName [2]} or {@code iPAddress [7]}.
   *
   * @param tagNumber the tag number, 0 to 30
   * @param content the value's content octets (without its own tag and length)
   * @return the encoded tagged element
   */
  static byte[] implicit(int tagNumber, byte[] content) {
    return element(CONTEXT_PRIMITIVE | checkTagNumber(tagNumber), content);
  }

  /**
   * One tag-length-value element with a single-byte tag.
   *
   * @param tag the tag byte
   * @param content the content octets
   * @return the element
   */
  static byte[] element(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    writeLength(out, content.length);
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length); // short form
      return;
    }
    // Long form: 0x80 | number of length bytes, then the length big-endian without leading zeros.
    int byteCount = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
    out.write(0x80 | byteCount);
    for (int shift = (byteCount - 1) * 8; shift >= 0; shift -= 8) {
      out.write(length >>> shift);
    }
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative OID arc: " + value);
    }
    int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int group = (int) ((value >>> (7 * i)) & 0x7F);
      out.write(i == 0 ? group : group | 0x80); // high bit marks "more groups follow"
    }
  }

  private static int checkTagNumber(int tagNumber) {
    if (tagNumber < 0 || tagNumber > 30) {
      throw new IllegalArgumentException("tag number out of single-byte range: " + tagNumber);
    }
    return tagNumber;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
