package io.planetscale.cdc;

import java.util.Objects;

/**
 * Where one table's stream on one shard stands: psdbconnect's {@code TableCursor}.
 *
 * @param shard the shard, e.g. {@code -} or {@code -80}
 * @param keyspace the keyspace (database)
 * @param position {@code ""} to copy the table first, {@code "current"} to start now, otherwise a
 *     GTID position such as {@code MySQL56/<uuid>:1-42}
 * @param lastKnownPk while a copy is in progress, the primary key of the last row copied; else {@code null}
 */
public record TableCursor(String shard, String keyspace, String position, QueryResult lastKnownPk) {

  /** The position that asks the server for its current position. */
  public static final String CURRENT = "current";

  /**
   * Validates the components; a {@code null} position becomes {@code ""}.
   *
   * @param shard the shard, e.g. {@code -} or {@code -80}
   * @param keyspace the keyspace (database)
   * @param position {@code ""} to copy the table first, {@code "current"} to start now, otherwise a GTID position such as {@code MySQL56/<uuid>:1-42}
   * @param lastKnownPk while a copy is in progress, the primary key of the last row copied; else {@code null}
   */
  public TableCursor {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(keyspace, "keyspace");
    position = position == null ? "" : position;
  }

  /**
   * A cursor without copy progress.
   *
   * @param shard the shard
   * @param keyspace the keyspace
   * @param position the position
   * @return the cursor
   */
  public static TableCursor of(String shard, String keyspace, String position) {
    return new TableCursor(shard, keyspace, position, null);
  }

  /** @return true while a copy is in progress ({@link #lastKnownPk()} is set) */
  public boolean isCopying() {
    return lastKnownPk != null;
  }

  /**
   * A copy at another position.
   *
   * @param value the position
   * @return the copy
   */
  public TableCursor withPosition(String value) {
    return new TableCursor(shard, keyspace, value, lastKnownPk);
  }
}
