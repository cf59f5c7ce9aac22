package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The copy phase of one shard of a VStream call, framed as vttablet's copy sends it through vtgate
 * (wire format §7.3), one bracket per response:
 *
 * <pre>
 * [BEGIN, FIELD(t)]                                  first batch of a table
 * [VGTID]                                            the snapshot position, when it moved
 * [ROW, ROW, …, VGTID(table_p_ks=[{t, lastpk}]), COMMIT]   a batch: one insert RowChange per ROW
 * [BEGIN, VGTID(table_p_ks without t), COMMIT]       table t finished
 * [COPY_COMPLETED(ks, shard)(, COPY_COMPLETED())]    this shard done (and the global marker when it is the last)
 * </pre>
 *
 * The copy plan is vttablet's uvstreamer's: EVERY table the filter matches is copied, one after another
 * in name order (only {@code tables_to_copy} when the request names them), rows in primary-key order.
 * A table the request's table_p_ks lists resumes after its lastpk (a lastpk past the table's last row
 * copies nothing); a table it does not list is copied again from scratch, even when other tables
 * were resumed. Every batch reads a new snapshot; when the shard's position moved since the last VGTID
 * sent, the transactions in between are first sent as in replication (catch-up), with rows not yet
 * copied suppressed (the snapshot holds them): a table still in the plan passes only rows up to its
 * lastpk (none before its copy started, unless table_p_ks gave it one); tables done or never in the
 * plan pass everything, and so do non-row events. Copy events carry no timestamps.
 */
final class CopyPhase {
  private final ShardStream stream;
  private final Map<String, RowKey> resumeKeys;
  private final Map<String, RowKey> plans = new HashMap<>(); // tables still to copy → their lastpk (null: not started)
  private List<String> tables; // decided at the first step
  private int index;
  private RowKey lastPk;
  private long sentSeq; // the position of the last VGTID sent; -1 before the first snapshot
  private FakeTable fieldVersion; // the version whose FIELD opened the current table's copy
  private long tableBatches; // batches of the current table sent

  CopyPhase(ShardStream stream, Map<String, RowKey> resumeKeys, long fromSeq) {
    this.stream = stream;
    this.resumeKeys = resumeKeys;
    this.sentSeq = fromSeq;
  }

  /** Sends the next batch (after catching up), or the end of a table, or the end of the copy. */
  boolean step() throws InterruptedException {
    if (tables == null) {
      tables = stream.call.tablesToCopy(null);
      if (tables.isEmpty() && sentSeq < 0) {
        throw Status.UNKNOWN.withDescription("stream needs a position or a table to copy").asRuntimeException();
      }
      for (String t : tables) {
        plans.put(t, resumeKeys.get(t));
      }
      lastPk = tables.isEmpty() ? null : resumeKeys.get(tables.get(0));
    }
    if (index == tables.size()) {
      finish();
      return true;
    }
    String table = tables.get(index);
    StatusRuntimeException interrupted = stream.call.faults().beforeCopyBatch(stream.call.copyBatches(),
        stream.call.keyspace() + "." + stream.shard.name() + ".primary", query(table));
    if (interrupted != null) {
      throw interrupted;
    }
    stream.call.settings().copyBatchHook().beforeBatch(stream.shard.name(), table, tableBatches);
    int batch = stream.call.settings().copyBatchRows();
    long snapshot;
    FakeTable version;
    List<StoredRow> rows = new ArrayList<>();
    ShardData shard = stream.shard;
    shard.lock.lock();
    try {
      snapshot = shard.seq();
      version = shard.table(table);
      NavigableMap<RowKey, StoredRow> all = shard.rows(table);
      for (StoredRow row : (lastPk == null ? all : all.tailMap(lastPk, false)).values()) {
        rows.add(row);
        if (rows.size() > batch) {
          break; // one more than a batch: tells whether the table ends with this batch
        }
      }
    } finally {
      shard.lock.unlock();
    }
    if (sentSeq >= 0 && snapshot > sentSeq) {
      catchUp(snapshot, table);
      if (stream.ended()) {
        return true; // a reshard journal ended this shard's stream during the catch-up
      }
    }
    VStreamOutput out = stream.call.output();
    VStreamFilter.Projection projection = stream.projection(version);
    if (fieldVersion != version) {
      out.add(stream.events.begin(0));
      out.add(stream.events.field(table, projection.fields(), stream.call.enumSetValuesAsStrings(), 0));
      out.endChunk();
      fieldVersion = version;
      stream.fieldSent(version);
    }
    if (sentSeq != snapshot) {
      sentSeq = snapshot;
      stream.call.vgtid().position(shard.name(), shard.position(snapshot));
      out.add(vgtid());
      out.endChunk();
    }
    boolean more = rows.size() > batch;
    List<StoredRow> sending = more ? rows.subList(0, batch) : rows;
    if (!sending.isEmpty()) {
      for (StoredRow row : sending) {
        out.add(stream.events.row(table, List.of(RowImages.copied(row, projection)), 0));
      }
      lastPk = sending.get(sending.size() - 1).key;
      plans.put(table, lastPk);
      stream.call.vgtid().lastPk(shard.name(), table, QueryResult.newBuilder().addAllFields(keyFields(version))
          .addRows(LastPk.row(lastPk)).build());
      out.add(vgtid());
      out.add(stream.events.commit(0));
      out.endChunk();
      stream.call.copyBatchSent();
      tableBatches++;
    }
    if (!more) {
      stream.call.vgtid().copied(shard.name(), table);
      plans.remove(table);
      out.add(stream.events.begin(0));
      out.add(vgtid());
      out.add(stream.events.commit(0));
      out.endChunk();
      index++;
      tableBatches = 0;
      fieldVersion = null;
      lastPk = index < tables.size() ? resumeKeys.get(tables.get(index)) : null;
    }
    return true;
  }

  /** Sends the transactions after the last VGTID up to the snapshot, suppressing rows not copied yet. */
  private void catchUp(long snapshot, String current) throws InterruptedException {
    stream.newStreamer(); // vttablet catches up with a new binlog streamer: FIELDs go out again
    while (sentSeq < snapshot) {
      long from = sentSeq;
      List<Transaction> txs = stream.locked(() -> stream.shard.transactionsAfter(from, 1000));
      if (txs.isEmpty()) {
        return;
      }
      for (Transaction tx : txs) {
        if (tx.seq() > snapshot) {
          return;
        }
        stream.send(tx, c -> copied(tx.table(), c, current));
        sentSeq = tx.seq();
        if (stream.ended()) {
          return;
        }
      }
    }
  }

  /** vttablet's shouldSendEventForTable: a planned table passes rows up to its lastpk, others pass all. */
  private boolean copied(String table, Change c, String current) {
    if (!plans.containsKey(table)) {
      return true; // copied already, or never part of this copy
    }
    RowKey upTo = table.equals(current) ? lastPk : plans.get(table);
    StoredRow row = c.after() != null ? c.after() : c.before();
    return upTo != null && row.key.compareTo(upTo) <= 0;
  }

  private void finish() throws InterruptedException {
    VStreamOutput out = stream.call.output();
    out.add(stream.events.copyCompleted());
    if (stream.call.shardCopyCompleted()) {
      out.add(VEvents.allCopiesCompleted());
    }
    out.endChunk();
    stream.replicate(sentSeq);
  }

  private io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent vgtid() {
    return stream.events.vgtid(stream.call.vgtid().toProto(), 0);
  }

  /** The lastpk's fields: name, type, charset and flags only, as vttablet sends them. */
  private static List<Field> keyFields(FakeTable version) {
    List<Field> out = new ArrayList<>();
    for (int k : version.keyColumns) {
      Field f = version.fields.get(k);
      out.add(Field.newBuilder().setName(f.getName()).setType(f.getType()).setCharset(f.getCharset())
          .setFlags(f.getFlags()).build());
    }
    return out;
  }

  /** The statement vttablet's row streamer runs for a batch: what the errno 3024 message quotes. */
  private String query(String table) {
    FakeTable t = stream.call.table(table);
    StringBuilder key = new StringBuilder();
    for (String k : t.spec.primaryKey()) {
      key.append(key.length() == 0 ? "" : ", ").append(TableAlteration.quote(k));
    }
    return "select /*+ MAX_EXECUTION_TIME(3600000) */ * from " + TableAlteration.quote(table)
        + (lastPk == null ? "" : " where (" + key + ") > (" + lastPk.toString().replaceAll("[()]", "") + ")")
        + " order by " + key;
  }
}
