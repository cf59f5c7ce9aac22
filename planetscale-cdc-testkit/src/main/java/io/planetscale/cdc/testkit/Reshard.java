package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import io.planetscale.cdc.wire.internal.proto.binlogdata.KeyspaceShard;
import io.planetscale.cdc.wire.internal.proto.binlogdata.MigrationType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One reshard of a {@link FakeKeyspace}, as a Vitess Reshard workflow ends with SwitchTraffic: the target
 * shards (new MySQL servers, each with its own server UUID and GTID history) get every table and, by
 * keyspace id, the source shards' rows (VReplication's copy: one DDL per table, then one insert
 * transaction per table); then every source shard commits a resharding journal naming the targets'
 * starting positions and the participants, and the targets serve from then on. Sources keep their
 * rows and binlog (non-serving) until removed. Shards named in both lists are left alone. The caller
 * holds the keyspace's schema write lock, so no DML runs meanwhile.
 */
final class Reshard {
  private final String keyspace;
  private final List<ShardData> sources = new ArrayList<>();
  private final List<ShardData> targets = new ArrayList<>();
  private final List<ShardData> serving = new ArrayList<>();

  /**
   * Checks a reshard of {@code from} into {@code to}.
   *
   * @throws IllegalArgumentException naming what is wrong: a {@code from} shard that does not serve, a target
   *     that exists already, nothing to move, or new shards that do not tile the key space
   */
  Reshard(String keyspace, List<ShardData> current, Collection<String> retired, List<String> from, List<String> to) {
    this.keyspace = keyspace;
    if (from == null || to == null || from.isEmpty() || to.isEmpty()) {
      throw new IllegalArgumentException("reshard needs the shards to split or merge (from) and the new ones (to), was "
          + from + " -> " + to);
    }
    Map<String, ShardData> byName = new LinkedHashMap<>();
    for (ShardData s : current) {
      byName.put(s.name(), s);
    }
    Set<String> fromSet = new LinkedHashSet<>(from);
    Set<String> toSet = new LinkedHashSet<>(to);
    if (fromSet.size() != from.size() || toSet.size() != to.size()) {
      throw new IllegalArgumentException("reshard " + from + " -> " + to + ": a shard is named twice");
    }
    for (String f : from) {
      if (!byName.containsKey(f)) {
        throw new IllegalArgumentException("reshard " + from + " -> " + to + ": shard \"" + f
            + "\" does not serve in keyspace \"" + keyspace + "\"; serving shards are " + byName.keySet());
      }
    }
    for (String t : to) {
      if (fromSet.contains(t)) {
        continue; // stays as it is
      }
      if (byName.containsKey(t)) {
        throw new IllegalArgumentException("reshard " + from + " -> " + to + ": shard \"" + t
            + "\" serves already; name it in from too if it stays");
      }
      if (retired.contains(t)) {
        throw new IllegalArgumentException("reshard " + from + " -> " + to + ": shard \"" + t
            + "\" was resharded away and still exists; removeShards it first");
      }
      targets.add(new ShardData(KeyRange.parse(t)));
    }
    for (ShardData s : current) {
      if (fromSet.contains(s.name()) && !toSet.contains(s.name())) {
        sources.add(s);
      } else {
        serving.add(s);
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("reshard " + from + " -> " + to + ": nothing to reshard, every shard stays");
    }
    serving.addAll(targets);
    List<KeyRange> ranges = new ArrayList<>();
    for (ShardData s : serving) {
      ranges.add(s.range);
    }
    try {
      KeyRange.checkTiling(ranges);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("reshard " + from + " -> " + to + ": the new shards must cover exactly the"
          + " key ranges of the old ones: " + e.getMessage(), e);
    }
    serving.sort((a, b) -> Long.compareUnsigned(a.range.start, b.range.start));
  }

  /** The shards that serve once the reshard is done, in key-range order. */
  List<ShardData> serving() {
    return serving;
  }

  /** The shards resharded away. */
  List<ShardData> sources() {
    return sources;
  }

  /**
   * Copies the tables and rows to the targets, runs {@code publish} (the targets serve from then on),
   * then writes the journal on every source: a stream that reaches a journal finds its targets serving.
   */
  void run(List<FakeTable> tables, Runnable publish) {
    for (ShardData target : targets) {
      target.lock.lock();
      try {
        for (FakeTable t : tables) {
          target.createTable(t, TableAlteration.createStatement(t.spec));
        }
      } finally {
        target.lock.unlock();
      }
    }
    int locked = 0;
    try {
      for (ShardData s : sources) {
        s.lock.lock();
        locked++;
      }
      for (FakeTable t : tables) {
        copy(t);
      }
      publish.run();
      long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      for (ShardData s : sources) {
        s.journal(journal(id, s.position()));
      }
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        sources.get(i).lock.unlock();
      }
    }
  }

  private void copy(FakeTable table) {
    Map<ShardData, List<Change>> byTarget = new LinkedHashMap<>();
    for (ShardData source : sources) {
      for (StoredRow row : source.rows(table.name()).values()) {
        byTarget.computeIfAbsent(targetOf(row.key), s -> new ArrayList<>()).add(new Change(null, row));
      }
    }
    for (Map.Entry<ShardData, List<Change>> e : byTarget.entrySet()) {
      ShardData target = e.getKey();
      target.lock.lock();
      try {
        for (Change c : e.getValue()) {
          target.rows(table.name()).put(c.after().key, c.after());
        }
        target.commit(table, e.getValue(), RowImage.FULL);
      } finally {
        target.lock.unlock();
      }
    }
  }

  private ShardData targetOf(RowKey key) {
    long id = key.keyspaceId();
    for (ShardData t : targets) {
      if (t.range.contains(id)) {
        return t;
      }
    }
    throw new IllegalStateException("no target shard covers keyspace id " + Long.toHexString(id)); // tiling checked
  }

  private Journal journal(long id, String localPosition) {
    Journal.Builder j = Journal.newBuilder().setId(id).setMigrationType(MigrationType.SHARDS)
        .setLocalPosition(localPosition).addSourceWorkflows("reshard");
    for (ShardData t : targets) {
      t.lock.lock();
      try {
        j.addShardGtids(ShardGtid.newBuilder().setKeyspace(keyspace).setShard(t.name()).setGtid(t.position()));
      } finally {
        t.lock.unlock();
      }
    }
    for (ShardData s : sources) {
      j.addParticipants(KeyspaceShard.newBuilder().setKeyspace(keyspace).setShard(s.name()));
    }
    return j.build();
  }
}
