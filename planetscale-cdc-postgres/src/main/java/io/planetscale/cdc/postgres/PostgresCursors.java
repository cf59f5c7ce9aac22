package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import java.util.ArrayList;
import java.util.List;

/**
 * The Postgres form of {@link State}: each stream has one shard, {@code "-"}, whose cursor has the database
 * as keyspace, the position {@code pg:<LSN>} (every transaction whose commit record starts before that LSN
 * is covered) or {@code ""} (a snapshot is needed), and, while a snapshot is in progress, the last primary
 * key copied (its columns' text forms) as {@code lastKnownPk}.
 */
final class PostgresCursors {
  /** The one shard of a Postgres stream. */
  static final String SHARD = "-";
  /** The prefix that marks a position as a PostgreSQL LSN. */
  static final String PREFIX = "pg:";

  private PostgresCursors() {}

  /**
   * Where one stream stands.
   *
   * @param lsn the covered position, or -1 when the stream has never been snapshotted
   * @param lastKey the text form of the last key copied while a snapshot is in progress, else null
   */
  record Progress(long lsn, List<String> lastKey) {
    static final Progress SNAPSHOT_NEEDED = new Progress(-1, null);

    boolean snapshotNeeded() {
      return lsn < 0 || lastKey != null;
    }

    boolean snapshotInProgress() {
      return lastKey != null;
    }
  }

  /**
   * Reads one stream's progress.
   *
   * @throws ConfigurationException naming the stream when its state is not a Postgres state of this database
   */
  static Progress read(State state, String stream, String database) {
    ShardStates shards = state.streams().get(stream);
    if (shards == null || shards.shards().isEmpty()) {
      return Progress.SNAPSHOT_NEEDED;
    }
    SerializedCursor serialized = shards.shards().get(SHARD);
    if (serialized == null || shards.shards().size() != 1) {
      throw new ConfigurationException("the state of stream \"" + stream + "\" has shards " + shards.shards()
          .keySet() + "; a Postgres stream has exactly one, \"-\" (is this a Vitess state?)");
    }
    TableCursor cursor = serialized.toTableCursor(stream, SHARD);
    if (!cursor.keyspace().equals(database)) {
      throw new ConfigurationException("the state of stream \"" + stream + "\" belongs to database \""
          + cursor.keyspace() + "\", not \"" + database + "\"");
    }
    String position = cursor.position();
    List<String> lastKey = cursor.lastKnownPk() == null ? null : lastKey(cursor.lastKnownPk(), stream);
    if (position.isEmpty()) {
      if (lastKey != null) {
        throw new ConfigurationException("the state of stream \"" + stream + "\" has snapshot progress but no "
            + "position: expected \"pg:<LSN>\" next to its last key");
      }
      return Progress.SNAPSHOT_NEEDED;
    }
    if (!position.startsWith(PREFIX)) {
      throw new ConfigurationException("the state of stream \"" + stream + "\" has position \"" + position
          + "\", which is not a PostgreSQL position \"pg:<LSN>\" (is this a Vitess state?)");
    }
    try {
      return new Progress(Lsn.parse(position.substring(PREFIX.length())), lastKey);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("the state of stream \"" + stream + "\" has position \"" + position
          + "\": " + e.getMessage(), e);
    }
  }

  private static List<String> lastKey(QueryResult lastKnownPk, String stream) {
    if (lastKnownPk.rows().size() != 1 || lastKnownPk.fields().isEmpty()) {
      throw new ConfigurationException("the state of stream \"" + stream + "\" has snapshot progress with "
          + lastKnownPk.rows().size() + " rows and " + lastKnownPk.fields().size() + " columns; expected one "
          + "row holding the last key copied");
    }
    List<Value> row = lastKnownPk.rows().get(0);
    List<String> key = new ArrayList<>(row.size());
    for (Value value : row) {
      if (value.isNull()) {
        throw new ConfigurationException("the state of stream \"" + stream + "\" has a null in its last key "
            + "copied; primary keys have no nulls");
      }
      key.add(value.toStringUtf8());
    }
    return key;
  }

  /** The cursor of a stream that is covered up to {@code lsn}, with no snapshot in progress. */
  static SerializedCursor at(String database, long lsn) {
    return SerializedCursor.of(TableCursor.of(SHARD, database, PREFIX + Lsn.format(lsn)));
  }

  /** The cursor of a stream whose snapshot (consistent with {@code lsn}) copied keys up to {@code lastKey}. */
  static SerializedCursor snapshotting(String database, long lsn, List<String> keyColumns, List<String> lastKey) {
    List<Field> fields = new ArrayList<>(keyColumns.size());
    List<Value> row = new ArrayList<>(lastKey.size());
    for (int i = 0; i < keyColumns.size(); i++) {
      fields.add(Field.of(keyColumns.get(i), VitessType.VARCHAR));
      row.add(Value.of(VitessType.VARCHAR, lastKey.get(i)));
    }
    return SerializedCursor.of(new TableCursor(SHARD, database, PREFIX + Lsn.format(lsn),
        new QueryResult(fields, List.of(row))));
  }

  /** The cursor of a stream whose snapshot has to start (again). */
  static SerializedCursor snapshotNeeded(String database) {
    return SerializedCursor.of(TableCursor.of(SHARD, database, ""));
  }

  /** The state with one stream's cursor replaced. */
  static State with(State state, String stream, SerializedCursor cursor) {
    return state.with(stream, new ShardStates(java.util.Map.of(SHARD, cursor)));
  }
}
