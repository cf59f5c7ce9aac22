package io.planetscale.cdc.spi;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import java.util.List;
import java.util.Objects;

/**
 * What {@link EdgeDatabase#read} reads and where it delivers it.
 *
 * @param source the connection settings
 * @param table the stream (table) to read
 * @param lastKnownPosition the cursor to start from; its shard is the shard read
 * @param columns the columns to request, in order
 * @param onResult receives rows
 * @param onCursor receives cursors
 * @param tabletType the tablet type to read from
 * @param cells the cells to read from (empty for the server's choice)
 * @param options timing, content and retry settings; {@code null} to use the edge database's own defaults
 */
public record ReadParams(
    PlanetScaleSource source,
    Stream table,
    TableCursor lastKnownPosition,
    List<String> columns,
    OnResult onResult,
    OnCursor onCursor,
    TabletType tabletType,
    List<String> cells,
    ReadOptions options) {

  /**
   * Validates the components and makes the lists unmodifiable.
   *
   * @param source the connection settings
   * @param table the stream (table) to read
   * @param lastKnownPosition the cursor to start from; its shard is the shard read
   * @param columns the columns to request, in order
   * @param onResult receives rows
   * @param onCursor receives cursors
   * @param tabletType the tablet type to read from
   * @param cells the cells to read from (empty for the server's choice)
   * @param options timing, content and retry settings, or {@code null} for the edge database's defaults
   */
  public ReadParams {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(lastKnownPosition, "lastKnownPosition");
    columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    Objects.requireNonNull(onResult, "onResult");
    Objects.requireNonNull(onCursor, "onCursor");
    Objects.requireNonNull(tabletType, "tabletType");
    cells = List.copyOf(Objects.requireNonNull(cells, "cells"));
  }
}
