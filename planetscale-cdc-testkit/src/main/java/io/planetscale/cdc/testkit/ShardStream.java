package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One shard of a VStream call, as vttablet's streamer serves it to vtgate: a {@code "current"} start
 * answers {@code [VGTID, OTHER]}; the copy phase runs in {@link CopyPhase}; replication sends every
 * committed transaction after the position, {@code BEGIN, [FIELD], ROW…, VGTID, COMMIT} (transactions
 * of tables the filter does not select come as {@code BEGIN, VGTID, COMMIT}), and DDL as
 * {@code [VGTID, DDL]} (or {@code [VGTID, OTHER]} for a table the filter does not select). A FIELD
 * precedes the first ROW of a table on this shard and the first after each DDL, and again after the copy
 * phase and at each catch-up, where vttablet starts a new binlog streamer. A resharding journal in the
 * binlog goes to the call ({@link VStreamCall#journal}) and ends this shard's stream. Each {@link #step}
 * does a bounded amount of work and never waits for new data, so one thread serves every shard of the
 * call in turn. Shard locks are held only to read, never while sending.
 */
final class ShardStream {
  private static final int TRANSACTIONS_PER_STEP = 1000;
  private static final int ROW_CHANGES_PER_EVENT = 100; // MySQL splits a statement's rows into ~8 KB events

  final VStreamCall call;
  final ShardData shard;
  final VEvents events;
  private final Map<String, FakeTable> fieldsSent = new HashMap<>();
  private final Map<FakeTable, VStreamFilter.Projection> projections = new IdentityHashMap<>();
  private VStreamStart.Mode mode;
  private CopyPhase copy;
  private long replicatedTo;
  private boolean ended;

  ShardStream(VStreamCall call, VStreamStart.ShardStart start) {
    this.call = call;
    this.shard = start.shard();
    this.events = new VEvents(call.keyspace(), shard.name(), call.excludeKeyspaceFromTableName());
    this.mode = start.mode();
    this.replicatedTo = start.fromSeq();
    if (mode == VStreamStart.Mode.COPY) {
      copy = new CopyPhase(this, start.resumeKeys(), start.fromSeq());
    }
  }

  /** Sends what is ready on this shard (a bounded amount); false when there was nothing to do. */
  boolean step() throws InterruptedException {
    switch (mode) {
      case CURRENT:
        long now = locked(shard::seq);
        call.vgtid().position(shard.name(), shard.position(now));
        call.output().add(events.vgtid(call.vgtid().toProto(), 0));
        call.output().add(events.other(0));
        call.output().endChunk();
        replicate(now);
        return true;
      case COPY:
        return copy.step();
      default:
        long from = replicatedTo;
        List<Transaction> txs = locked(() -> shard.transactionsAfter(from, TRANSACTIONS_PER_STEP));
        for (Transaction tx : txs) {
          send(tx, c -> true);
          replicatedTo = tx.seq();
          if (ended) {
            break;
          }
        }
        return !txs.isEmpty();
    }
  }

  /** True once a resharding journal ended this shard's stream: the call steps it no more. */
  boolean ended() {
    return ended;
  }

  /** This shard's stream is over (its journal was handled). */
  void end() {
    ended = true;
  }

  /** Switches to replication after {@code seq} (the copy phase ends here too). */
  void replicate(long seq) {
    mode = VStreamStart.Mode.REPLICATE;
    replicatedTo = seq;
    copy = null;
    newStreamer();
  }

  /** vttablet starts a new binlog streamer (after the copy, for each catch-up): it knows no table yet. */
  void newStreamer() {
    fieldsSent.clear();
  }

  /**
   * Sends one committed transaction; only changes that pass {@code passes} appear as ROW events (the
   * copy phase's catch-up suppresses rows it has not copied yet). Moves this shard's VGTID entry to it.
   */
  void send(Transaction tx, Predicate<Change> passes) throws InterruptedException {
    VStreamOutput out = call.output();
    long ts = tx.commitSeconds();
    String table = tx.table();
    if (tx.journal() != null) {
      call.journal(this, tx);
      return;
    }
    if (tx.isDdl()) {
      call.vgtid().position(shard.name(), shard.position(tx.seq()));
      out.add(events.vgtid(call.vgtid().toProto(), ts));
      out.add(call.filter().matches(table) ? events.ddl(tx.ddl(), ts) : events.other(ts));
      out.endChunk();
      fieldsSent.remove(table); // the table id changes: the next ROW gets a new FIELD
      return;
    }
    out.add(events.begin(ts));
    if (table != null && call.filter().matches(table)) {
      sendRows(tx, passes, ts);
    }
    call.vgtid().position(shard.name(), shard.position(tx.seq()));
    out.add(events.vgtid(call.vgtid().toProto(), ts));
    out.add(events.commit(ts));
    out.endChunk();
  }

  /**
   * The ROW events of a transaction (preceded by a FIELD when due), encoded one event at a time as they
   * go out: a transaction of any size never sits in memory encoded, only the response being built does.
   */
  private void sendRows(Transaction tx, Predicate<Change> passes, long ts) throws InterruptedException {
    String table = tx.table();
    VStreamFilter.Projection projection = null;
    List<RowChange> changes = new ArrayList<>();
    for (Change c : tx.changes()) {
      if (!passes.test(c)) {
        continue;
      }
      if (projection == null) {
        projection = projection(tx.version());
        if (fieldsSent.get(table) != tx.version()) {
          boolean strings = call.enumSetValuesAsStrings() && tx.version().hasEnumOrSet;
          call.output().add(events.field(table, projection.fields(), strings, ts));
          fieldsSent.put(table, tx.version());
        }
      }
      changes.add(RowImages.replicated(c, tx.version(), projection, tx.rowImage(), !call.enumSetValuesAsStrings()));
      if (changes.size() == ROW_CHANGES_PER_EVENT) {
        call.output().add(events.row(table, changes, ts));
        changes = new ArrayList<>();
      }
    }
    if (!changes.isEmpty()) {
      call.output().add(events.row(table, changes, ts));
    }
  }

  /** Records that a FIELD of this table version went out (the copy phase sends its own). */
  void fieldSent(FakeTable version) {
    fieldsSent.put(version.name(), version);
  }

  /**
   * The columns the filter selects in a table version, as vttablet's replication plan.
   *
   * @throws io.grpc.StatusRuntimeException FAILED_PRECONDITION if a selected column does not exist
   */
  VStreamFilter.Projection projection(FakeTable version) {
    VStreamFilter.Projection p = projections.get(version);
    if (p == null) {
      p = call.filter().projection(version);
      projections.put(version, p);
    }
    return p;
  }

  <T> T locked(Supplier<T> body) {
    shard.lock.lock();
    try {
      return body.get();
    } finally {
      shard.lock.unlock();
    }
  }
}
