package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interrupting the thread that runs a sync: it stops within a second wherever it is waiting (for the
 * current position, for the next response of a copy, in a retry backoff), keeps its interrupt
 * status, cancels its calls, and once the edge database and the fake are closed no thread they
 * started is left running.
 */
class SyncInterruptTest {
  enum Where { PEEK, MID_COPY, RETRY_BACKOFF }

  @ParameterizedTest
  @EnumSource(Where.class)
  void interruptStopsTheSyncWithinOneSecondAndItsThreadsEnd(Where where) throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    FakePlanetScale fake = E2e.twoShards(false, 1);
    ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults());
    Thread syncThread;
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    boolean[] interruptKept = new boolean[1];
    try {
      E2e.orders(fake, 40);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink recording = new RecordingSink();
      java.util.concurrent.CountDownLatch copying = new java.util.concurrent.CountDownLatch(1);
      // MID_COPY: after the 5th row, every further response waits a minute: the reader waits mid-copy.
      io.planetscale.cdc.RecordSink sink = where != Where.MID_COPY ? recording : new ForwardingSink(recording) {
        @Override
        public void record(io.planetscale.cdc.Record record, io.planetscale.cdc.Stream stream) throws Exception {
          super.record(record, stream);
          if (recording.records().size() == 5) {
            fake.faults().delayResponses(Duration.ofSeconds(60));
            copying.countDown();
          }
        }
      };
      ReadOptions options = E2e.fast();
      switch (where) {
        case PEEK:
          fake.faults().delayResponses(Duration.ofSeconds(60)); // the first response never comes in time
          break;
        case MID_COPY:
          break;
        default: // RETRY_BACKOFF: the third response fails, then the reader waits a minute before retrying
          options = options.withRetryPolicy(new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(60), 0));
          fake.faults().failResponse(3, Status.Code.UNAVAILABLE, "tablet restarting");
          break;
      }
      ReadOptions chosen = options;
      syncThread = new Thread(() -> {
        try {
          E2e.syncOneReadAtATime(fake, edge, fake.source(), catalog, State.empty(), sink, chosen);
          outcome.complete(null);
        } catch (Throwable t) {
          interruptKept[0] = Thread.currentThread().isInterrupted();
          outcome.complete(t);
        }
      }, "test-sync");
      syncThread.start();
      switch (where) {
        case PEEK:
          assertThat(fake.awaitOpenStreams(1, Duration.ofSeconds(10))).isTrue();
          break;
        case MID_COPY:
          assertThat(copying.await(10, TimeUnit.SECONDS)).isTrue();
          break;
        default:
          // The window with the failure has closed on the server: the reader is in (or entering) its backoff.
          assertThat(fake.awaitOpenStreams(0, Duration.ofSeconds(10))).isTrue();
          break;
      }
      long start = System.nanoTime();
      syncThread.interrupt();
      Throwable thrown = outcome.get(1, TimeUnit.SECONDS);
      syncThread.join(TimeUnit.NANOSECONDS.toMillis(TimeUnit.SECONDS.toNanos(1) - (System.nanoTime() - start)) + 1);

      assertThat(syncThread.isAlive()).isFalse();
      assertThat(thrown).isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("interrupted");
      assertThat(interruptKept[0]).as("the interrupt status is kept").isTrue();
      // The SDK cancelled its call: the server has no stream left open.
      assertThat(fake.awaitOpenStreams(0, Duration.ofSeconds(5))).isTrue();
    } finally {
      edge.close();
      fake.close();
    }
    assertThreadsEnd(before, Duration.ofSeconds(15));
  }

  /** Waits (by joining, with a deadline) for every thread started since {@code before} to end. */
  static void assertThreadsEnd(Set<Thread> before, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> alive = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (before.contains(t) || t == Thread.currentThread()) {
        continue;
      }
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        alive.add(t.getName());
      }
    }
    assertThat(alive).as("threads still running after close").isEmpty();
  }
}
