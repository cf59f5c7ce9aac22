package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the events of a keyspace's VStream into what a {@link TransactionListener} receives, in
 * stream order: each transaction of one shard whole (BEGIN … VGTID, COMMIT, across responses), each
 * copy batch as a transaction whose position carries the copy's keys, schema changes, heartbeats and
 * reshards. A transaction larger than the chunk bound reaches the listener in chunks; only the last
 * carries the position. Rows of tables not selected are skipped; a transaction left with no record
 * is not delivered, but its position is still taken as reached ({@code accepted}).
 *
 * <p>Records are labelled for de-duplication: a change by the position its shard was at before its
 * transaction and its index in that transaction (a resume from that position replays the same
 * transaction in the same order); a copied row by {@code copy:<table>:<key>} (each row is copied once
 * per copy, and again with the same label if a copy is resumed). Not thread-safe.
 */
final class KeyspaceEvents {
  private final Catalog catalog;
  private final List<String> tables;
  private final BinlogRowImage rowImage;
  private final int chunkRecords;
  private final long chunkBytes;
  private final KeyspacePosition position;
  private final TransactionListener listener;
  private final Consumer<VGtid> accepted;
  private final Map<String, KeyspaceTable> byShardAndTable = new HashMap<>();
  /** A DDL per shard whose resulting columns come with the next FIELD event. */
  private final Map<String, String> pendingDdl = new HashMap<>();
  private Open open;
  /** Journals already reported: every old shard sends the same journal. */
  private final java.util.Set<Long> journals = new java.util.HashSet<>();
  private PendingReshard reshard;
  // The last ROW event's table, by the names it came with.
  private String lastKeyspace;
  private String lastShard;
  private String lastName;
  private KeyspaceTable lastTable;

  /** A listener callback threw: the stream stops, and the run reports the listener's exception. */
  static final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenerFailure(Exception cause) {
      super(cause);
    }
  }

  @FunctionalInterface
  private interface Callback {
    void call() throws Exception;
  }

  private static void tell(Callback callback) {
    try {
      callback.call();
    } catch (Exception e) {
      throw new ListenerFailure(e);
    }
  }

  /** The transaction being gathered, on one shard. */
  private static final class Open {
    final String keyspace;
    final String shard;
    final String startGtid;
    final List<Record> records = new ArrayList<>();
    int chunk;
    long sequence;
    /** The wire size of the ROW events whose records are held (since the last chunk). */
    long bytes;
    /** How many held records close a chunk that reached the byte bound, or -1. */
    int fullAt = -1;

    Open(String keyspace, String shard, String startGtid) {
      this.keyspace = keyspace;
      this.shard = shard;
      this.startGtid = startGtid;
    }
  }

  /**
   * @param tables the selected tables, each a stream of {@code catalog}
   * @param chunkRecords how many records a transaction may gather before a chunk is delivered
   * @param chunkBytes how many bytes of ROW events (as received) a transaction may gather before a
   *     chunk is delivered
   * @param accepted told each position the listener has accepted, or that has no record for it
   */
  KeyspaceEvents(Catalog catalog, List<String> tables, BinlogRowImage rowImage, int chunkRecords, long chunkBytes,
      KeyspacePosition position, TransactionListener listener, Consumer<VGtid> accepted) {
    this.catalog = catalog;
    this.tables = List.copyOf(tables);
    this.rowImage = rowImage;
    this.chunkRecords = chunkRecords;
    this.chunkBytes = chunkBytes;
    this.position = position;
    this.listener = listener;
    this.accepted = accepted;
  }

  /**
   * Applies the events of one response, calling the listener as transactions complete.
   *
   * @throws ListenerFailure if a listener callback threw
   * @throws io.planetscale.cdc.PlanetScaleCdcException if the events do not make sense
   */
  void apply(VStreamMessage response) {
    Instant received = Instant.now();
    for (Object event : response.events()) {
      if (event instanceof ScannedRowEvent scanned) {
        row(scanned, received);
        continue;
      }
      VEvent e = (VEvent) event;
      switch (e.getType()) {
        case BEGIN -> begin(e);
        case FIELD -> field(e.getKeyspace(), e.getShard(), e.getFieldEvent());
        case ROW -> row(e, received);
        case VGTID -> vgtid(e.getVgtid());
        case COMMIT -> commit(e);
        case DDL -> pendingDdl.put(shardKey(e.getKeyspace(), e.getShard()), e.getStatement());
        case COPY_COMPLETED -> copyCompleted(e);
        case HEARTBEAT -> {
          Instant at = e.getTimestamp() > 0 ? Instant.ofEpochSecond(e.getTimestamp()) : null; // copy batches have none
          tell(() -> listener.onHeartbeat(at));
        }
        case JOURNAL -> journal(e.getJournal());
        case OTHER -> {
          if (open == null) {
            accepted.accept(position.resumable()); // a statement with no rows moved the position
          }
        }
        default -> { } // GTID and LASTPK do not come through vtgate; others carry nothing for the listener
      }
    }
  }

  /** Forgets a transaction in progress: the stream resumes before it and sends it again. */
  void reset() {
    open = null;
    pendingDdl.clear();
  }

  private static String shardKey(String keyspace, String shard) {
    return keyspace + '/' + shard;
  }

  private void begin(VEvent e) {
    openFor(e.getKeyspace(), e.getShard());
  }

  /**
   * The transaction open on a shard, opened now if there is none: copy batches after a table's
   * first come without BEGIN, and the copy phase may open one twice (an empty table's BEGIN, FIELD
   * without COMMIT).
   */
  private Open openFor(String keyspace, String shard) {
    if (open == null || !open.shard.equals(shard) || !open.keyspace.equals(keyspace)) {
      open = new Open(keyspace, shard, position.gtid(keyspace, shard));
    }
    return open;
  }

  private void field(String keyspace, String shard, FieldEvent event) {
    String table = KeyspacePosition.normalize(event.getTableName());
    if (!tables.contains(table)) {
      return;
    }
    String key = shardKey(keyspace, shard) + '/' + table;
    KeyspaceTable t = byShardAndTable.get(key);
    boolean first = t == null;
    if (first) {
      Stream stream = catalog.stream(table).orElseThrow();
      t = new KeyspaceTable(stream, shard);
      byShardAndTable.put(key, t);
    }
    lastName = null; // a table may be added now
    String ddl = pendingDdl.remove(shardKey(keyspace, shard));
    List<Field> fields = t.fields(event, rowImage, ddl);
    String gtid = position.gtid(keyspace, shard);
    if (first) {
      SchemaChange columns = new SchemaChange(table, keyspace, shard, null, t.columns(),
          new RecordPosition(keyspace, shard, gtid, 0));
      tell(() -> listener.onTableFields(columns));
    }
    if (fields != null) {
      SchemaChange change = new SchemaChange(table, keyspace, shard, ddl, fields,
          new RecordPosition(keyspace, shard, gtid, 0));
      tell(() -> listener.onSchemaChange(change));
    }
  }

  private void row(VEvent e, Instant received) {
    RowEvent rows = e.getRowEvent();
    KeyspaceTable t = table(e.getKeyspace(), e.getShard(), rows.getTableName());
    if (t == null) {
      return;
    }
    Open tx = openFor(e.getKeyspace(), e.getShard());
    boolean copy = e.getTimestamp() == 0; // copy-phase rows carry no binlog time
    for (RowChange change : rows.getRowChangesList()) {
      t.records(change, copy, tx.keyspace, tx.startGtid, tx.sequence, received, tx.records);
      added(t, tx, 0);
    }
    added(t, tx, e.getSerializedSize());
  }

  /** A ROW event left in the message's bytes: its complete images become records without a Value per column. */
  private void row(ScannedRowEvent e, Instant received) {
    KeyspaceTable t = table(e.keyspace(), e.shard(), e.tableName());
    if (t == null) {
      return;
    }
    Open tx = openFor(e.keyspace(), e.shard());
    t.records(e, e.timestamp() == 0, tx.keyspace, tx.startGtid, tx.sequence, received, tx.records);
    added(t, tx, e.wireSize());
  }

  /** The selected table a ROW event is of, or null if it is not selected; the last answer is kept (runs of events share it). */
  private KeyspaceTable table(String keyspace, String shard, String name) {
    if (name.equals(lastName) && shard.equals(lastShard) && keyspace.equals(lastKeyspace)) {
      return lastTable;
    }
    KeyspaceTable t = lookUp(keyspace, shard, name);
    lastKeyspace = keyspace;
    lastShard = shard;
    lastName = name;
    lastTable = t;
    return t;
  }

  private KeyspaceTable lookUp(String keyspace, String shard, String name) {
    String table = KeyspacePosition.normalize(name);
    if (!tables.contains(table)) {
      return null;
    }
    KeyspaceTable t = byShardAndTable.get(shardKey(keyspace, shard) + '/' + table);
    if (t == null) {
      throw new io.planetscale.cdc.PlanetScaleCdcException("table \"" + table + "\" shard \"" + shard
          + "\": the server sent rows before the table's FIELD event");
    }
    return t;
  }

  /**
   * Delivers the chunks that records just added completed. A full chunk waits for one more row, so
   * that the commit's chunk is never empty; a ROW event may bring many rows at once. The byte bound
   * is kept per event: the records of the event that reached it close the chunk.
   *
   * @param eventBytes the wire size of the event the records came from, once it is done (else 0)
   */
  private void added(KeyspaceTable t, Open tx, long eventBytes) {
    tx.sequence = t.nextSequence();
    if (tx.fullAt >= 0 && tx.records.size() > tx.fullAt) {
      deliverChunk(tx, tx.fullAt);
    }
    while (tx.records.size() > chunkRecords) {
      deliverChunk(tx, chunkRecords);
    }
    tx.bytes += eventBytes;
    if (tx.bytes >= chunkBytes && tx.fullAt < 0 && !tx.records.isEmpty()) {
      tx.fullAt = tx.records.size();
    }
  }

  private void deliverChunk(Open tx, int size) {
    tx.fullAt = -1;
    tx.bytes = 0;
    List<Record> head = tx.records.subList(0, size);
    List<Record> chunk = List.copyOf(head);
    head.clear();
    Transaction t = new Transaction(tx.keyspace, tx.shard, chunk, null, null, tx.chunk++, false);
    tell(() -> listener.onTransaction(t));
  }

  private void commit(VEvent e) {
    Open tx = open;
    open = null;
    VGtid now = position.resumable();
    if (tx == null || (tx.records.isEmpty() && tx.chunk == 0)) {
      accepted.accept(now);
      return;
    }
    Instant at = e.getTimestamp() > 0 ? Instant.ofEpochSecond(e.getTimestamp()) : null; // copy batches have none
    Transaction t = new Transaction(tx.keyspace, tx.shard, List.copyOf(tx.records), now, at, tx.chunk, true);
    tell(() -> listener.onTransaction(t));
    accepted.accept(now);
  }

  private void copyCompleted(VEvent e) {
    if (!e.getShard().isEmpty()) {
      position.onCopyCompleted(e.getKeyspace(), e.getShard());
      accepted.accept(position.resumable());
    }
  }

  /**
   * A reshard's journal: the listener hears of it once the server's VGTID no longer names any of the
   * old shards (every one of them reached the journal, so none has a transaction left), with the
   * position before the journal and the one after, on the new shards, which is safe to resume from.
   */
  private void journal(Journal j) {
    if (!journals.add(j.getId()) || reshard != null) {
      return; // another old shard reached the same journal
    }
    java.util.Set<String> gone = new java.util.HashSet<>();
    for (var p : j.getParticipantsList()) {
      gone.add(shardKey(p.getKeyspace(), p.getShard()));
    }
    reshard = new PendingReshard(position.resumable(), gone);
  }

  private void vgtid(io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid v) {
    position.onVgtid(v);
    PendingReshard r = reshard;
    if (r == null) {
      return;
    }
    for (String old : r.participants()) {
      int slash = old.indexOf('/');
      if (position.names(old.substring(0, slash), old.substring(slash + 1))) {
        return; // an old shard still streams: its last transactions come first
      }
    }
    reshard = null;
    VGtid to = position.resumable();
    tell(() -> listener.onReshard(r.from(), to));
    accepted.accept(to);
  }

  /** A journal seen on some old shards, waiting for the rest. */
  private record PendingReshard(VGtid from, java.util.Set<String> participants) {}
}
