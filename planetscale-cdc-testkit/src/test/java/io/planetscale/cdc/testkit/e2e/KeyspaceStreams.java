package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.fail;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.TransactionListener;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the keyspace stream tests share: tables, a recording listener, a stream run in the background. */
final class KeyspaceStreams {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final List<String> TABLES = List.of("customers", "items", "orders");

  private KeyspaceStreams() {}

  /** Creates the three tables ({@code id bigint} key and a {@code note}) with {@code rows} rows each. */
  static Map<String, Map<Long, String>> tables(FakePlanetScale fake, int rows) {
    Map<String, Map<Long, String>> expected = new TreeMap<>();
    for (String table : TABLES) {
      fake.createTable(TableSpec.builder(table).column("id", "bigint").column("note", "varchar(64)")
          .primaryKey("id").build());
      Map<Long, String> t = new TreeMap<>();
      List<Map<String, ?>> batch = new ArrayList<>();
      for (long id = 1; id <= rows; id++) {
        batch.add(Map.of("id", id, "note", table + id));
        t.put(id, table + id);
      }
      if (!batch.isEmpty()) {
        fake.insertAll(table, batch);
      }
      expected.put(table, t);
    }
    return expected;
  }

  /** Applies records to tables, as a consumer would: inserts and updates set the row, deletes remove it. */
  static void apply(Map<String, Map<Long, String>> tables, List<Record> records) {
    for (Record r : records) {
      Map<Long, String> t = tables.computeIfAbsent(r.stream(), k -> new TreeMap<>());
      long id = (Long) r.data().get("id");
      if (r.operation() == Operation.DELETE) {
        t.remove(id);
      } else {
        t.put(id, (String) r.data().get("note"));
      }
    }
  }

  /** Every record of every transaction received, in order. */
  static List<Record> records(List<Transaction> transactions) {
    List<Record> all = new ArrayList<>();
    for (Transaction t : transactions) {
      all.addAll(t.records());
    }
    return all;
  }

  /** Records everything it is told; may throw on the transaction that makes {@code failAt} received. */
  static class Recorder implements TransactionListener {
    final List<Transaction> transactions = new CopyOnWriteArrayList<>();
    final List<SchemaChange> schemaChanges = new CopyOnWriteArrayList<>();
    /** Table fields and transactions in the order they came ({@code SchemaChange} or {@code Transaction}). */
    final List<Object> fieldsAndTransactions = new CopyOnWriteArrayList<>();
    final List<Instant> heartbeats = new CopyOnWriteArrayList<>();
    final List<VGtid[]> reshards = new CopyOnWriteArrayList<>();

    @Override
    public void onTransaction(Transaction tx) throws Exception {
      transactions.add(tx);
      fieldsAndTransactions.add(tx);
    }

    @Override
    public void onTableFields(SchemaChange fields) {
      fieldsAndTransactions.add(fields);
    }

    @Override
    public void onSchemaChange(SchemaChange c) {
      schemaChanges.add(c);
    }

    @Override
    public void onHeartbeat(Instant at) {
      heartbeats.add(at);
    }

    @Override
    public void onReshard(VGtid from, VGtid to) {
      reshards.add(new VGtid[] {from, to});
    }

    int recordCount() {
      int n = 0;
      for (Transaction t : transactions) {
        n += t.records().size();
      }
      return n;
    }
  }

  /** A stream running on its own thread. */
  static final class Running implements AutoCloseable {
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    final KeyspaceStream stream;
    final Future<VGtid> result;

    Running(KeyspaceStream stream, TransactionListener listener) {
      this.stream = stream;
      this.result = thread.submit(() -> stream.run(listener));
    }

    /** Closes the stream and returns what run returned. */
    VGtid stop() throws Exception {
      stream.close();
      return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      stream.close();
      thread.shutdownNow();
    }
  }

  /** Waits, at most {@link #WAIT}, for a condition only observable by asking. */
  static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    awaitTrue(condition, () -> what);
  }

  /** {@link #awaitTrue(BooleanSupplier, String)} describing the state when it times out. */
  static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CountDownLatch never = new CountDownLatch(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what.get());
      }
      never.await(5, TimeUnit.MILLISECONDS);
    }
  }
}
