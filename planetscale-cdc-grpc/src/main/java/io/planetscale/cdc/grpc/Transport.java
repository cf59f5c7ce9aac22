package io.planetscale.cdc.grpc;

import io.planetscale.cdc.ConfigurationException;
import java.util.Locale;

/**
 * The protocol a {@link PlanetScaleClient} or {@link ChangeStream} reads changes with. Both read
 * one table on one shard per call and keep the same state, so a state written with one resumes
 * with the other.
 */
public enum Transport {
  /**
   * Vitess {@code vtgateservice.Vitess/VStream}: what PlanetScale's own connectors use. Its
   * positions follow their transaction's rows, so a sync stops exactly at the shard's current
   * position without waiting, and it reports schema changes.
   */
  VSTREAM("vstream"),
  /**
   * PlanetScale's {@code psdbconnect.v1alpha1.Connect/Sync}: the older protocol of the Singer tap.
   * A position may repeat over several responses, so a sync that reaches the shard's current
   * position waits a settle interval for more.
   */
  PSDBCONNECT("psdbconnect");

  private final String configName;

  Transport(String configName) {
    this.configName = configName;
  }

  /** @return the name configuration files use: {@code "vstream"} or {@code "psdbconnect"} */
  public String configName() {
    return configName;
  }

  /**
   * The transport a configuration value names, ignoring case.
   *
   * @param field the configuration field, for the error message
   * @param value {@code "vstream"} or {@code "psdbconnect"}
   * @return the transport
   * @throws ConfigurationException naming the field and the value if it is neither
   */
  public static Transport fromConfig(String field, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (Transport t : values()) {
        if (t.configName.equals(v)) {
          return t;
        }
      }
    }
    throw new ConfigurationException(field + ": unknown transport \"" + value + "\"; use \"vstream\" or \"psdbconnect\"");
  }
}
