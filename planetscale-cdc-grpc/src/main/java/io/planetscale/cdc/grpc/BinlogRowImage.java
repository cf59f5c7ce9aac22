package io.planetscale.cdc.grpc;

import io.planetscale.cdc.ConfigurationException;
import java.util.Locale;

/**
 * The MySQL {@code binlog_row_image} the database's servers write, as the reader is told it. VStream
 * marks a column the server did not log with length -1, the same as NULL; in an update's new image a
 * {@code data_columns} bitmap tells the two apart, but previous images (of updates and deletes) carry
 * no bitmap. Declaring the setting lets the SDK read such a column as absent
 * ({@link io.planetscale.cdc.Record#absentBeforeColumns()}) rather than invent a NULL. It only matters
 * for the VSTREAM transport: psdbconnect sends complete rows and ignores it.
 */
public enum BinlogRowImage {
  /**
   * Every column in every image, PlanetScale's default: a length of -1 is always NULL. With partial
   * new images all the same (a bitmap), every -1 of the previous image is taken as absent.
   */
  FULL("full"),
  /**
   * Every column except BLOB and TEXT ones the change does not need: previous images of updates and
   * deletes lack them, an update's new image lacks those that did not change. In a previous image, a
   * BLOB, TEXT or JSON column with length -1 is absent (JSON is blob-backed; counting it absent can
   * at worst report a NULL as absent, never the reverse); any other column's -1 is NULL.
   */
  NOBLOB("noblob"),
  /**
   * Only what identifies and changes a row: previous images hold the primary key, an update's new
   * image the changed columns. Every -1 of a previous image is absent (key columns are always logged).
   */
  MINIMAL("minimal");

  private final String configName;

  BinlogRowImage(String configName) {
    this.configName = configName;
  }

  /** @return the name configuration files use: {@code "full"}, {@code "noblob"} or {@code "minimal"} */
  public String configName() {
    return configName;
  }

  /**
   * The setting a configuration value names, ignoring case and surrounding blanks.
   *
   * @param field the configuration field, for the error message
   * @param value {@code "full"}, {@code "noblob"} or {@code "minimal"}
   * @return the setting
   * @throws ConfigurationException naming the field and the value if it is none of them
   */
  public static BinlogRowImage fromConfig(String field, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (BinlogRowImage i : values()) {
        if (i.configName.equals(v)) {
          return i;
        }
      }
    }
    throw new ConfigurationException(field + ": unknown binlog row image \"" + value
        + "\"; use \"full\", \"noblob\" or \"minimal\"");
  }
}
