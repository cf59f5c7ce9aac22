package io.planetscale.cdc.postgres.bench;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.postgres.PostgresClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SDK under test, through its public API only: {@link PostgresClient#sync} and {@link PostgresClient#stream}
 * into a sink that counts records and reads nothing else (except {@code written_ns} of live rows), or, for the
 * {@code sdk-values} readers, also reads every value of every record (as the limits decode every value).
 */
final class SdkReader {
  private SdkReader() {}

  /**
   * Snapshots one table from an empty state with a temporary slot (its creation and the exported snapshot are
   * part of the time), into a counting sink.
   *
   * @param readValues whether the sink reads every value of every record
   * @return the records delivered
   */
  static long snapshot(BenchDatabase database, String table, String slot, boolean readValues) {
    try (PostgresClient client = PostgresClient.builder(database.source()).slotName(slot)
        .publicationName(BenchDatabase.SNAPSHOT_PUBLICATION).temporarySlot(true).build()) {
      Catalog catalog = client.discover(DiscoverSettings.defaults()).selectOnly(table);
      CountingSink sink = new CountingSink(readValues);
      client.sync(catalog, State.empty(), sink);
      return sink.records;
    }
  }

  /**
   * Creates the back-log reader's slot: a first sync of table {@code changes} from an empty state (it snapshots
   * the rows there before the back-log).
   *
   * @return the state to resume from, at the slot's start
   */
  static State prepareBacklog(BenchDatabase database, String slot) {
    database.remember(slot);
    try (PostgresClient client = backlogClient(database, slot).createIfMissing(true).build()) {
      return client.sync(catalog(client, "changes"), State.empty(), new CountingSink(false));
    }
  }

  /**
   * Syncs the back-log from the state {@link #prepareBacklog} returned: every change up to the WAL position
   * current when the sync starts.
   *
   * @param readValues whether the sink reads every value of every record
   * @return the records delivered
   */
  static long backlog(BenchDatabase database, String slot, State state, boolean readValues) {
    try (PostgresClient client = backlogClient(database, slot).build()) {
      CountingSink sink = new CountingSink(readValues);
      client.sync(catalog(client, "changes"), state, sink);
      return sink.records;
    }
  }

  private static PostgresClient.Builder backlogClient(BenchDatabase database, String slot) {
    return PostgresClient.builder(database.source()).slotName(slot)
        .publicationName(BenchDatabase.CHANGES_PUBLICATION);
  }

  private static Catalog catalog(PostgresClient client, String table) {
    return client.discover(DiscoverSettings.defaults()).selectOnly(table);
  }

  /**
   * Streams table {@code live} continuously from an empty state on its own thread, recording each insert's
   * latency, until the returned handle is closed.
   */
  static LiveStream live(BenchDatabase database, String slot, LatencyRecorder recorder) {
    database.remember(slot);
    PostgresClient client = PostgresClient.builder(database.source()).slotName(slot)
        .publicationName(BenchDatabase.LIVE_PUBLICATION).createIfMissing(true).build();
    Catalog catalog = catalog(client, "live");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    RecordSink sink = new RecordSink() {
      @Override
      public void record(Record record, Stream stream) {
        if (record.operation() == Operation.INSERT) {
          recorder.arrived(((Number) record.data().get("written_ns")).longValue());
        }
      }

      @Override
      public void state(State state) {}
    };
    Thread thread = new Thread(() -> {
      try {
        client.stream(catalog, State.empty(), sink);
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "sdk-live");
    thread.start();
    return new LiveStream(client, thread, failure);
  }

  /** A running {@link PostgresClient#stream}; closing stops it and waits for it to return. */
  record LiveStream(PostgresClient client, Thread thread, AtomicReference<Throwable> failure)
      implements AutoCloseable {
    /** Fails if the stream failed. */
    void check() {
      Throwable e = failure.get();
      if (e != null) {
        throw new IllegalStateException("PostgresClient.stream failed: " + e, e);
      }
    }

    @Override
    public void close() throws InterruptedException {
      client.close();
      thread.join(30_000);
      if (thread.isAlive()) {
        throw new IllegalStateException("PostgresClient.stream did not return within 30 s of close()");
      }
      check();
    }
  }

  /** Counts records (reading their values when asked); accepts every state. */
  private static final class CountingSink implements RecordSink {
    private final boolean readValues;
    private long records;
    private long values;

    CountingSink(boolean readValues) {
      this.readValues = readValues;
    }

    @Override
    public void record(Record record, Stream stream) {
      records++;
      if (readValues) {
        for (Object value : record.data().values()) {
          if (value != null) {
            values++;
          }
        }
        if (values == 0) {
          throw new IllegalStateException("a record of " + stream.name() + " without a value");
        }
      }
    }

    @Override
    public void state(State state) {}
  }
}
