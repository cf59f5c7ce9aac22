package io.planetscale.cdc;

/** JSON of {@link PlanetScaleSource}. SKELETON — helper B implements. */
final class SourceJson {
  private SourceJson() {}

  static PlanetScaleSource read(String json) {
    throw new UnsupportedOperationException();
  }

  static String write(PlanetScaleSource source) {
    throw new UnsupportedOperationException();
  }
}
