package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interrupting the thread that runs a sync: it stops within a second wherever it is waiting (for the
 * current position, for the next response of a copy, in a retry backoff), keeps its interrupt
 * status, cancels its calls, and once the edge database and the fake are closed no thread they
 * started is left running. On both transports, except the wait for the current position on VStream:
 * the fake's VStream cannot delay its answer to a {@code "current"} call (its delays are Sync's).
 */
class SyncInterruptTest {
  enum Where { PEEK, MID_COPY, RETRY_BACKOFF }

  static List<Arguments> cases() {
    return List.of(Arguments.of(Transport.VSTREAM, Where.MID_COPY),
        Arguments.of(Transport.VSTREAM, Where.RETRY_BACKOFF), Arguments.of(Transport.PSDBCONNECT, Where.PEEK),
        Arguments.of(Transport.PSDBCONNECT, Where.MID_COPY), Arguments.of(Transport.PSDBCONNECT, Where.RETRY_BACKOFF));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void interruptStopsTheSyncWithinOneSecondAndItsThreadsEnd(Transport transport, Where where) throws Exception {
    Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
    FakePlanetScale fake = E2e.twoShards(false, 1);
    EdgeDatabase edge = E2e.edge(transport, fake);
    // VStream MID_COPY: the server stops before shard -80's 6th copy batch (of one row) until released.
    CountDownLatch release = new CountDownLatch(1);
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
      if (where == Where.MID_COPY && transport == Transport.VSTREAM) {
        fake.vstream().beforeCopyBatch((shard, table, batchesSent) -> {
          if (shard.equals("-80") && batchesSent == 5) {
            try {
              release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
      }
      ReadOptions options = E2e.fast();
      switch (where) {
        case PEEK:
          fake.faults().delayResponses(Duration.ofSeconds(60)); // the first response never comes in time
          break;
        case MID_COPY:
          break;
        default: // RETRY_BACKOFF: the third response fails, then the reader waits a minute before retrying
          options = options.withRetryPolicy(new RetryPolicy(5, Duration.ofSeconds(60), Duration.ofSeconds(60), 0));
          E2e.failResponse(transport, fake, 3, 2, Status.Code.UNAVAILABLE, "tablet restarting");
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
      // A server held in the copy hook goes on now: were the call not cancelled, it would stay open.
      release.countDown();
      // The SDK cancelled its call: the server has no stream left open.
      assertThat(fake.awaitOpenStreams(0, Duration.ofSeconds(5))).isTrue();
    } finally {
      release.countDown();
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
