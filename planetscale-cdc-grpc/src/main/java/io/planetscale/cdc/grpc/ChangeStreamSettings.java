package io.planetscale.cdc.grpc;

import io.planetscale.cdc.GtidSet;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What one {@link ChangeStream} reads and how: its builder's choices, checked and completed with the
 * defaults (the stream's schema columns, the source's tablet type, read window and retry policy).
 * Immutable; read by {@link ChangeStreamControl}, {@link ChangeStreamRun} and
 * {@link ShardedChangeStream}.
 */
final class ChangeStreamSettings {
  final PlanetScaleSource source;
  final Stream table;
  final String tableName;
  /** Where each shard starts, in shard order; one element for a one-shard stream. */
  final List<TableCursor> starts;
  final String stopPosition;
  final Duration stopAfter;
  final List<String> columns;
  final TabletType tabletType;
  final List<String> cells;
  final ConnectOptions options;
  final Transport transport;

  /**
   * @param stopPosition null to never stop at a position
   * @param stopAfter null to never stop after a duration
   * @param columns null for the stream's schema properties
   * @param tabletType null for the source's
   * @param connectOptions as given, before the source completes them
   * @throws IllegalArgumentException if a stop position is set for several shards
   */
  ChangeStreamSettings(PlanetScaleSource source, Stream table, List<TableCursor> starts, String stopPosition,
      Duration stopAfter, List<String> columns, TabletType tabletType, List<String> cells,
      ConnectOptions connectOptions, Transport transport) {
    if (stopPosition != null && starts.size() > 1) {
      throw new IllegalArgumentException("stopAt takes one shard's GTID position, but the stream reads "
          + starts.size() + " shards " + ChangeStreamShards.names(starts) + "; pick one with shard(...)");
    }
    this.source = source;
    this.table = table;
    this.tableName = table.tableName().isEmpty() ? table.name() : table.tableName();
    this.starts = starts;
    this.stopPosition = stopPosition;
    this.stopAfter = stopAfter;
    this.columns = columns != null ? columns : List.copyOf(table.schema().properties().keySet());
    this.tabletType = tabletType != null ? tabletType : source.tabletType();
    this.cells = cells;
    this.options = connectOptions.forSource(source);
    this.transport = transport;
  }

  /**
   * The position of {@link ChangeStream.Builder#stopAt}, checked.
   *
   * @throws IllegalArgumentException if {@code position} is not a MySQL56 GTID set
   */
  static String checkStopPosition(String position) {
    Objects.requireNonNull(position, "position");
    if (position.isBlank() || TableCursor.CURRENT.equals(position)) {
      throw new IllegalArgumentException("stopAt needs a GTID position such as MySQL56/<uuid>:1-42, got \""
          + position + "\"");
    }
    try {
      GtidSet.parse(position);
    } catch (IllegalArgumentException e) {
      // Anything else could only ever be reached by exact string equality: the stream would never stop.
      throw new IllegalArgumentException("stopAt needs a GTID position such as MySQL56/<uuid>:1-42: "
          + e.getMessage(), e);
    }
    return position;
  }

  /**
   * The duration of {@link ChangeStream.Builder#stopAfter}, checked.
   *
   * @throws IllegalArgumentException if {@code duration} is not positive
   */
  static Duration checkStopAfter(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("stopAfter must be positive, was " + duration);
    }
    return duration;
  }

  /** The transport's reader of each shard of this stream, on {@code channel}. */
  Function<String, ShardProtocol<?>> protocols(EdgeChannel channel) {
    String keyspace = starts.get(0).keyspace();
    if (transport == Transport.VSTREAM) {
      return shard -> channel.vstream(tableName, keyspace, shard, tabletType, cells);
    }
    return shard -> channel.sync(tableName, shard, tabletType, cells, columns, true, true, true);
  }

  /** @return the table name and each shard's start position (never credentials) */
  String describe() {
    if (starts.size() == 1) {
      TableCursor start = starts.get(0);
      return "ChangeStream{table=" + table.name() + ", shard=" + start.shard() + ", start=[" + start.position() + "]}";
    }
    StringBuilder text = new StringBuilder("ChangeStream{table=").append(table.name()).append(", shards={");
    for (int i = 0; i < starts.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(starts.get(i).shard()).append("=[").append(starts.get(i).position())
          .append(']');
    }
    return text.append("}}").toString();
  }
}
