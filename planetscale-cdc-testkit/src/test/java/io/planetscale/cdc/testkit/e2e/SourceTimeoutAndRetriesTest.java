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
import io.planetscale.cdc.testkit.RecordedVStreamRequest;
import io.planetscale.cdc.testkit.RecordingSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The source's Airbyte settings govern a sync through {@link PlanetScaleClient} with default options:
 * {@code timeout_seconds} is the deadline of every read call (the fake records each call's deadline),
 * and {@code max_retries} the number of attempts of a read (counted in the calls the fake received).
 * Explicit {@link SyncOptions#readOptions()} win. On both transports.
 */
class SourceTimeoutAndRetriesTest {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void timeoutSecondsIsTheDeadlineOfEveryReadCall(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7)) {
      E2e.orders(fake, 20);

      RecordingSink sink = sync(fake, transport, fake.source().toBuilder().timeoutSeconds(7).build(),
          SyncOptions.defaults());

      assertThat(sink.records()).hasSize(20);
      assertThat(deadlines(fake, transport, false)).hasSize(2)
          .allSatisfy(d -> assertDeadline(d, Duration.ofSeconds(7)));
      // The peek keeps its own timeout (45 s): timeout_seconds is the read window only.
      assertThat(deadlines(fake, transport, true)).hasSize(2)
          .allSatisfy(d -> assertDeadline(d, Duration.ofSeconds(45)));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void explicitReadOptionsWinOverTimeoutSeconds(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7)) {
      E2e.orders(fake, 20);

      sync(fake, transport, fake.source().toBuilder().timeoutSeconds(7).build(), SyncOptions.builder()
          .readOptions(ReadOptions.defaults().withReadWindow(Duration.ofSeconds(3))).build());

      assertThat(deadlines(fake, transport, false)).hasSize(2)
          .allSatisfy(d -> assertDeadline(d, Duration.ofSeconds(3)));
    }
  }

  /**
   * The first read call fails with UNAVAILABLE (once). max_retries 0 and 1 allow one attempt: the
   * sync fails after the peek and that one read. max_retries 2 allows the retry, and the sync
   * completes: both peeks and reads, and the retried read. One read at a time, so that the fault
   * hits the first shard's read (Sync: its first response; VStream: its third, the first with rows).
   */
  @ParameterizedTest(name = "{0} max_retries={1}")
  @CsvSource({"VSTREAM, 0, true, 2", "VSTREAM, 1, true, 2", "VSTREAM, 2, false, 5",
      "PSDBCONNECT, 0, true, 2", "PSDBCONNECT, 1, true, 2", "PSDBCONNECT, 2, false, 5"})
  void maxRetriesIsTheNumberOfAttempts(Transport transport, int maxRetries, boolean fails, int calls) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7)) {
      E2e.orders(fake, 20);
      PlanetScaleSource source = fake.source().toBuilder().maxRetries(maxRetries).build();
      E2e.failResponse(transport, fake, 2, 2, Status.Code.UNAVAILABLE, "tablet restarting");

      if (fails) {
        assertThat(catchThrowableOfType(ConnectionException.class,
            () -> sync(fake, transport, source, SyncOptions.builder().readAhead(0).build())))
            .hasMessageContaining("UNAVAILABLE").hasMessageContaining("attempt 1");
      } else {
        assertThat(sync(fake, transport, source, SyncOptions.builder().readAhead(0).build()).records()).hasSize(20);
      }
      assertThat(E2e.calls(transport, fake)).isEqualTo(calls);
    }
  }

  /** A first sync of the fake's catalog through a client with default connect options. */
  private static RecordingSink sync(FakePlanetScale fake, Transport transport, PlanetScaleSource source,
      SyncOptions options) {
    Catalog catalog = E2e.catalog(fake);
    RecordingSink sink = new RecordingSink();
    try (PlanetScaleClient client = PlanetScaleClient.builder(source).mysql(fake.mysqlAccess())
        .transport(transport).build()) {
      client.sync(catalog, State.empty(), sink, options);
    }
    return sink;
  }

  /** The deadlines of the peeks (calls at "current") or of the reads the fake received over {@code transport}. */
  private static List<Duration> deadlines(FakePlanetScale fake, Transport transport, boolean peeks) {
    return transport == Transport.VSTREAM
        ? fake.vstreamRequests().stream()
            .filter(r -> r.shardGtids().get(0).gtid().equals(TableCursor.CURRENT) == peeks)
            .map(RecordedVStreamRequest::deadline).toList()
        : fake.requests().stream().filter(r -> r.cursor().position().equals(TableCursor.CURRENT) == peeks)
            .map(RecordedRequest::deadline).toList();
  }

  /** The call had the given deadline, less the moment it took to arrive. */
  private static void assertDeadline(Duration deadline, Duration expected) {
    assertThat(deadline).isNotNull()
        .isBetween(expected.minusMillis(1500), expected);
  }
}
