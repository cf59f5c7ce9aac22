package io.planetscale.cdc.kafka.connect;

import java.util.Locale;

/** What a shard without a stored offset does ({@code snapshot.mode}). */
enum SnapshotMode {
  /** Copy the tables, then stream changes (the default). */
  INITIAL,
  /** Stream changes from the current position; copy nothing. */
  NEVER,
  /** Like {@link #INITIAL}, and copy the shard again when its stored position can no longer be streamed. */
  WHEN_NEEDED;

  /** @return the config value, e.g. {@code when_needed} */
  String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @param value a config value, any case
   * @return the mode
   * @throws IllegalArgumentException listing the modes if the value is none of them
   */
  static SnapshotMode parse(String value) {
    if (value != null) {
      for (SnapshotMode m : values()) {
        if (m.configName().equals(value.strip().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("must be one of initial, never, when_needed; was \"" + value + "\"");
  }
}
