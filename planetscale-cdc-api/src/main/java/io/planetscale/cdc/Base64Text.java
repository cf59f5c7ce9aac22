package io.planetscale.cdc;

import java.nio.charset.StandardCharsets;

/**
 * Standard Base64 (RFC 4648, with padding, no line breaks) of a slice of an array, straight into
 * a String: {@link java.util.Base64.Encoder} encodes only whole arrays or buffers, which would cost
 * a copy of the slice or two buffer objects per value.
 */
final class Base64Text {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);

  private Base64Text() {}

  /**
   * @param b the bytes
   * @param off where the slice starts
   * @param len its length
   * @return the slice's Base64 text, equal to {@code Base64.getEncoder().encodeToString(slice)}
   */
  static String encode(byte[] b, int off, int len) {
    byte[] out = new byte[(len + 2) / 3 * 4];
    int o = 0;
    int i = off;
    int whole = off + len / 3 * 3;
    while (i < whole) {
      int bits = (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
      out[o] = ALPHABET[bits >>> 18];
      out[o + 1] = ALPHABET[bits >>> 12 & 0x3F];
      out[o + 2] = ALPHABET[bits >>> 6 & 0x3F];
      out[o + 3] = ALPHABET[bits & 0x3F];
      i += 3;
      o += 4;
    }
    int rest = off + len - i;
    if (rest > 0) {
      int bits = (b[i] & 0xFF) << 16 | (rest == 2 ? (b[i + 1] & 0xFF) << 8 : 0);
      out[o] = ALPHABET[bits >>> 18];
      out[o + 1] = ALPHABET[bits >>> 12 & 0x3F];
      out[o + 2] = rest == 2 ? ALPHABET[bits >>> 6 & 0x3F] : (byte) '=';
      out[o + 3] = '=';
    }
    return new String(out, StandardCharsets.ISO_8859_1);
  }
}
