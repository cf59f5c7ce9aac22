package io.planetscale.cdc.testkit;

import io.planetscale.cdc.GtidSet;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shard: its rows, its binlog of transactions, and its GTID sequence under its own server
 * UUID ({@code MySQL56/<uuid>:1-N}). Every method that reads or changes the rows, the binlog or the
 * sequence must be called with {@link #lock} held ({@link #position(long)} needs no lock); streams
 * wait on {@link #changed} for new transactions, or register a {@link #addListener listener} when they
 * watch several shards at once. Each table's rows are laid out in the table's current version
 * ({@link #table}); DDL rewrites them.
 */
final class ShardData {
  final KeyRange range;
  final String uuid = UUID.randomUUID().toString();
  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();

  private final Map<String, TreeMap<RowKey, StoredRow>> tables = new HashMap<>();
  private final Map<String, FakeTable> versions = new HashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ArrayList<Transaction> binlog = new ArrayList<>();
  private long seq = 1; // as if the server had already committed its bootstrap transaction
  private long purgedBefore; // nothing purged: a client may replicate from the empty set

  ShardData(KeyRange range) {
    this.range = range;
  }

  String name() {
    return range.shard;
  }

  long seq() {
    return seq;
  }

  String position() {
    return position(seq);
  }

  String position(long n) {
    return "MySQL56/" + uuid + ":1-" + n;
  }

  /** Creates an empty table: a DDL transaction. */
  void createTable(FakeTable table, String ddl) {
    tables.put(table.name(), new TreeMap<>());
    versions.put(table.name(), table);
    append(new Transaction(seq + 1, table.name(), List.of(), table, ddl, RowImage.FULL, now(), null));
  }

  /** Changes a table's schema: every row is rewritten into the new layout, in one DDL transaction. */
  void alterTable(FakeTable next, String ddl, UnaryOperator<StoredRow> rewrite) {
    for (Map.Entry<RowKey, StoredRow> e : tables.get(next.name()).entrySet()) {
      e.setValue(rewrite.apply(e.getValue()));
    }
    versions.put(next.name(), next);
    append(new Transaction(seq + 1, next.name(), List.of(), next, ddl, RowImage.FULL, now(), null));
  }

  NavigableMap<RowKey, StoredRow> rows(String table) {
    return tables.get(table);
  }

  /** The schema this shard's rows of {@code table} are laid out in, or null if there is no such table. */
  FakeTable table(String table) {
    return versions.get(table);
  }

  /** Appends a transaction, applies nothing (callers changed the rows), and wakes waiting streams. */
  long commit(FakeTable table, List<Change> changes, RowImage image) {
    append(new Transaction(seq + 1, table.name(), changes, table, null, image, now(), null));
    return seq;
  }

  /** Writes a resharding journal: the last transaction a source shard of a reshard commits. */
  void journal(Journal journal) {
    append(new Transaction(seq + 1, null, List.of(), null, null, RowImage.FULL, now(), journal));
  }

  private void append(Transaction tx) {
    seq = tx.seq();
    binlog.add(tx);
    changed.signalAll();
    for (Runnable r : listeners) {
      r.run();
    }
  }

  /** Runs {@code r} (under this shard's lock: it must only signal) after every commit. */
  void addListener(Runnable r) {
    listeners.add(r);
  }

  void removeListener(Runnable r) {
    listeners.remove(r);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Transactions after sequence {@code after}, oldest first, at most {@code max}. */
  List<Transaction> transactionsAfter(long after, int max) {
    int lo = 0;
    int hi = binlog.size();
    while (lo < hi) { // first index with seq > after
      int mid = (lo + hi) >>> 1;
      if (binlog.get(mid).seq() <= after) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return new ArrayList<>(binlog.subList(lo, Math.min(binlog.size(), lo + max)));
  }

  /** Forgets transactions 1..{@code n}: positions before {@code n} can no longer replicate. */
  void purgeBefore(long n) {
    purgedBefore = Math.max(purgedBefore, Math.min(n, seq));
  }

  long purgedBefore() {
    return purgedBefore;
  }

  /**
   * The sequence number a position stands for on this shard.
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT if it does not parse, belongs to another server or is ahead
   *     of this shard; UNKNOWN (binlogs purged) if it is older than the purge point
   */
  long sequenceOf(String position) {
    GtidSet requested = GtidSet.tryParse(position).orElseThrow(() -> SyncFailure.invalidArgument(
        "unable to parse position \"" + position + "\": expected MySQL56/<uuid>:1-<n>"));
    if (!requested.isEmpty() && !requested.uuids().equals(java.util.Set.of(uuid))) {
      throw SyncFailure.invalidArgument("GTIDSet Mismatch: requested source position " + position
          + " is not from shard \"" + name() + "\" (server uuid " + uuid + ")");
    }
    long lo = 0;
    long hi = seq;
    if (!covered(hi, requested)) {
      throw SyncFailure.invalidArgument("GTIDSet Mismatch: requested source position " + position
          + " is ahead of shard \"" + name() + "\" at " + position());
    }
    while (lo < hi) { // smallest n whose 1-n set contains the request
      long mid = (lo + hi) >>> 1;
      if (covered(mid, requested)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    if (lo < purgedBefore) { // transactions 1..purgedBefore are gone; the client needs lo + 1 onwards
      long firstMissing = lo + 1;
      throw SyncFailure.purged(position,
          uuid + ":" + firstMissing + (purgedBefore > firstMissing ? "-" + purgedBefore : ""));
    }
    return lo;
  }

  private boolean covered(long n, GtidSet requested) {
    return (n == 0 ? GtidSet.empty() : GtidSet.parse(position(n))).contains(requested);
  }

  /** Blocks until a transaction after {@code after} exists, or the timeout passes. */
  void awaitAfter(long after, long timeoutNanos) throws InterruptedException {
    long left = timeoutNanos;
    while (seq <= after && left > 0) {
      left = changed.awaitNanos(left);
    }
  }

  static long nanos(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
