package io.planetscale.cdc.testkit;

import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import java.util.List;

/**
 * A {@code Sync} request as {@link FakePlanetScale} received it, for assertions.
 *
 * @param tableName the table asked for
 * @param cursor where the client asked to start
 * @param tabletType the tablet type asked for
 * @param includeInserts the {@code include_inserts} flag
 * @param includeUpdates the {@code include_updates} flag
 * @param includeDeletes the {@code include_deletes} flag
 * @param columns the columns asked for (empty = all)
 * @param cells the cells asked for
 * @param deadline the time the call had left when the fake received it (its client's deadline, e.g.
 *     a read window), or null when it had none
 */
public record RecordedRequest(
    String tableName,
    TableCursor cursor,
    TabletType tabletType,
    boolean includeInserts,
    boolean includeUpdates,
    boolean includeDeletes,
    List<String> columns,
    List<String> cells,
    Duration deadline) {

  /**
   * Makes the lists unmodifiable.
   *
   * @param tableName the table asked for
   * @param cursor where the client asked to start
   * @param tabletType the tablet type asked for
   * @param includeInserts the {@code include_inserts} flag
   * @param includeUpdates the {@code include_updates} flag
   * @param includeDeletes the {@code include_deletes} flag
   * @param columns the columns asked for
   * @param cells the cells asked for
   * @param deadline the time the call had left when received, or null
   */
  public RecordedRequest {
    columns = List.copyOf(columns);
    cells = List.copyOf(cells);
  }
}
