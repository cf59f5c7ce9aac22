package io.planetscale.cdc.postgres.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Phase 3: live latency. For each reader in turn: table {@code live} is emptied, the reader starts on a slot of
 * its own and is streaming, then {@link LiveWriter} writes at the rate for a warm-up of {@value #WARM_UP_SECONDS}
 * seconds plus the window; the latencies of the rows written in the window are recorded, and the phase waits
 * until every row written arrived.
 */
final class LatencyPhase {
  static final int WARM_UP_SECONDS = 2;
  static final int ROWS_PER_TRANSACTION = 100;
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(2);

  private final BenchDatabase database;
  private final BenchArguments arguments;

  LatencyPhase(BenchDatabase database, BenchArguments arguments) {
    this.database = database;
    this.arguments = arguments;
  }

  /** One run: every reader once, in reverse order on odd runs. */
  void run(int run, BenchReport report) {
    List<Runnable> readers = new ArrayList<>();
    if (arguments.reader("limit")) {
      readers.add(step(run, report, "raw-pgoutput", (slot, recorder) -> {
        database.createSlot(slot);
        RawPgOutputReader reader = RawPgOutputReader.open(database, slot, BenchDatabase.LIVE_PUBLICATION);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
          try {
            reader.readLive(recorder);
          } catch (Throwable e) {
            failure.set(e);
          }
        }, "raw-live");
        thread.start();
        return new Running() {
          @Override
          public void check() {
            if (failure.get() != null) {
              throw new IllegalStateException("the raw reader failed: " + failure.get(), failure.get());
            }
          }

          @Override
          public void close() throws Exception {
            reader.close();
            thread.join(30_000);
            check();
          }
        };
      }));
    }
    if (arguments.reader("sdk")) {
      readers.add(step(run, report, "sdk", (slot, recorder) -> {
        SdkReader.LiveStream stream = SdkReader.live(database, slot, recorder);
        return new Running() {
          @Override
          public void check() {
            stream.check();
          }

          @Override
          public void close() throws Exception {
            stream.close();
          }
        };
      }));
    }
    if (arguments.reader("debezium")) {
      for (int poll : new int[] {20, 0}) {
        readers.add(step(run, report, poll == 0 ? "debezium-defaults" : "debezium-poll-" + poll + "ms",
            (slot, recorder) -> {
              DebeziumReader reader = DebeziumReader.start(database, "live", BenchDatabase.LIVE_PUBLICATION, slot,
                  "no_data", poll, Long.MAX_VALUE, recorder);
              return new Running() {
                @Override
                public void check() {
                  reader.check();
                }

                @Override
                public void close() throws Exception {
                  reader.close();
                }
              };
            }));
      }
    }
    PostgresThroughput.inOrder(run, readers);
  }

  private Runnable step(int run, BenchReport report, String reader, LiveReader live) {
    String slot = "bench_live_" + reader.replace('-', '_') + "_" + run;
    long expected = (long) arguments.rate() * arguments.seconds();
    return () -> PostgresThroughput.measure(run, report, "latency", reader, expected,
        () -> measure(slot, live));
  }

  private Timed measure(String slot, LiveReader live) throws Exception {
    database.execute("TRUNCATE live");
    LatencyRecorder recorder = new LatencyRecorder();
    Running running = live.start(slot, recorder);
    try {
      database.awaitSlotActive(slot, Duration.ofMinutes(2), running::check);
      LiveWriter writer = new LiveWriter(database, arguments.rate(), ROWS_PER_TRANSACTION);
      long written = writer.write(Duration.ofSeconds(WARM_UP_SECONDS));
      long start = System.nanoTime();
      recorder.openWindow(start);
      long inWindow = writer.write(Duration.ofSeconds(arguments.seconds()));
      long end = System.nanoTime();
      written += inWindow;
      long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
      while (recorder.arrivals() < written) {
        running.check();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(recorder.arrivals() + " of " + written + " live rows arrived in "
              + ARRIVAL_TIMEOUT);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      running.check();
      return new Timed(inWindow, end - start, recorder.percentiles());
    } finally {
      running.close();
      database.dropSlot(slot, Duration.ofSeconds(30));
    }
  }

  /** Starts a reader streaming a slot into a recorder. */
  @FunctionalInterface
  interface LiveReader {
    Running start(String slot, LatencyRecorder recorder) throws Exception;
  }

  /** A started reader. */
  interface Running extends AutoCloseable {
    /** Fails if the reader failed. */
    void check();
  }
}
