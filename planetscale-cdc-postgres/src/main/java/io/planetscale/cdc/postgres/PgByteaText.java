package io.planetscale.cdc.postgres;

/** Decodes bytea's text output: hex ({@code \x0a0b}, the default) or the legacy escape format. */
final class PgByteaText {
  private PgByteaText() {}

  static byte[] decode(String text) {
    if (text.length() >= 2 && text.charAt(0) == '\\' && text.charAt(1) == 'x') {
      return hex(text);
    }
    return escaped(text);
  }

  private static byte[] hex(String text) {
    int digits = text.length() - 2;
    if ((digits & 1) != 0) {
      throw new IllegalArgumentException("odd number of hex digits in bytea");
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0, p = 2; i < out.length; i++, p += 2) {
      out[i] = (byte) (nibble(text.charAt(p)) << 4 | nibble(text.charAt(p + 1)));
    }
    return out;
  }

  private static int nibble(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("bad hex digit '" + c + "' in bytea");
  }

  /** bytea_output = escape: printable bytes as themselves, {@code \\} for a backslash, {@code \nnn} octal. */
  private static byte[] escaped(String text) {
    byte[] out = new byte[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c != '\\') {
        if (c > 0xff) {
          throw new IllegalArgumentException("non-byte character in escaped bytea");
        }
        out[n++] = (byte) c;
        i++;
      } else if (i + 1 < text.length() && text.charAt(i + 1) == '\\') {
        out[n++] = '\\';
        i += 2;
      } else if (i + 3 < text.length() && octal(text, i + 1)) {
        out[n++] = (byte) ((text.charAt(i + 1) - '0') << 6 | (text.charAt(i + 2) - '0') << 3
            | (text.charAt(i + 3) - '0'));
        i += 4;
      } else {
        throw new IllegalArgumentException("bad escape in bytea");
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static boolean octal(String text, int from) {
    for (int i = from; i < from + 3; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7') {
        return false;
      }
    }
    return true;
  }
}
