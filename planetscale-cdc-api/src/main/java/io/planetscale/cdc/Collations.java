package io.planetscale.cdc;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * MySQL collation id (as in {@code query.Field.charset}) → Java {@link Charset}.
 *
 * <p>The lookup is an array index because it runs once per decoded text value. Collation id 63
 * ({@code binary}) is marked by {@link #isBinary(int)}; its {@link #charset(int)} is UTF-8, the same
 * fallback used for unknown ids and for MySQL character sets the JDK does not support (dec8, hp8,
 * swe7, armscii8, keybcs2, geostd8).
 */
final class Collations {
  /** The collation id of MySQL's {@code binary} character set. */
  static final int BINARY = 63;

  // MySQL 8.0.30+ uses ids up to 323; leave headroom for later releases.
  private static final Charset[] BY_ID = new Charset[1024];

  static {
    Charset latin1 = find("windows-1252"); // MySQL's latin1 is really cp1252
    Charset utf8 = StandardCharsets.UTF_8;
    Charset ucs2 = StandardCharsets.UTF_16BE; // ucs2 is a BMP-only subset of big-endian UTF-16
    Charset utf16 = StandardCharsets.UTF_16BE;
    Charset utf16le = StandardCharsets.UTF_16LE;
    Charset utf32 = find("UTF-32BE");
    Charset latin2 = find("ISO-8859-2");
    Charset cp1250 = find("windows-1250");
    Charset cp1251 = find("windows-1251");
    Charset cp1256 = find("windows-1256");
    Charset cp1257 = find("windows-1257");
    Charset latin7 = find("ISO-8859-13");
    Charset big5 = find("Big5");
    Charset sjis = find("Shift_JIS");
    Charset cp932 = find("windows-31j");
    Charset ujis = find("EUC-JP");
    Charset eucjpms = find("x-eucJP-Open");
    Charset euckr = find("EUC-KR");
    Charset gb2312 = find("GB2312");
    Charset gbk = find("GBK");
    Charset gb18030 = find("GB18030");
    Charset koi8r = find("KOI8-R");
    Charset koi8u = find("KOI8-U");
    Charset greek = find("ISO-8859-7");
    Charset hebrew = find("ISO-8859-8");
    Charset latin5 = find("ISO-8859-9");
    Charset cp850 = find("IBM850");
    Charset cp852 = find("IBM852");
    Charset cp866 = find("IBM866");
    Charset tis620 = find("TIS-620");
    Charset macce = find("x-MacCentralEurope");
    Charset macroman = find("x-MacRoman");
    Charset ascii = StandardCharsets.US_ASCII;

    set(big5, 1, 84);
    set(latin2, 2, 9, 21, 27, 77);
    set(cp850, 4, 80);
    set(latin1, 5, 8, 15, 31, 47, 48, 49, 94);
    set(koi8r, 7, 74);
    set(ascii, 11, 65);
    set(ujis, 12, 91);
    set(sjis, 13, 88);
    set(cp1251, 14, 23, 50, 51, 52);
    set(hebrew, 16, 71);
    set(tis620, 18, 89);
    set(euckr, 19, 85);
    set(latin7, 20, 41, 42, 79);
    set(koi8u, 22, 75);
    set(gb2312, 24, 86);
    set(greek, 25, 70);
    set(cp1250, 26, 34, 44, 66, 99);
    set(gbk, 28, 87);
    set(cp1257, 29, 58, 59);
    set(latin5, 30, 78);
    set(utf8, 33, 76, 83, 223);
    setRange(utf8, 192, 215); // utf8mb3 unicode collations
    set(ucs2, 35, 90, 159);
    setRange(ucs2, 128, 151);
    set(cp866, 36, 68);
    set(macce, 38, 43);
    set(macroman, 39, 53);
    set(cp852, 40, 81);
    set(utf8, 45, 46);
    setRange(utf8, 224, 247); // utf8mb4 unicode collations
    setRange(utf8, 255, 323); // utf8mb4 0900 collations (MySQL 8.0)
    set(utf16, 54, 55);
    setRange(utf16, 101, 124);
    set(utf16le, 56, 62);
    set(cp1256, 57, 67);
    set(utf32, 60, 61);
    setRange(utf32, 160, 183);
    set(cp932, 95, 96);
    set(eucjpms, 97, 98);
    set(gb18030, 248, 249, 250);
    set(utf8, BINARY); // decoding binary data as text falls back to UTF-8, as Go's string(bytes) does
  }

  private Collations() {}

  /**
   * @param collationId a MySQL collation id ({@code 0} = unknown)
   * @return the charset to decode text of that collation with; UTF-8 when unknown or unsupported
   */
  static Charset charset(int collationId) {
    if (collationId <= 0 || collationId >= BY_ID.length) {
      return StandardCharsets.UTF_8;
    }
    Charset c = BY_ID[collationId];
    return c == null ? StandardCharsets.UTF_8 : c;
  }

  /**
   * @param collationId a MySQL collation id
   * @return true for {@code binary} (63): the bytes are not text
   */
  static boolean isBinary(int collationId) {
    return collationId == BINARY;
  }

  private static void set(Charset charset, int... ids) {
    for (int id : ids) {
      BY_ID[id] = charset;
    }
  }

  private static void setRange(Charset charset, int first, int last) {
    for (int id = first; id <= last; id++) {
      BY_ID[id] = charset;
    }
  }

  // Extended charsets live in the optional jdk.charsets module; a trimmed runtime may lack them.
  private static Charset find(String name) {
    try {
      return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
