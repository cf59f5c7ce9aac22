package io.planetscale.cdc.kafka.connect;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs {@link PlanetScaleSourceTask}s as an exactly-once Connect worker with
 * {@code transaction.boundary=connector} would: records polled after the last
 * {@code commitTransaction} are aborted when the task stops; the offsets of committed records are
 * stored and read by the next task.
 */
final class TaskHarness implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Committed offsets, by partition: what a restarted task reads. */
  final Map<Map<String, Object>, Map<String, Object>> store = new HashMap<>();
  /** Every committed record, over every run. */
  final List<SourceRecord> committed = new ArrayList<>();
  /** The committed records, one list per Kafka transaction. */
  final List<List<SourceRecord>> transactions = new ArrayList<>();
  private final Set<SourceRecord> commitAt = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<SourceRecord> pending = new ArrayList<>();
  private PlanetScaleSourceTask task;

  void start(Map<String, String> props) {
    pending.clear();
    task = new PlanetScaleSourceTask();
    task.initialize(new Context(props));
    task.start(props);
  }

  /** Polls until the condition holds over the committed records. */
  void pollUntil(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what + "; committed " + committed.size() + " records");
      }
      pollOnce();
    }
  }

  void pollOnce() throws InterruptedException {
    List<SourceRecord> records = task.poll();
    if (records == null) {
      return;
    }
    for (SourceRecord r : records) {
      pending.add(r);
      if (commitAt.remove(r)) {
        transactions.add(List.copyOf(pending));
        for (SourceRecord c : pending) {
          @SuppressWarnings("unchecked")
          Map<String, Object> partition = (Map<String, Object>) c.sourcePartition();
          @SuppressWarnings("unchecked")
          Map<String, Object> offset = (Map<String, Object>) c.sourceOffset();
          store.put(partition, offset);
        }
        committed.addAll(pending);
        pending.clear();
      }
    }
  }

  /** Stops the task; what it polled after its last commit is aborted. */
  void stop() {
    if (task != null) {
      task.stop();
      task = null;
    }
    pending.clear();
  }

  @Override
  public void close() {
    stop();
  }

  /** The committed change events (not heartbeats, not tombstones). */
  List<SourceRecord> events() {
    List<SourceRecord> out = new ArrayList<>();
    for (SourceRecord r : committed) {
      if (r.value() != null && !r.topic().endsWith(".heartbeat")) {
        out.add(r);
      }
    }
    return out;
  }

  static String op(SourceRecord r) {
    return r.value() == null ? "tombstone" : ((Struct) r.value()).getString("op");
  }

  static String table(SourceRecord r) {
    return r.topic().substring(r.topic().lastIndexOf('.') + 1);
  }

  static long id(SourceRecord r) {
    return ((Number) ((Struct) r.key()).get("id")).longValue();
  }

  /** Applies the change events to tables of id → note, as a consumer would. */
  static Map<String, Map<Long, String>> replay(List<SourceRecord> events) {
    Map<String, Map<Long, String>> tables = new HashMap<>();
    for (SourceRecord r : events) {
      Map<Long, String> t = tables.computeIfAbsent(table(r), k -> new java.util.TreeMap<>());
      if (op(r).equals("d")) {
        t.remove(id(r));
      } else {
        t.put(id(r), ((Struct) r.value()).getStruct("after").getString("note"));
      }
    }
    return tables;
  }

  /** Waits without polling, e.g. for the fake to see a stream open. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CountDownLatch never = new CountDownLatch(1);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out waiting for " + what);
      }
      never.await(5, TimeUnit.MILLISECONDS);
    }
  }

  private final class Context implements SourceTaskContext, TransactionContext, OffsetStorageReader {
    private final Map<String, String> props;

    Context(Map<String, String> props) {
      this.props = props;
    }

    @Override
    public Map<String, String> configs() {
      return props;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
      return this;
    }

    @Override
    public TransactionContext transactionContext() {
      return this;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }

    @Override
    public void commitTransaction() {
      throw new AssertionError("the task commits at a record");
    }

    @Override
    public void commitTransaction(SourceRecord record) {
      commitAt.add(record);
    }

    @Override
    public void abortTransaction() {
      throw new AssertionError("the task never aborts");
    }

    @Override
    public void abortTransaction(SourceRecord record) {
      throw new AssertionError("the task never aborts");
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
      return store.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
      Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
      for (Map<String, T> p : partitions) {
        if (store.containsKey(p)) {
          out.put(p, store.get(p));
        }
      }
      return out;
    }
  }
}
