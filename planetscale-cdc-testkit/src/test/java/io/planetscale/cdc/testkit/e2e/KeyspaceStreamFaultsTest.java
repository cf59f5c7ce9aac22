package io.planetscale.cdc.testkit.e2e;

import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.apply;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.awaitTrue;
import static io.planetscale.cdc.testkit.e2e.KeyspaceStreams.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyspaceStream} against the failures a real server has: each transient one, in the middle of
 * the copy or of a transaction spread over several responses, is retried from the last accepted
 * position with nothing lost and nothing accepted delivered again; credentials rejected fail at once.
 */
class KeyspaceStreamFaultsTest {
  static Stream<Arguments> transientFaults() {
    return Stream.of(
        Arguments.of("vstream ended unexpectedly", (Consumer<FakePlanetScale>) f -> f.faults().vstream()
            .endUnexpectedlyAfterResponses(6)),
        Arguments.of("the copy interrupted after an hour (errno 3024)", (Consumer<FakePlanetScale>) f -> f.faults()
            .vstream().interruptCopyAfterBatches(3)),
        Arguments.of("the idle end", (Consumer<FakePlanetScale>) f -> f.faults().vstream()
            .endIdleAfterResponses(6, Duration.ZERO)),
        Arguments.of("a clean end of stream", (Consumer<FakePlanetScale>) f -> f.faults().vstream()
            .completeAfterResponses(6)),
        Arguments.of("UNAVAILABLE", (Consumer<FakePlanetScale>) f -> f.faults().vstream()
            .failAfterResponses(6, Status.Code.UNAVAILABLE, "connection reset")),
        Arguments.of("a throttled tablet", (Consumer<FakePlanetScale>) f -> f.faults().vstream()
            .failAfterResponses(6, Status.Code.UNKNOWN,
                "vttablet: rpc error: vstreamer has been fully throttled for 10m0s: no activity")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientFaults")
  void aTransientFailureInTheCopyIsRetriedWithNothingLostOrRepeated(String what, Consumer<FakePlanetScale> fault)
      throws Exception {
    try (FakePlanetScale fake = KeyspaceStreamE2eTest.twoShards()) {
      Map<String, Map<Long, String>> expected = KeyspaceStreams.tables(fake, 25);
      Catalog catalog = E2e.catalog(fake);
      fault.accept(fake);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(KeyspaceStreamE2eTest.FAST).build(), recorder)) {
        awaitTrue(() -> recorder.recordCount() >= 75, () -> "the copy after " + what + ": "
            + recorder.recordCount() + " records");
        running.stop();
      }
      assertThat(fake.vstreamRequests()).as("the fault broke a call").hasSizeGreaterThan(1);
      Map<String, Map<Long, String>> replayed = new TreeMap<>();
      apply(replayed, records(recorder.transactions));
      assertThat(replayed).isEqualTo(expected);
      assertThat(records(recorder.transactions)).extracting(Record::position).doesNotHaveDuplicates();
      assertThat(recorder.recordCount()).isEqualTo(75);
    }
  }

  /**
   * A transaction of 40 rows spread over responses of one event, broken after its rows arrived:
   * it was never accepted, so it comes again whole, once.
   */
  @Test
  void aStreamBrokenInTheMiddleOfATransactionDeliversItWholeOnce() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      KeyspaceStreams.tables(fake, 0);
      Catalog catalog = E2e.catalog(fake);
      // Armed before the call, one event per response: VGTID and OTHER (the start position), then BEGIN,
      // FIELD and the ROW event, and the call breaks before the transaction's VGTID and COMMIT.
      fake.vstream().maxEventsPerResponse(1);
      fake.faults().vstream().endUnexpectedlyAfterResponses(5);
      KeyspaceStreams.Recorder recorder = new KeyspaceStreams.Recorder();
      try (KeyspaceStreams.Running running = new KeyspaceStreams.Running(KeyspaceStream.builder(fake.source(),
          catalog).connectOptions(KeyspaceStreamE2eTest.FAST).startAtCurrent().build(), recorder)) {
        KeyspaceStreamE2eTest.awaitPositioned(running.stream);
        List<Map<String, ?>> rows = new ArrayList<>();
        for (long id = 1; id <= 40; id++) {
          rows.add(Map.of("id", id, "note", "n" + id));
        }
        fake.insertAll("orders", rows);
        awaitTrue(() -> recorder.recordCount() == 40, () -> recorder.recordCount() + " of 40 records");
        running.stop();
      }
      assertThat(fake.vstreamRequests()).hasSizeGreaterThan(1);
      assertThat(recorder.transactions).hasSize(1);
      assertThat(recorder.transactions.get(0).records()).extracting(r -> r.data().get("id"))
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
    }
  }

  @Test
  void rejectedCredentialsFailAtOnceWithoutThePassword() {
    try (FakePlanetScale fake = KeyspaceStreamE2eTest.twoShards()) {
      KeyspaceStreams.tables(fake, 1);
      Catalog catalog = E2e.catalog(fake);
      fake.faults().rejectCredentials(true);
      try (KeyspaceStream stream = KeyspaceStream.builder(fake.source(), catalog)
          .connectOptions(KeyspaceStreamE2eTest.FAST).build()) {
        assertThatThrownBy(() -> stream.run(tx -> { }))
            .isInstanceOf(AuthenticationException.class)
            .hasMessageNotContaining(fake.source().password());
      }
    }
  }
}
