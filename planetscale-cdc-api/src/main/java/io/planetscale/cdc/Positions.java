package io.planetscale.cdc;

/** Position comparisons the engine uses. SKELETON — helper C implements. */
final class Positions {
  private Positions() {}

  /**
   * True if {@code current} has reached {@code stop}: as GTID sets, {@code current} contains
   * {@code stop}; if either does not parse, plain string equality.
   */
  static boolean reached(String current, String stop) {
    return current.equals(stop);
  }
}
