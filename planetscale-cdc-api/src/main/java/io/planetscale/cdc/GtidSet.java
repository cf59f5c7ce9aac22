package io.planetscale.cdc;

/** A MySQL 5.6+ GTID set. SKELETON — helper C implements. */
public final class GtidSet {
  private GtidSet() {}
}
