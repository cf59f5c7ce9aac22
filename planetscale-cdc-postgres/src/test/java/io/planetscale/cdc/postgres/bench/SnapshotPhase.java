package io.planetscale.cdc.postgres.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 1: snapshot rows/s of table {@code snap} by the JDBC limit, the SDK and Debezium, and the SDK's heap
 * on the smaller table {@code snap_small} too (to show that it does not grow with the table).
 */
final class SnapshotPhase {
  private final BenchDatabase database;
  private final BenchArguments arguments;

  SnapshotPhase(BenchDatabase database, BenchArguments arguments) {
    this.database = database;
    this.arguments = arguments;
  }

  /** Loads both tables (once for every run). */
  void load(BenchReport report) throws Exception {
    long start = System.nanoTime();
    BenchTable.load(database, "snap", arguments.rows());
    BenchTable.load(database, "snap_small", arguments.small());
    report.line("loaded snap (%,d rows) and snap_small (%,d rows) in %.1f s", arguments.rows(), arguments.small(),
        (System.nanoTime() - start) / 1e9);
  }

  /** One run: every reader once, in reverse order on odd runs. */
  void run(int run, BenchReport report) throws Exception {
    List<Runnable> readers = new ArrayList<>();
    if (arguments.reader("limit")) {
      readers.add(step(run, report, "jdbc", () -> Timed.of(() -> JdbcSnapshotReader.read(database, "snap"))));
    }
    if (arguments.reader("sdk")) {
      readers.add(step(run, report, "sdk", () -> Timed.of(() -> SdkReader.snapshot(database, "snap",
          "bench_sdk_snap_" + run, false))));
      readers.add(step(run, report, "sdk-values", () -> Timed.of(() -> SdkReader.snapshot(database, "snap",
          "bench_sdk_values_" + run, true))));
      readers.add(step(run, report, "sdk-" + arguments.small() / 1000 + "k", () -> Timed.of(() ->
          SdkReader.snapshot(database, "snap_small", "bench_sdk_small_" + run, false))));
    }
    if (arguments.reader("debezium")) {
      readers.add(step(run, report, "debezium", () -> debezium(run)));
    }
    PostgresThroughput.inOrder(run, readers);
  }

  private Timed debezium(int run) throws Exception {
    String slot = "bench_dbz_snap_" + run;
    long start = System.nanoTime();
    try (DebeziumReader reader = DebeziumReader.start(database, "snap", BenchDatabase.SNAPSHOT_PUBLICATION, slot,
        "initial", 0, arguments.rows(), null)) {
      long end = reader.await(Duration.ofMinutes(30));
      return new Timed(reader.records(), end - start);
    } finally {
      database.dropSlot(slot, Duration.ofSeconds(30));
    }
  }

  private Runnable step(int run, BenchReport report, String reader, PostgresThroughput.Reading reading) {
    return () -> PostgresThroughput.measure(run, report, "snapshot", reader, expected(reader), reading);
  }

  private long expected(String reader) {
    return reader.equals("sdk-" + arguments.small() / 1000 + "k") ? arguments.small() : arguments.rows();
  }
}
