package io.planetscale.cdc;

import java.util.Locale;

/** The kind of tablet to read from. Numbering matches psdbconnect's {@code TabletType}. */
public enum TabletType {
  /** A replica tablet (psdbconnect {@code replica = 0}). */
  REPLICA(0),
  /** The primary tablet (psdbconnect {@code primary = 1}). */
  PRIMARY(1),
  /** A batch / read-only ("rdonly") tablet (psdbconnect {@code batch = read_only = 2}). */
  BATCH(2);

  private final int wireValue;

  TabletType(int wireValue) {
    this.wireValue = wireValue;
  }

  /** @return the psdbconnect {@code TabletType} enum number */
  public int wireValue() {
    return wireValue;
  }

  /**
   * The Go {@code TabletTypeToString}: {@code "replica"} for {@link #REPLICA}, {@code "primary"}
   * for everything else (batch included), as used in the MySQL database suffix {@code db@primary}.
   *
   * @return {@code "replica"} or {@code "primary"}
   */
  public String toGoString() {
    return this == REPLICA ? "replica" : "primary";
  }

  /**
   * Parses a tablet type name, case-insensitively: {@code replica}, {@code primary},
   * {@code batch}, {@code rdonly} and {@code read_only} (the last two are {@link #BATCH}).
   *
   * @param name the name
   * @return the tablet type
   * @throws ConfigurationException if the name is not a tablet type
   */
  public static TabletType parse(String name) {
    if (name != null) {
      switch (name.trim().toLowerCase(Locale.ROOT)) {
        case "replica":
          return REPLICA;
        case "primary":
        case "master":
          return PRIMARY;
        case "batch":
        case "rdonly":
        case "read_only":
          return BATCH;
        default:
          break;
      }
    }
    throw new ConfigurationException("tablet type must be one of replica, primary, rdonly, batch or read_only, was \""
        + name + "\"");
  }

  /**
   * Finds the tablet type for a psdbconnect wire value.
   *
   * @param wireValue 0, 1 or 2
   * @return the tablet type
   * @throws IllegalArgumentException for any other number
   */
  public static TabletType fromWireValue(int wireValue) {
    for (TabletType t : values()) {
      if (t.wireValue == wireValue) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown psdbconnect tablet type " + wireValue);
  }

  /** @return the upper-case name {@code show vitess_tablets} uses: PRIMARY, REPLICA or RDONLY */
  String vitessTabletTypeName() {
    return this == BATCH ? "RDONLY" : name();
  }
}
