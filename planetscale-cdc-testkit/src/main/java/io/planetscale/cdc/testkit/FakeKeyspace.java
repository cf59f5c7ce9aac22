package io.planetscale.cdc.testkit;

import io.planetscale.cdc.GtidSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The data of a {@link FakePlanetScale}: its shards (key ranges that tile the key space), its
 * tables, and the transactions that change them. Each DML is one transaction on the shard the
 * row's key hashes to; several shards are only ever locked together in shard order. Schema changes
 * (create, alter) and reshards hold {@link #schema}'s write lock, DML its read lock, so no DML encodes a
 * row for a table version that changes before it commits, nor commits on a shard a reshard retires.
 */
final class FakeKeyspace {
  private final String keyspace;
  // A reshard replaces the serving set under the schema write lock: DML (read lock) sees one set.
  private final ShardSet shards;
  private final Map<String, FakeTable> tables = new ConcurrentHashMap<>();
  private final List<String> tableOrder = new CopyOnWriteArrayList<>();
  private final ReentrantReadWriteLock schema = new ReentrantReadWriteLock();
  private volatile RowImage rowImage = RowImage.FULL;

  /**
   * @throws IllegalArgumentException if a shard is not a key range, or the shards do not tile the key space
   */
  FakeKeyspace(String keyspace, List<String> shardNames) {
    this.keyspace = keyspace;
    this.shards = new ShardSet(shardNames);
  }

  /**
   * Splits or merges shards ({@link Reshard}); the sources stop serving but keep their history until
   * {@link #removeShards}.
   *
   * @throws IllegalArgumentException as {@link Reshard}
   */
  void reshard(List<String> from, List<String> to) {
    schema.writeLock().lock();
    try {
      Reshard reshard = new Reshard(keyspace, shards.serving(), shards.retiredNames(), from, to);
      List<FakeTable> versions = new ArrayList<>();
      for (String name : tableOrder) {
        versions.add(tables.get(name));
      }
      reshard.run(versions, () -> shards.resharded(reshard));
    } finally {
      schema.writeLock().unlock();
    }
  }

  /**
   * Deletes shards a reshard took out of service, with their history.
   *
   * @throws IllegalArgumentException if a name is not such a shard (nothing is removed then)
   */
  void removeShards(List<String> names) {
    schema.writeLock().lock();
    try {
      shards.remove(names);
    } finally {
      schema.writeLock().unlock();
    }
  }

  /** A serving shard, or one a reshard took out of service and that still exists; null otherwise. */
  ShardData streamableShard(String name) {
    return shards.streamable(name);
  }

  /** True for a shard {@link #removeShards} removed (and no reshard created again). */
  boolean wasRemoved(String name) {
    return shards.wasRemoved(name);
  }

  String name() {
    return keyspace;
  }

  List<String> shardNames() {
    return shards.names();
  }

  /**
   * Creates a table on every shard (a schema change: each shard's GTID advances).
   *
   * @param spec the table
   * @throws IllegalArgumentException if a table of that name exists
   */
  void createTable(TableSpec spec) {
    FakeTable table = new FakeTable(spec, keyspace);
    String ddl = TableAlteration.createStatement(spec);
    schema.writeLock().lock();
    try {
      if (tables.containsKey(spec.name())) {
        throw new IllegalArgumentException("table \"" + spec.name() + "\" already exists");
      }
      for (ShardData shard : shards.serving()) {
        shard.lock.lock();
        try {
          shard.createTable(table, ddl);
        } finally {
          shard.lock.unlock();
        }
      }
      // Published only once every shard has it, so DML and streams never see a half-created table.
      tables.put(spec.name(), table);
      tableOrder.add(spec.name());
    } finally {
      schema.writeLock().unlock();
    }
  }

  /**
   * Alters a table on every shard, one DDL transaction per shard; rows are rewritten to the new layout.
   *
   * @throws IllegalArgumentException for an unknown table, or an alteration the table does not allow
   */
  void alter(String table, java.util.function.Function<TableSpec, TableAlteration> alteration) {
    schema.writeLock().lock();
    try {
      TableAlteration change = alteration.apply(requireTable(table).spec);
      FakeTable next = new FakeTable(change.spec, keyspace);
      for (ShardData shard : shards.serving()) {
        shard.lock.lock();
        try {
          shard.alterTable(next, change.statement, change::rewrite);
        } finally {
          shard.lock.unlock();
        }
      }
      tables.put(table, next);
    } finally {
      schema.writeLock().unlock();
    }
  }

  /** Sets the {@code binlog_row_image} written with every later transaction. */
  void binlogRowImage(RowImage image) {
    rowImage = java.util.Objects.requireNonNull(image, "image");
  }

  /**
   * Inserts a row as one transaction on the shard its primary key hashes to. Values are Java objects
   * ({@code Long}, {@code String}, {@code BigDecimal}, {@code LocalDateTime}, {@code byte[]}, ...) or
   * MySQL text; columns left out are NULL.
   *
   * @param table the table
   * @param row column → value
   * @return the shard's position after the insert
   * @throws IllegalArgumentException for an unknown table or column, a duplicate key, or a value the column cannot hold
   */
  String insert(String table, Map<String, ?> row) {
    return dml(() -> {
      FakeTable t = requireTable(table);
      StoredRow stored = t.row(row);
      return apply(t, shardFor(stored.key), List.of(new Change(null, stored)));
    });
  }

  /**
   * Inserts many rows: one transaction per shard touched (how a bulk load behaves), much faster than
   * one {@code insert} per row.
   *
   * @param table the table
   * @param rows the rows
   * @throws IllegalArgumentException as {@code insert}; nothing is inserted then
   */
  void insertAll(String table, Iterable<? extends Map<String, ?>> rows) {
    dml(() -> insertAllLocked(table, rows));
  }

  private Void insertAllLocked(String table, Iterable<? extends Map<String, ?>> rows) {
    FakeTable t = requireTable(table);
    Map<ShardData, List<Change>> byShard = new LinkedHashMap<>();
    for (Map<String, ?> row : rows) {
      StoredRow stored = t.row(row);
      byShard.computeIfAbsent(shardFor(stored.key), s -> new ArrayList<>()).add(new Change(null, stored));
    }
    // Hold every touched shard (in shard order, the only order several are ever locked in) while
    // checking all of them, so that a duplicate on one shard leaves the others untouched too.
    List<ShardData> touched = new ArrayList<>();
    for (ShardData s : shards.serving()) {
      if (byShard.containsKey(s)) {
        touched.add(s);
      }
    }
    int locked = 0;
    try {
      for (ShardData s : touched) {
        s.lock.lock();
        locked++;
      }
      for (ShardData s : touched) {
        checkInserts(t, s, byShard.get(s));
      }
      for (ShardData s : touched) {
        apply(t, s, byShard.get(s));
      }
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        touched.get(i).lock.unlock();
      }
    }
    return null;
  }

  /**
   * Updates the given columns of a row as one transaction.
   *
   * @param table the table
   * @param primaryKey the key value, or a column → value map for a composite key
   * @param changes column → new value (key columns cannot change)
   * @return the shard's position after the update
   * @throws IllegalArgumentException if there is no such row, or a value is invalid
   */
  String update(String table, Object primaryKey, Map<String, ?> changes) {
    return dml(() -> updateLocked(table, primaryKey, changes));
  }

  private String updateLocked(String table, Object primaryKey, Map<String, ?> changes) {
    FakeTable t = requireTable(table);
    RowKey key = t.key(primaryKey);
    ShardData shard = shardFor(key);
    shard.lock.lock();
    try {
      StoredRow before = existing(t, shard, key);
      StoredRow after = t.changed(before, changes);
      if (!after.key.equals(key)) {
        throw new IllegalArgumentException("update of table \"" + table + "\" cannot change the primary key " + key);
      }
      return apply(t, shard, List.of(new Change(before, after)));
    } finally {
      shard.lock.unlock();
    }
  }

  /**
   * Deletes a row as one transaction.
   *
   * @param table the table
   * @param primaryKey the key value, or a column → value map for a composite key
   * @return the shard's position after the delete
   * @throws IllegalArgumentException if there is no such row
   */
  String delete(String table, Object primaryKey) {
    return dml(() -> deleteLocked(table, primaryKey));
  }

  private String deleteLocked(String table, Object primaryKey) {
    FakeTable t = requireTable(table);
    RowKey key = t.key(primaryKey);
    ShardData shard = shardFor(key);
    shard.lock.lock();
    try {
      return apply(t, shard, List.of(new Change(existing(t, shard, key), null)));
    } finally {
      shard.lock.unlock();
    }
  }

  /**
   * @param shard a shard name
   * @return the shard's current position, {@code MySQL56/<uuid>:1-N}
   */
  String position(String shard) {
    ShardData s = requireShard(shard);
    s.lock.lock();
    try {
      return s.position();
    } finally {
      s.lock.unlock();
    }
  }

  /**
   * @param table the table
   * @param primaryKey the key value, or a column → value map
   * @return the shard the row lives (or would live) on
   */
  String shardOf(String table, Object primaryKey) {
    return shardFor(requireTable(table).key(primaryKey)).name();
  }

  /**
   * @param table the table
   * @return how many rows it holds, over all shards
   */
  int rowCount(String table) {
    FakeTable t = requireTable(table);
    int n = 0;
    for (ShardData s : shards.serving()) {
      s.lock.lock();
      try {
        n += s.rows(t.name()).size();
      } finally {
        s.lock.unlock();
      }
    }
    return n;
  }

  ShardData shard(String name) {
    return shards.get(name);
  }

  FakeTable table(String name) {
    return tables.get(name);
  }

  List<String> tableNames() {
    return List.copyOf(tableOrder);
  }

  /** What discovery sees: keyspace, shards and the specs of the tables. */
  FakeSchema schema() {
    List<TableSpec> specs = new ArrayList<>();
    for (String name : tableNames()) {
      specs.add(table(name).spec);
    }
    return new FakeSchema(keyspace, shardNames(), specs);
  }

  void purgeBinlogsBefore(String position) {
    GtidSet set = GtidSet.tryParse(position).orElseThrow(
        () -> new IllegalArgumentException("not a position: \"" + position + "\""));
    for (ShardData s : shards.serving()) {
      if (set.uuids().contains(s.uuid)) {
        s.lock.lock();
        try {
          s.purgeBefore(s.sequenceOf(position));
        } finally {
          s.lock.unlock();
        }
        return;
      }
    }
    throw new IllegalArgumentException("position \"" + position + "\" belongs to no shard of this fake");
  }

  void purgeAllBinlogs() {
    for (ShardData s : shards.serving()) {
      s.lock.lock();
      try {
        s.purgeBefore(s.seq());
      } finally {
        s.lock.unlock();
      }
    }
  }

  private String apply(FakeTable t, ShardData shard, List<Change> changes) {
    shard.lock.lock();
    try {
      Map<RowKey, StoredRow> rows = shard.rows(t.name());
      checkInserts(t, shard, changes);
      for (Change c : changes) {
        if (c.isDelete()) {
          rows.remove(c.before().key);
        } else {
          rows.put(c.after().key, c.after());
        }
      }
      return shard.position(shard.commit(t, changes, rowImage));
    } finally {
      shard.lock.unlock();
    }
  }

  /** Runs a DML under the schema read lock, so the table's version holds until it commits. */
  private <T> T dml(Supplier<T> body) {
    Lock read = schema.readLock();
    read.lock();
    try {
      return body.get();
    } finally {
      read.unlock();
    }
  }

  /** Rejects inserts whose key the shard already holds, or that an earlier insert of the same batch uses. */
  private static void checkInserts(FakeTable t, ShardData shard, List<Change> changes) {
    Map<RowKey, StoredRow> rows = shard.rows(t.name());
    java.util.Set<RowKey> batch = new java.util.TreeSet<>();
    for (Change c : changes) {
      if (c.isInsert() && (rows.containsKey(c.after().key) || !batch.add(c.after().key))) {
        throw new IllegalArgumentException("Duplicate entry " + c.after().key + " for key 'PRIMARY' in table \""
            + t.name() + "\"");
      }
    }
  }

  private static StoredRow existing(FakeTable t, ShardData shard, RowKey key) {
    StoredRow row = shard.rows(t.name()).get(key);
    if (row == null) {
      throw new IllegalArgumentException("table \"" + t.name() + "\" has no row with key " + key);
    }
    return row;
  }

  private ShardData shardFor(RowKey key) {
    return shards.shardFor(key);
  }

  private FakeTable requireTable(String name) {
    FakeTable t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException("table \"" + name + "\" does not exist; create it with createTable");
    }
    return t;
  }

  private ShardData requireShard(String name) {
    ShardData s = shards.get(name);
    if (s == null) {
      throw new IllegalArgumentException("shard \"" + name + "\" does not exist; shards are " + shardNames());
    }
    return s;
  }
}
