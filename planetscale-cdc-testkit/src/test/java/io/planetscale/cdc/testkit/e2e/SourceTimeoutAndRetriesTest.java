package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordedRequest;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The source's Airbyte settings govern a sync through {@link PlanetScaleClient} with default options:
 * {@code timeout_seconds} is the deadline of every read call (the fake records each call's deadline),
 * and {@code max_retries} the number of attempts of a read (counted in the calls the fake received).
 * Explicit {@link SyncOptions#readOptions()} win.
 */
class SourceTimeoutAndRetriesTest {

  @Test
  void timeoutSecondsIsTheDeadlineOfEveryReadCall() {
    try (FakePlanetScale fake = E2e.twoShards(false, 7)) {
      E2e.orders(fake, 20);

      RecordingSink sink = sync(fake, fake.source().toBuilder().timeoutSeconds(7).build(), SyncOptions.defaults());

      assertThat(sink.records()).hasSize(20);
      assertThat(reads(fake)).hasSize(2).allSatisfy(r -> assertDeadline(r, Duration.ofSeconds(7)));
      // The peek keeps its own timeout (45 s): timeout_seconds is the read window only.
      assertThat(peeks(fake)).hasSize(2).allSatisfy(r -> assertDeadline(r, Duration.ofSeconds(45)));
    }
  }

  @Test
  void explicitReadOptionsWinOverTimeoutSeconds() {
    try (FakePlanetScale fake = E2e.twoShards(false, 7)) {
      E2e.orders(fake, 20);

      sync(fake, fake.source().toBuilder().timeoutSeconds(7).build(), SyncOptions.builder()
          .readOptions(ReadOptions.defaults().withReadWindow(Duration.ofSeconds(3))).build());

      assertThat(reads(fake)).hasSize(2).allSatisfy(r -> assertDeadline(r, Duration.ofSeconds(3)));
    }
  }

  /**
   * The first read call fails with UNAVAILABLE (once). max_retries 0 and 1 allow one attempt: the
   * sync fails after the peek and that one read. max_retries 2 allows the retry, and the sync
   * completes: both peeks and reads, and the retried read. One read at a time, so that the fault
   * hits the first shard's read.
   */
  @ParameterizedTest(name = "max_retries={0}")
  @CsvSource({"0, true, 2", "1, true, 2", "2, false, 5"})
  void maxRetriesIsTheNumberOfAttempts(int maxRetries, boolean fails, int calls) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7)) {
      E2e.orders(fake, 20);
      PlanetScaleSource source = fake.source().toBuilder().maxRetries(maxRetries).build();
      fake.faults().failResponse(2, Status.Code.UNAVAILABLE, "tablet restarting"); // the read's first response

      if (fails) {
        assertThat(catchThrowableOfType(ConnectionException.class, () -> sync(fake, source, SyncOptions.builder().readAhead(0).build())))
            .hasMessageContaining("UNAVAILABLE").hasMessageContaining("attempt 1");
      } else {
        assertThat(sync(fake, source, SyncOptions.builder().readAhead(0).build()).records()).hasSize(20);
      }
      assertThat(fake.requests()).hasSize(calls);
    }
  }

  /** A first sync of the fake's catalog through a client with default connect options. */
  private static RecordingSink sync(FakePlanetScale fake, PlanetScaleSource source, SyncOptions options) {
    Catalog catalog = E2e.catalog(fake);
    RecordingSink sink = new RecordingSink();
    try (PlanetScaleClient client = PlanetScaleClient.builder(source).mysql(fake.mysqlAccess())
        .transport(Transport.PSDBCONNECT).build()) { // its faults and recorded requests are Sync's
      client.sync(catalog, State.empty(), sink, options);
    }
    return sink;
  }

  private static List<RecordedRequest> reads(FakePlanetScale fake) {
    return fake.requests().stream().filter(r -> !r.cursor().position().equals(TableCursor.CURRENT)).toList();
  }

  private static List<RecordedRequest> peeks(FakePlanetScale fake) {
    return fake.requests().stream().filter(r -> r.cursor().position().equals(TableCursor.CURRENT)).toList();
  }

  /** The call had the given deadline, less the moment it took to arrive. */
  private static void assertDeadline(RecordedRequest r, Duration expected) {
    assertThat(r.deadline()).isNotNull()
        .isBetween(expected.minusMillis(1500), expected);
  }
}
