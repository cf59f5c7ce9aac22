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
   * Nothing is selected, so the catalog must be given a selection ({@link Catalog#selectOnly}, or
   * {@code selected: true} in its metadata) before it is synced; {@link #autoSelectAll()} selects
   * everything.
   *
   * @return the defaults
   */
  public static DiscoverSettings defaults() {
    return new DiscoverSettings(false, List.of(), true, false);
  }

  /**
   * The {@linkplain #defaults() defaults} with every table and column selected, so that a sync of the
   * catalog reads the whole database. To sync only some tables, discover with the defaults and choose
   * them with {@link Catalog#selectOnly}.
   *
   * @return the settings: auto-select on, incremental on, nothing excluded, tinyint(1) as integer
   */
  public static DiscoverSettings autoSelectAll() {
    return new DiscoverSettings(true, List.of(), true, false);
  }
}
