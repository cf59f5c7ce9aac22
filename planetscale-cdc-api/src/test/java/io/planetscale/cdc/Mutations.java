package io.planetscale.cdc;

import java.util.Random;

/**
 * Random damage to valid inputs, the way files get damaged or hand-edited: changed, inserted and
 * deleted characters or bytes, truncation, duplicated fragments, and pathological inserts (deep
 * nesting, huge numbers, lone surrogates, control characters).
 */
final class Mutations {
  /** Characters that matter to the parsers: JSON syntax, GTID syntax, Base64, and odd ones. */
  private static final String INTERESTING = "{}[]\":,\\/-+.=0123456789eEaAfFzZ \t\n\r\u0000\u00e9\u2028\ud800\udfff";

  /** Fragments that stress number, string, nesting and GTID handling. */
  private static final String[] FRAGMENTS = {
    "null", "true", "false", "[]", "{}", "\"\"", "-", "0", "-0", "1e99999999999", "1E-2147483649",
    "123456789012345678901234567890", "9223372036854775808", "-1", "0.5", "NaN", "\\u0000", "\\ud800", "\\",
    "\"x\":", ",,", "::", "MySQL56/", "MariaDB/0-1-2", "e4e20f06-e28f-11ec-8d20-8e7ac09cb64c", ":1-0",
    ":0", ":18446744073709551616", "====", "\ufeff",
  };

  private Mutations() {}

  /**
   * @param random the source of randomness
   * @param valid a valid input
   * @return the input with one to three random mutations
   */
  static String mutate(Random random, String valid) {
    String s = valid;
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      s = mutateOnce(random, s);
    }
    return s;
  }

  private static String mutateOnce(Random random, String s) {
    int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
    int len = s.isEmpty() ? 0 : random.nextInt(Math.min(16, s.length()) + 1);
    int end = Math.min(s.length(), at + len);
    switch (random.nextInt(8)) {
      case 0: // replace a character
        return at < s.length() ? s.substring(0, at) + interesting(random) + s.substring(at + 1) : s + interesting(random);
      case 1: // insert a character
        return s.substring(0, at) + interesting(random) + s.substring(at);
      case 2: // delete a range
        return s.substring(0, at) + s.substring(end);
      case 3: // truncate
        return s.substring(0, at);
      case 4: { // duplicate a fragment elsewhere
        String fragment = s.substring(at, end);
        int to = random.nextInt(s.length() + 1);
        return s.substring(0, to) + fragment + s.substring(to);
      }
      case 5: // insert a pathological fragment
        return s.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + s.substring(at);
      case 6: { // deep nesting
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        int depth = random.nextBoolean() ? 10_000 : 1 + random.nextInt(1_100);
        String nested = open.repeat(depth) + (random.nextBoolean() ? "1" + (open.equals("[") ? "]" : "}").repeat(depth) : "");
        return s.substring(0, at) + nested + s.substring(at);
      }
      default: // replace a range by random characters
        StringBuilder b = new StringBuilder(s.substring(0, at));
        for (int i = 0; i < len; i++) {
          b.append(interesting(random));
        }
        return b.append(s.substring(end)).toString();
    }
  }

  private static char interesting(Random random) {
    return random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : INTERESTING.charAt(random.nextInt(INTERESTING.length()));
  }

  /**
   * @param random the source of randomness
   * @param valid valid bytes
   * @return the bytes with one to three random mutations
   */
  static byte[] mutate(Random random, byte[] valid) {
    byte[] b = valid;
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      b = mutateOnce(random, b);
    }
    return b;
  }

  private static byte[] mutateOnce(Random random, byte[] b) {
    int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
    int len = b.length == 0 ? 0 : random.nextInt(Math.min(8, b.length) + 1);
    int end = Math.min(b.length, at + len);
    switch (random.nextInt(6)) {
      case 0: { // flip bits
        if (at == b.length) {
          return concat(b, new byte[] {(byte) random.nextInt(256)});
        }
        byte[] c = b.clone();
        c[at] ^= (byte) (1 << random.nextInt(8));
        return c;
      }
      case 1: { // insert random bytes (often a varint that claims a huge length)
        byte[] extra = new byte[1 + random.nextInt(5)];
        random.nextBytes(extra);
        if (random.nextBoolean()) {
          extra = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f};
        }
        return concat(concat(slice(b, 0, at), extra), slice(b, at, b.length));
      }
      case 2: // delete a range
        return concat(slice(b, 0, at), slice(b, end, b.length));
      case 3: // truncate
        return slice(b, 0, at);
      case 4: { // duplicate a fragment elsewhere
        byte[] fragment = slice(b, at, end);
        int to = random.nextInt(b.length + 1);
        return concat(concat(slice(b, 0, to), fragment), slice(b, to, b.length));
      }
      default: { // overwrite with a random byte
        if (at == b.length) {
          return b;
        }
        byte[] c = b.clone();
        c[at] = (byte) random.nextInt(256);
        return c;
      }
    }
  }

  private static byte[] slice(byte[] b, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(b, from, out, 0, out.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
