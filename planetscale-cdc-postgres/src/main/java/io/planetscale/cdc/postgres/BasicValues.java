package io.planetscale.cdc.postgres;

import java.math.BigDecimal;

/**
 * The conversion used until discovery's type mapping is wired in: integers to {@link Long}, booleans to
 * {@link Boolean}, floating point to {@link Double}, numeric to {@link BigDecimal}, everything else kept as
 * its text.
 */
final class BasicValues implements ValueConverter {
  static final BasicValues INSTANCE = new BasicValues();

  private BasicValues() {}

  @Override
  public Object convert(long typeOid, String text) {
    switch ((int) typeOid) {
      case 20, 21, 23, 26:
        return Long.parseLong(text);
      case 16:
        return "t".equals(text);
      case 700, 701:
        return Double.parseDouble(text);
      case 1700:
        return "NaN".equals(text) ? text : new BigDecimal(text);
      default:
        return text;
    }
  }
}
