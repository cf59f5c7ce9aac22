package io.planetscale.cdc.postgres.bench;

import io.planetscale.cdc.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 2: back-log rows/s. Each run reloads table {@code changes}, creates every reader's slot (the SDK's by a
 * first sync from an empty state), writes the back-log ({@code changes} row changes in transactions of 100:
 * inserts, updates, deletes), and then times each reader reading the back-log to its end from its own slot.
 */
final class StreamPhase {
  private final BenchDatabase database;
  private final BenchArguments arguments;

  StreamPhase(BenchDatabase database, BenchArguments arguments) {
    this.database = database;
    this.arguments = arguments;
  }

  /** One run: slots, back-log, then every reader once, in reverse order on odd runs; the slots are dropped. */
  void run(int run, BenchReport report) throws Exception {
    BenchTable.load(database, "changes", BenchTable.CHANGES_INITIAL_ROWS);
    String rawSlot = "bench_raw_backlog_" + run;
    String sdkSlot = "bench_sdk_backlog_" + run;
    String sdkValuesSlot = "bench_sdk_values_backlog_" + run;
    String debeziumSlot = "bench_dbz_backlog_" + run;
    try {
      if (arguments.reader("limit")) {
        database.createSlot(rawSlot);
      }
      State sdkState = arguments.reader("sdk") ? SdkReader.prepareBacklog(database, sdkSlot) : null;
      State sdkValuesState = arguments.reader("sdk") ? SdkReader.prepareBacklog(database, sdkValuesSlot) : null;
      if (arguments.reader("debezium")) {
        database.createSlot(debeziumSlot);
      }
      long start = System.nanoTime();
      long changes = BenchTable.writeChanges(database, arguments.changes());
      report.line("run %d back-log: %,d changes in %,d transactions written in %.1f s", run, changes,
          changes / BenchTable.CHANGES_PER_TRANSACTION, (System.nanoTime() - start) / 1e9);
      List<Runnable> readers = new ArrayList<>();
      if (arguments.reader("limit")) {
        readers.add(step(run, report, "raw-pgoutput", changes, () -> Timed.of(() -> {
          try (RawPgOutputReader reader = RawPgOutputReader.open(database, rawSlot,
              BenchDatabase.CHANGES_PUBLICATION)) {
            return reader.readChanges(changes);
          }
        })));
      }
      if (arguments.reader("sdk")) {
        readers.add(step(run, report, "sdk", changes, () -> Timed.of(() ->
            SdkReader.backlog(database, sdkSlot, sdkState, false))));
        readers.add(step(run, report, "sdk-values", changes, () -> Timed.of(() ->
            SdkReader.backlog(database, sdkValuesSlot, sdkValuesState, true))));
      }
      if (arguments.reader("debezium")) {
        readers.add(step(run, report, "debezium", changes, () -> {
          long begin = System.nanoTime();
          try (DebeziumReader reader = DebeziumReader.start(database, "changes", BenchDatabase.CHANGES_PUBLICATION,
              debeziumSlot, "no_data", 0, changes, null)) {
            long end = reader.await(Duration.ofMinutes(30));
            return new Timed(reader.records(), end - begin);
          }
        }));
      }
      PostgresThroughput.inOrder(run, readers);
    } finally {
      for (String slot : List.of(rawSlot, sdkSlot, sdkValuesSlot, debeziumSlot)) {
        database.dropSlot(slot, Duration.ofSeconds(30));
      }
    }
  }

  private Runnable step(int run, BenchReport report, String reader, long expected,
      PostgresThroughput.Reading reading) {
    return () -> PostgresThroughput.measure(run, report, "stream", reader, expected, reading);
  }
}
