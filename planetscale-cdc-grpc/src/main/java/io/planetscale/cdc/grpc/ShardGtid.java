package io.planetscale.cdc.grpc;

import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.TableCursor;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Where a keyspace stream stands on one shard: Vitess's {@code binlogdata.ShardGtid}, an entry of a
 * {@link VGtid}.
 *
 * <p>{@code gtid} is {@code ""} to copy the selected tables first, {@link TableCursor#CURRENT
 * "current"} to start at the shard's current position, or a GTID position such as
 * {@code MySQL56/<uuid>:1-42}. While a copy is in progress {@code tablePks} lists the tables still
 * being copied ({@link TableLastPk}); it is empty otherwise. How Vitess resumes from the two:
 *
 * <ul>
 *   <li>{@code gtid} {@code ""}, no {@code tablePks}: copy every selected table, then replicate;
 *   <li>{@code gtid} {@code ""}, {@code tablePks}: resume the listed copies after their last keys;
 *       selected tables not listed are copied from scratch;
 *   <li>{@code gtid} set, no {@code tablePks}: replicate from {@code gtid}, copying nothing;
 *   <li>{@code gtid} set, {@code tablePks}: catch up from {@code gtid}, then copy only the listed
 *       tables (after their last keys, or from scratch for a {@linkplain TableLastPk#notStarted
 *       table not started}).
 * </ul>
 *
 * <p>A shard's position for one table is a {@link TableCursor}: {@link #cursorFor(String)} and
 * {@link #fromCursor(TableCursor, String)} convert between the two, as PlanetScale's connectors do.
 *
 * @param keyspace the keyspace (database)
 * @param shard the shard, e.g. {@code -} or {@code -80}
 * @param gtid {@code ""}, {@code "current"} or a GTID position
 * @param tablePks the tables being copied on this shard (unmodifiable, one entry per table)
 */
public record ShardGtid(String keyspace, String shard, String gtid, List<TableLastPk> tablePks) {

  /**
   * Validates the components and makes {@code tablePks} unmodifiable; a {@code null}
   * {@code tablePks} is empty.
   *
   * @param keyspace the keyspace (database)
   * @param shard the shard, e.g. {@code -} or {@code -80}
   * @param gtid {@code ""}, {@code "current"} or a GTID position
   * @param tablePks the tables being copied on this shard
   * @throws NullPointerException if {@code keyspace}, {@code shard}, {@code gtid} or an entry of
   *     {@code tablePks} is null
   * @throws IllegalArgumentException if a table appears twice in {@code tablePks}
   */
  public ShardGtid {
    Objects.requireNonNull(keyspace, "keyspace");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(gtid, "gtid");
    tablePks = tablePks == null ? List.of() : List.copyOf(tablePks);
    Set<String> tables = new HashSet<>();
    for (TableLastPk pk : tablePks) {
      if (!tables.add(pk.table())) {
        throw new IllegalArgumentException("keyspace \"" + keyspace + "\", shard \"" + shard + "\": table \""
            + pk.table() + "\" appears twice among the tables being copied");
      }
    }
  }

  /**
   * A shard position with no copy in progress.
   *
   * @param keyspace the keyspace
   * @param shard the shard
   * @param gtid {@code ""}, {@code "current"} or a GTID position
   * @return the position
   */
  public static ShardGtid of(String keyspace, String shard, String gtid) {
    return new ShardGtid(keyspace, shard, gtid, List.of());
  }

  /**
   * The copy progress of one table.
   *
   * @param table the bare table name
   * @return its entry of {@link #tablePks()}, empty if the table is not being copied
   */
  public Optional<TableLastPk> tablePk(String table) {
    for (TableLastPk pk : tablePks) {
      if (pk.table().equals(table)) {
        return Optional.of(pk);
      }
    }
    return Optional.empty();
  }

  /** @return true while tables are being copied on this shard ({@link #tablePks()} is not empty) */
  public boolean isCopying() {
    return !tablePks.isEmpty();
  }

  /**
   * The same shard at another position.
   *
   * @param value the position
   * @return the copy
   */
  public ShardGtid withGtid(String value) {
    return new ShardGtid(keyspace, shard, value, tablePks);
  }

  /**
   * The same shard with other copy progress.
   *
   * @param value the tables being copied
   * @return the copy
   */
  public ShardGtid withTablePks(List<TableLastPk> value) {
    return new ShardGtid(keyspace, shard, gtid, value);
  }

  /**
   * This shard's position for one table, as the per-table transports keep it: keyspace, shard,
   * {@code position} = {@link #gtid()}, {@code lastKnownPk} = the table's last key. A table listed
   * as {@linkplain TableLastPk#notStarted not started} must still be copied whole, which a
   * {@code TableCursor} says with the position {@code ""}.
   *
   * @param table the bare table name
   * @return the cursor
   */
  public TableCursor cursorFor(String table) {
    Optional<TableLastPk> pk = tablePk(table);
    if (pk.isPresent() && !pk.get().isStarted()) {
      return TableCursor.of(shard, keyspace, "");
    }
    return new TableCursor(shard, keyspace, gtid, pk.map(TableLastPk::lastPk).orElse(null));
  }

  /**
   * The shard position of one table's cursor: keyspace, shard, {@code gtid} = the cursor's position,
   * and, while the cursor copies, the table with the cursor's last known key as the only entry of
   * {@link #tablePks()}.
   *
   * @param cursor the table's cursor
   * @param table the bare table name the cursor belongs to
   * @return the shard position
   * @throws IllegalArgumentException if the cursor's last known key is not a valid {@link TableLastPk#lastPk()}
   */
  public static ShardGtid fromCursor(TableCursor cursor, String table) {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(table, "table");
    QueryResult pk = cursor.lastKnownPk();
    List<TableLastPk> pks = pk == null ? List.of() : List.of(new TableLastPk(table, pk));
    return new ShardGtid(cursor.keyspace(), cursor.shard(), cursor.position(), pks);
  }
}
