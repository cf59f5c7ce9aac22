package io.planetscale.cdc.postgres.bench;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The peer: Debezium's embedded engine (3.6.1, PostgreSQL connector, {@code plugin.name=pgoutput}, offsets in
 * memory) with the Kafka Connect record format, counting the {@link SourceRecord}s of the table it reads (and,
 * for live rows, reading {@code after.written_ns}). Tombstones are off ({@code tombstones.on.delete=false}):
 * a delete is one record, as it is for the other readers.
 */
final class DebeziumReader implements AutoCloseable {
  private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private final Thread thread;
  private final AtomicLong records = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final long expected;
  private volatile long reachedNanos;

  private DebeziumReader(Properties properties, long expected, LatencyRecorder recorder) {
    this.expected = expected;
    this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class)).using(properties)
        .notifying((List<RecordChangeEvent<SourceRecord>> batch,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) -> {
          for (RecordChangeEvent<SourceRecord> event : batch) {
            Object value = event.record().value();
            if (value instanceof Struct struct) {
              if (recorder != null && "c".equals(struct.getString("op"))) {
                recorder.arrived(struct.getStruct("after").getInt64("written_ns"));
              }
              if (records.incrementAndGet() == this.expected) {
                reachedNanos = System.nanoTime();
                done.countDown();
              }
            }
            committer.markProcessed(event);
          }
          committer.markBatchFinished();
        })
        .using((boolean success, String message, Throwable error) -> {
          if (!success) {
            failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
          }
          done.countDown();
        })
        .build();
    this.thread = new Thread(engine, "debezium-engine");
  }

  /**
   * Starts an engine.
   *
   * @param database the database
   * @param table the table read (in schema {@code public})
   * @param publication the publication (existing: Debezium does not create it)
   * @param slot the slot: Debezium creates it if missing
   * @param snapshotMode {@code initial} (read the table, then stream) or {@code no_data} (stream only)
   * @param pollIntervalMs {@code poll.interval.ms}, or 0 for Debezium's default
   * @param expected the record count that ends {@link #await}
   * @param recorder where live rows' latencies go, or null
   */
  static DebeziumReader start(BenchDatabase database, String table, String publication, String slot,
      String snapshotMode, int pollIntervalMs, long expected, LatencyRecorder recorder) {
    database.remember(slot);
    Properties p = new Properties();
    p.setProperty("name", "bench-" + slot);
    p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
    p.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
    p.setProperty("offset.flush.interval.ms", "60000");
    p.setProperty("database.hostname", database.server().host());
    p.setProperty("database.port", Integer.toString(database.server().port()));
    p.setProperty("database.user", database.server().user());
    p.setProperty("database.password", "");
    p.setProperty("database.dbname", BenchDatabase.NAME);
    p.setProperty("topic.prefix", "bench");
    p.setProperty("plugin.name", "pgoutput");
    p.setProperty("slot.name", slot);
    p.setProperty("publication.name", publication);
    p.setProperty("publication.autocreate.mode", "disabled");
    p.setProperty("table.include.list", "public." + table);
    p.setProperty("snapshot.mode", snapshotMode);
    p.setProperty("tombstones.on.delete", "false");
    if (pollIntervalMs > 0) {
      p.setProperty("poll.interval.ms", Integer.toString(pollIntervalMs));
    }
    DebeziumReader reader = new DebeziumReader(p, expected, recorder);
    reader.thread.start();
    return reader;
  }

  /**
   * Waits until the expected number of records arrived.
   *
   * @return when the last of them arrived ({@link System#nanoTime()})
   * @throws IllegalStateException if the engine stopped or failed first, or the timeout passed
   */
  long await(Duration timeout) throws InterruptedException {
    if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException("Debezium delivered " + records.get() + " of " + expected + " records in "
          + timeout);
    }
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("the Debezium engine failed after " + records.get() + " records: " + e, e);
    }
    if (records.get() < expected) {
      throw new IllegalStateException("the Debezium engine stopped after " + records.get() + " of " + expected
          + " records");
    }
    return reachedNanos;
  }

  /** Fails if the engine failed. */
  void check() {
    Throwable e = failure.get();
    if (e != null) {
      throw new IllegalStateException("the Debezium engine failed: " + e, e);
    }
  }

  long records() {
    return records.get();
  }

  /** Stops the engine and waits for its thread. */
  @Override
  public void close() throws IOException, InterruptedException {
    engine.close();
    thread.join(60_000);
  }
}
