package io.planetscale.cdc;

/** JSON of {@link State}. SKELETON — helper B implements. */
final class StateJson {
  private StateJson() {}

  static State read(String json) {
    throw new UnsupportedOperationException();
  }

  static String write(State state) {
    throw new UnsupportedOperationException();
  }
}
