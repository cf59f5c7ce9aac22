package io.planetscale.cdc.postgres.bench;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The Postgres benchmark runner (issue 13, "Benchmark against the peer"): on one embedded PostgreSQL 18 server,
 * the SDK's public {@code PostgresClient} against the limits (plain JDBC for snapshots, PgJDBC's replication
 * stream with a minimal pgoutput decoder for streams) and against Debezium's embedded engine, each into a sink
 * that counts. Phases: snapshot rows/s, back-log stream rows/s, live latency at a steady write rate; the heap of
 * each reader in each phase. Readers alternate their order between runs (ABBA); the summary gives medians.
 *
 * <pre>{@code
 * java -cp "$CP" -Dpostgres18.binaries=... io.planetscale.cdc.postgres.bench.PostgresThroughput \
 *     rows=1000000 runs=3 phases=snapshot,stream,latency readers=limit,sdk,debezium
 * }</pre>
 *
 * <p>Arguments: see {@link BenchArguments}. The results are appended to
 * {@code target/postgres-throughput.txt}. Every slot the runner creates is dropped, and the server is stopped
 * in {@code finally}.
 */
public final class PostgresThroughput {
  private static final Path RESULTS = Path.of("target", "postgres-throughput.txt");

  private PostgresThroughput() {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code key=value} arguments, see {@link BenchArguments}; on a failure the runner prints it and
   *     exits with status 1
   */
  public static void main(String[] args) {
    int status = 1;
    try {
      run(BenchArguments.parse(args), String.join(" ", args));
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    }
    // Debezium's and PgJDBC's non-daemon threads must not keep the JVM alive once the runner is done.
    System.exit(status);
  }

  private static void run(BenchArguments arguments, String argumentText) throws Exception {
    BenchReport report = new BenchReport();
    EmbeddedPostgresServer server = EmbeddedPostgresServer.start(18);
    BenchDatabase database = null;
    try {
      database = BenchDatabase.create(server);
      report.line("PostgresThroughput %s at %s", argumentText, Instant.now());
      report.line("%s; Java %s; %d processors; max heap %d MiB; load average %s", server.version(),
          System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20, loadAverage());
      SnapshotPhase snapshot = new SnapshotPhase(database, arguments);
      StreamPhase stream = new StreamPhase(database, arguments);
      LatencyPhase latency = new LatencyPhase(database, arguments);
      if (arguments.phase("snapshot")) {
        snapshot.load(report);
      }
      for (int run = 0; run < arguments.runs(); run++) {
        if (arguments.phase("snapshot")) {
          snapshot.run(run, report);
        }
        if (arguments.phase("stream")) {
          stream.run(run, report);
        }
        if (arguments.phase("latency")) {
          latency.run(run, report);
        }
        report.line("run %d done; load average %s", run, loadAverage());
      }
      report.summary(arguments.runs());
    } finally {
      try {
        if (database != null) {
          database.dropSlots();
        }
      } finally {
        server.close();
        report.append(RESULTS);
        System.out.println("appended to " + RESULTS.toAbsolutePath());
      }
    }
  }

  /**
   * One reader's reading.
   */
  @FunctionalInterface
  interface Reading {
    Timed read() throws Exception;
  }

  /** Runs the readers in order on even runs and in reverse order on odd ones (ABBA). */
  static void inOrder(int run, List<Runnable> readers) {
    List<Runnable> ordered = new ArrayList<>(readers);
    if (run % 2 == 1) {
      Collections.reverse(ordered);
    }
    ordered.forEach(Runnable::run);
  }

  /**
   * Measures one reading with a {@link HeapProbe} around it, checks that it read the rows expected, and
   * reports it.
   */
  static void measure(int run, BenchReport report, String phase, String reader, long expected, Reading reading) {
    HeapProbe probe = HeapProbe.start();
    Timed timed;
    try {
      timed = reading.read();
    } catch (Exception e) {
      throw new IllegalStateException(phase + " " + reader + " (run " + run + ") failed: " + e, e);
    }
    HeapProbe.Heap heap = probe.stop();
    if (timed.rows() != expected) {
      throw new IllegalStateException(phase + " " + reader + " (run " + run + ") read " + timed.rows()
          + " rows, expected " + expected);
    }
    report.add(run, new Measurement(phase, reader, timed.rows(), timed.nanos(), heap, timed.latency()));
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
