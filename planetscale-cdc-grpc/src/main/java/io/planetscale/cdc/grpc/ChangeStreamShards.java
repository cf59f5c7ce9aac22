package io.planetscale.cdc.grpc;

import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.spi.MysqlAccess;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which shards a {@link ChangeStream} reads and where each starts: the builder's checks, and finding
 * the keyspace's shards when nothing names them. Results are in shard key-range order.
 */
final class ChangeStreamShards {
  private static final Comparator<TableCursor> BY_SHARD = Comparator.comparing(TableCursor::shard,
      ShardStates.shardOrder());

  private ChangeStreamShards() {}

  /** The names as an immutable list; rejects an empty list, a blank name, a name given twice. */
  static List<String> checkNames(List<String> names) {
    List<String> list = List.copyOf(names);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("shards: name at least one shard");
    }
    Set<String> seen = new HashSet<>();
    for (String name : list) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("shard must not be blank");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("shards: shard \"" + name + "\" is given twice");
      }
    }
    return list;
  }

  /** The cursors as an immutable list; rejects none, two of one shard, and a mix of keyspaces. */
  static List<TableCursor> checkCursors(Collection<TableCursor> cursors) {
    List<TableCursor> list = List.copyOf(cursors);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("startAt: give at least one cursor");
    }
    Set<String> seen = new HashSet<>();
    for (TableCursor c : list) {
      if (!seen.add(c.shard())) {
        throw new IllegalArgumentException("startAt: two cursors are of shard \"" + c.shard()
            + "\"; give one cursor per shard");
      }
      if (!c.keyspace().equals(list.get(0).keyspace())) {
        throw new IllegalArgumentException("startAt: the cursors are of different keyspaces, \""
            + list.get(0).keyspace() + "\" and \"" + c.keyspace() + "\"");
      }
    }
    return list;
  }

  /**
   * Start cursors given with {@code startAt}, checked against the source's keyspace and the shards
   * asked for.
   *
   * @param shards the shards given with {@code shard}/{@code shards}, or null
   */
  static List<TableCursor> resume(PlanetScaleSource source, List<TableCursor> cursors, List<String> shards) {
    String keyspace = cursors.get(0).keyspace();
    if (!keyspace.equals(source.database())) {
      throw new IllegalArgumentException("the start cursor is of keyspace \"" + keyspace
          + "\", but the source's database is \"" + source.database() + "\"");
    }
    List<TableCursor> sorted = new ArrayList<>(cursors);
    sorted.sort(BY_SHARD);
    if (shards != null && !new HashSet<>(shards).equals(new HashSet<>(names(sorted)))) {
      throw new IllegalArgumentException(cursors.size() == 1 && shards.size() == 1
          ? "the start cursor is of shard \"" + cursors.get(0).shard() + "\", but shard \"" + shards.get(0)
              + "\" was asked for"
          : "the start cursors are of shards " + names(sorted) + ", but shards " + sorted(shards)
              + " were asked for");
    }
    return List.copyOf(sorted);
  }

  /**
   * Cursors at {@code position} for the shards given, else the source's, else the keyspace's.
   *
   * @param shards the shards given with {@code shard}/{@code shards}, or null
   * @param mysql where to ask for the keyspace's shards, or null to find an access on the classpath
   * @param position where every shard starts: {@code "current"} or {@code ""}
   */
  static List<TableCursor> start(PlanetScaleSource source, List<String> shards, MysqlAccess mysql,
      String position) {
    List<String> names = shards != null ? shards : !source.shards().isEmpty() ? source.shards()
        : keyspaceShards(source, mysql);
    List<TableCursor> starts = new ArrayList<>();
    for (String shard : sorted(names)) {
      starts.add(TableCursor.of(shard, source.database(), position));
    }
    return List.copyOf(starts);
  }

  /** @return the cursors' shards, in their order */
  static List<String> names(List<TableCursor> cursors) {
    List<String> names = new ArrayList<>();
    for (TableCursor c : cursors) {
      names.add(c.shard());
    }
    return names;
  }

  private static List<String> keyspaceShards(PlanetScaleSource source, MysqlAccess mysql) {
    List<String> found;
    if (mysql != null) {
      found = mysql.vitessShards(source);
    } else {
      try (MysqlAccess discovered = MysqlAccessLookup.open(source, "name the shards to stream with"
          + " ChangeStream.Builder.shards(...) (or PlanetScaleSource shards), or pass an access with"
          + " ChangeStream.Builder.mysql(...)")) {
        found = discovered.vitessShards(source);
      }
    }
    if (found.isEmpty()) {
      throw new PlanetScaleCdcException("keyspace \"" + source.database() + "\" has no shards");
    }
    return found;
  }

  private static List<String> sorted(Collection<String> names) {
    TreeSet<String> set = new TreeSet<>(ShardStates.shardOrder());
    set.addAll(names);
    return new ArrayList<>(set);
  }
}
