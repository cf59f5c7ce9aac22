package io.planetscale.cdc.postgres.internal.pgoutput;

/** Log sequence numbers (WAL positions) in PostgreSQL's text form, {@code 16/B374D848}. */
public final class Lsn {
  private Lsn() {}

  /**
   * Formats an LSN as PostgreSQL prints it.
   *
   * @param lsn the position
   * @return the upper and lower 32 bits in hexadecimal, separated by a slash
   */
  public static String format(long lsn) {
    return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
  }

  /**
   * Parses PostgreSQL's text form of an LSN.
   *
   * @param text for example {@code 0/16B3748}
   * @return the position
   * @throws IllegalArgumentException if the text is not an LSN
   */
  public static long parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("not an LSN (expected two hex numbers separated by '/'): " + text);
    }
    try {
      long high = Long.parseLong(text.substring(0, slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      if (high > 0xFFFFFFFFL || low > 0xFFFFFFFFL || high < 0 || low < 0) {
        throw new IllegalArgumentException("not an LSN (each half has at most 8 hex digits): " + text);
      }
      return high << 32 | low;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an LSN (expected two hex numbers separated by '/'): " + text, e);
    }
  }
}
