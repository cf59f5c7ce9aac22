package io.planetscale.cdc.testkit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.DeletedRow;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Serves one {@code Sync} call on its own thread, the way PlanetScale's psdbconnect server behaves:
 * {@code "current"} answers the current position and then streams changes; an empty position
 * copies the table in primary-key order (cursors carry {@code last_known_pk}), reports the snapshot
 * position, then streams every later change; a {@code last_known_pk} resumes the copy; any other
 * position streams changes after it. The stream never ends by itself: it waits for new
 * transactions until the client cancels or its deadline passes. Sends respect gRPC flow control.
 * {@link Faults} may fail, drop or delay responses, repeat positions over several responses
 * ({@link Faults#repeatCursorPositions}) or answer {@code "current"} with an empty position.
 */
final class SyncStream implements Runnable {
  private static final long WAIT_SLICE_NANOS = ShardData.nanos(200);
  private static final int TRANSACTIONS_PER_SCAN = 1000;

  private final SyncRequest request;
  private final ServerCallStreamObserver<SyncResponse> out;
  private final FakePlanetScale fake;
  private final Faults faults;
  private final int rowsPerResponse;
  private final Object ready = new Object();
  private volatile boolean cancelled;
  private long rowsSent;

  private ShardData shard;
  private FakeTable table;
  private int[] projection; // null = every column
  private List<Field> fields;
  private List<Field> keyFields;

  SyncStream(SyncRequest request, ServerCallStreamObserver<SyncResponse> out, FakePlanetScale fake, Faults faults,
      int rowsPerResponse) {
    this.request = request;
    this.out = out;
    this.fake = fake;
    this.faults = faults;
    this.rowsPerResponse = rowsPerResponse;
    out.setOnReadyHandler(this::wake);
    out.setOnCancelHandler(() -> {
      cancelled = true;
      wake();
      ShardData s = shard;
      if (s != null) {
        s.lock.lock();
        try {
          s.changed.signalAll();
        } finally {
          s.lock.unlock();
        }
      }
    });
  }

  @Override
  public void run() {
    fake.streamOpened();
    try {
      serve();
    } catch (StatusRuntimeException e) {
      fail(e);
    } catch (InterruptedException e) {
      fail(Status.UNAVAILABLE.withDescription("server shutting down").asRuntimeException());
    } catch (RuntimeException e) {
      fail(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
    } finally {
      fake.streamClosed();
    }
  }

  private void fail(StatusRuntimeException e) {
    if (!cancelled) {
      try {
        out.onError(e);
      } catch (IllegalStateException alreadyClosed) {
        // The call ended concurrently (cancelled by the client); nothing to tell it.
      }
    }
  }

  private void serve() throws InterruptedException {
    TableCursor cursor = request.getCursor();
    if (!cursor.getKeyspace().isEmpty() && !cursor.getKeyspace().equals(fake.keyspace())) {
      throw SyncFailure.invalidArgument("keyspace \"" + cursor.getKeyspace() + "\" not found; this server has \""
          + fake.keyspace() + "\"");
    }
    shard = fake.shard(cursor.getShard());
    if (shard == null) {
      throw SyncFailure.invalidArgument("shard \"" + cursor.getShard() + "\" does not exist in keyspace \""
          + fake.keyspace() + "\"; shards are " + fake.shardNames());
    }
    table = fake.table(request.getTableName());
    if (table == null) {
      throw SyncFailure.notFound("table \"" + request.getTableName() + "\" not found in keyspace \""
          + fake.keyspace() + "\"");
    }
    project(false);
    String position = cursor.getPosition();
    if (io.planetscale.cdc.TableCursor.CURRENT.equals(position)) {
      long now = locked(() -> shard.seq());
      sendPosition(faults.emptyPeekPosition() ? "" : shard.position(now));
      replicate(now);
    } else if (cursor.hasLastKnownPk()) {
      RowKey after = LastPk.parse(table, cursor.getLastKnownPk(), "last_known_pk");
      long catchUpFrom = position.isEmpty() ? -1 : locked(() -> shard.sequenceOf(position));
      copy(after, catchUpFrom);
    } else if (position.isEmpty()) {
      copy(null, -1);
    } else {
      replicate(locked(() -> shard.sequenceOf(position)));
    }
  }

  /** Switches to the table's schema as of a transaction or snapshot, if a DDL changed it. */
  private void useVersion(FakeTable version) {
    if (version != null && version != table) {
      table = version;
      project(true);
    }
  }

  /** Fields and column positions of the requested columns; after a DDL a vanished column fails like vtgate. */
  private void project(boolean afterDdl) {
    List<Field> all = table.fields;
    projection = null;
    if (request.getColumnsCount() == 0) {
      fields = all;
    } else {
      projection = new int[request.getColumnsCount()];
      List<Field> chosen = new ArrayList<>();
      for (int j = 0; j < projection.length; j++) {
        String column = request.getColumns(j);
        projection[j] = table.indexOf(column);
        if (projection[j] < 0 && afterDdl) {
          throw SyncFailure.replicationPlan(table.name(), column);
        }
        if (projection[j] < 0) {
          throw SyncFailure.invalidArgument("unknown column \"" + column + "\" in table \"" + table.name() + "\"");
        }
        chosen.add(all.get(projection[j]));
      }
      fields = chosen;
      if (isIdentity(projection, all.size())) {
        projection = null; // every column in table order: send the rows as they are stored, pre-encoded
        fields = all;
      }
    }
    keyFields = new ArrayList<>();
    for (int k : table.keyColumns) {
      keyFields.add(all.get(k));
    }
  }

  private static boolean isIdentity(int[] columns, int width) {
    if (columns.length != width) {
      return false;
    }
    for (int j = 0; j < columns.length; j++) {
      if (columns[j] != j) {
        return false;
      }
    }
    return true;
  }

  /** The copy phase: snapshot, optional catch-up of already-copied rows, rows after {@code after}, then changes. */
  private void copy(RowKey after, long catchUpFrom) throws InterruptedException {
    List<StoredRow> snapshot = new ArrayList<>();
    long snapshotSeq;
    shard.lock.lock();
    try {
      snapshotSeq = shard.seq();
      useVersion(shard.table(table.name()));
      NavigableMap<RowKey, StoredRow> rows = shard.rows(table.name());
      snapshot.addAll((after == null ? rows : rows.tailMap(after, false)).values());
    } finally {
      shard.lock.unlock();
    }
    if (catchUpFrom >= 0 && after != null) {
      // Resuming with a position: changes since it to rows already copied (key <= after) come first.
      replay(catchUpFrom, snapshotSeq, after);
    }
    String snapshotPosition = shard.position(snapshotSeq);
    long responses = 0;
    for (int from = 0; from < snapshot.size(); from += rowsPerResponse) {
      faults.copyResponseHook().beforeResponse(shard.name(), table.name(), responses++);
      List<StoredRow> batch = snapshot.subList(from, Math.min(snapshot.size(), from + rowsPerResponse));
      QueryResult.Builder result = QueryResult.newBuilder().addAllFields(fields);
      for (StoredRow row : batch) {
        result.addRows(row.project(projection));
      }
      StoredRow last = batch.get(batch.size() - 1);
      send(SyncResponse.newBuilder().addResult(result).setCursor(cursor(snapshotPosition, last.key)).build(),
          batch.size());
    }
    sendPosition(snapshotPosition); // copy complete: the position the snapshot was taken at
    replicate(snapshotSeq);
  }

  /** Sends the changes of transactions in (from, to] to rows with key <= {@code upTo}. */
  private void replay(long from, long to, RowKey upTo) throws InterruptedException {
    long n = from;
    while (n < to) {
      long start = n;
      List<Transaction> txs = locked(() -> shard.transactionsAfter(start, TRANSACTIONS_PER_SCAN));
      for (Transaction tx : txs) {
        if (tx.seq() > to) {
          return;
        }
        n = tx.seq();
        if (table.name().equals(tx.table())) {
          useVersion(tx.version());
          List<Change> copied = new ArrayList<>();
          for (Change c : tx.changes()) {
            StoredRow row = c.after() != null ? c.after() : c.before();
            if (row.key.compareTo(upTo) <= 0) {
              copied.add(c);
            }
          }
          sendChanges(copied, cursor(shard.position(n), upTo), 1);
        }
      }
      if (txs.isEmpty()) {
        return;
      }
    }
  }

  /** Streams every transaction after {@code from}, then waits for more, until cancelled. */
  private void replicate(long from) throws InterruptedException {
    long n = from;
    while (!cancelled) {
      List<Transaction> txs;
      shard.lock.lock();
      try {
        while (shard.seq() <= n && !cancelled) {
          shard.changed.awaitNanos(WAIT_SLICE_NANOS);
        }
        if (cancelled) {
          return;
        }
        txs = shard.transactionsAfter(n, TRANSACTIONS_PER_SCAN);
      } finally {
        shard.lock.unlock();
      }
      boolean cursorOwed = false;
      for (Transaction tx : txs) {
        n = tx.seq();
        if (table.name().equals(tx.table())) {
          useVersion(tx.version());
        }
        boolean sent = table.name().equals(tx.table())
            && sendChanges(tx.changes(), cursor(shard.position(n), null), faults.cursorRepeats());
        cursorOwed = !sent;
      }
      if (cursorOwed) {
        // Transactions of other tables still move the position; say so once, so clients can stop.
        sendPosition(shard.position(n));
      }
    }
  }

  /**
   * Sends one transaction's changes, split into responses of at most {@code rowsPerResponse}
   * changes with the cursor on the last. Inserts go in {@code result}, updates in {@code updates},
   * deletes (primary key only) in {@code deletes}, each only if its {@code include_*} flag is set.
   * A client that sets none of the flags (singer-tap) gets inserts and the new images of updates
   * in {@code result}, and no deletes. With {@code repeats} above 1 the changes go one per
   * response, each with the cursor, then cursor-only responses until {@code repeats} carried it.
   *
   * @return false if nothing of the transaction was for this client
   */
  private boolean sendChanges(List<Change> changes, TableCursor cursor, int repeats) throws InterruptedException {
    boolean legacy = !request.getIncludeInserts() && !request.getIncludeUpdates() && !request.getIncludeDeletes();
    List<Change> wanted = new ArrayList<>();
    for (Change c : changes) {
      boolean include = c.isInsert() ? legacy || request.getIncludeInserts()
          : c.isDelete() ? request.getIncludeDeletes() : legacy || request.getIncludeUpdates();
      if (include) {
        wanted.add(c);
      }
    }
    if (wanted.isEmpty()) {
      return false;
    }
    boolean repeat = repeats > 1;
    int perResponse = repeat ? 1 : rowsPerResponse;
    for (int from = 0; from < wanted.size(); from += perResponse) {
      List<Change> chunk = wanted.subList(from, Math.min(wanted.size(), from + perResponse));
      SyncResponse.Builder response = SyncResponse.newBuilder();
      QueryResult.Builder inserts = QueryResult.newBuilder().addAllFields(fields);
      for (Change c : chunk) {
        if (c.isInsert() || (legacy && !c.isDelete())) {
          inserts.addRows(c.after().project(projection));
        } else if (c.isDelete()) {
          response.addDeletes(DeletedRow.newBuilder().setResult(QueryResult.newBuilder().addAllFields(keyFields)
              .addRows(LastPk.row(c.before().key))));
        } else {
          response.addUpdates(UpdatedRow.newBuilder()
              .setBefore(QueryResult.newBuilder().addAllFields(fields).addRows(c.before().project(projection)))
              .setAfter(QueryResult.newBuilder().addAllFields(fields).addRows(c.after().project(projection))));
        }
      }
      if (inserts.getRowsCount() > 0) {
        response.addResult(inserts);
      }
      if (repeat || from + perResponse >= wanted.size()) {
        response.setCursor(cursor);
      }
      send(response.build(), chunk.size());
    }
    for (int carried = wanted.size(); repeat && carried < repeats; carried++) {
      send(SyncResponse.newBuilder().setCursor(cursor).build(), 0);
    }
    return true;
  }

  /** Sends a cursor-only response at {@code position}, as many times as {@link Faults#repeatCursorPositions} asks. */
  private void sendPosition(String position) throws InterruptedException {
    SyncResponse response = SyncResponse.newBuilder().setCursor(cursor(position, null)).build();
    for (int n = faults.cursorRepeats(); n > 0; n--) {
      send(response, 0);
    }
  }

  private void send(SyncResponse response, int rows) throws InterruptedException {
    StatusRuntimeException injected = faults.beforeResponse();
    if (injected != null) {
      throw injected;
    }
    long delayNanos = faults.delayOfNextResponse().toNanos();
    synchronized (ready) {
      long deadline = System.nanoTime() + delayNanos;
      for (long left = delayNanos; left > 0 && !cancelled; left = deadline - System.nanoTime()) {
        ready.wait(Math.max(1, left / 1_000_000));
      }
      while (!out.isReady() && !cancelled) {
        ready.wait(100); // woken by the on-ready handler; the timeout only guards against a missed signal
      }
    }
    if (cancelled) {
      throw Status.CANCELLED.withDescription("cancelled by the client").asRuntimeException();
    }
    out.onNext(response);
    rowsSent += rows;
    StatusRuntimeException drop = faults.afterResponse(rowsSent);
    if (drop != null) {
      throw drop;
    }
  }

  private void wake() {
    synchronized (ready) {
      ready.notifyAll();
    }
  }

  private TableCursor cursor(String position, RowKey lastKnownPk) {
    TableCursor.Builder c = TableCursor.newBuilder().setShard(shard.name()).setKeyspace(fake.keyspace())
        .setPosition(position);
    if (lastKnownPk != null) {
      c.setLastKnownPk(QueryResult.newBuilder().addAllFields(keyFields).addRows(LastPk.row(lastKnownPk)));
    }
    return c.build();
  }

  private interface Locked<T> {
    T get();
  }

  private <T> T locked(Locked<T> body) {
    shard.lock.lock();
    try {
      return body.get();
    } finally {
      shard.lock.unlock();
    }
  }
}
