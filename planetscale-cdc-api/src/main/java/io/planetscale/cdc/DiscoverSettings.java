package io.planetscale.cdc;

import java.util.List;
import java.util.Objects;

/**
 * How {@link PlanetScaleCdc#discover} builds the catalog.
 *
 * @param autoSelectTables mark every table and column {@code selected: true}
 * @param excludedTables tables to leave out, by exact name (surrounding spaces ignored)
 * @param useIncrementalSync set {@code replication-method: INCREMENTAL} on every table
 * @param treatTinyIntAsBoolean describe {@code tinyint(1)} columns as {@code boolean}
 */
public record DiscoverSettings(
    boolean autoSelectTables,
    List<String> excludedTables,
    boolean useIncrementalSync,
    boolean treatTinyIntAsBoolean) {

  /**
   * Makes the list unmodifiable.
   *
   * @param autoSelectTables mark every table and column {@code selected: true}
   * @param excludedTables tables to leave out, by exact name (surrounding spaces ignored)
   * @param useIncrementalSync set {@code replication-method: INCREMENTAL} on every table
   * @param treatTinyIntAsBoolean describe {@code tinyint(1)} columns as {@code boolean}
   */
  public DiscoverSettings {
    excludedTables = List.copyOf(Objects.requireNonNull(excludedTables, "excludedTables"));
  }

  /**
   * The singer-tap defaults: incremental on, nothing auto-selected or excluded, tinyint(1) as integer.
   *
   * @return the defaults
   */
  public static DiscoverSettings defaults() {
    return new DiscoverSettings(false, List.of(), true, false);
  }
}
