package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.SchemaMismatchException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.TableSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Errors returned by FakePlanetScale over loopback: transient ones retried invisibly, failing the sync
 * with their status once retries are off or spent, and a schema mismatch that is not retried.
 * Dropped streams: {@link SyncFaultsTest}. Each scenario over both transports unless it says why not.
 */
class SyncServerErrorsTest {

  /** INTERNAL is transient: a failed peek and a failed read response are both retried, invisibly to the sink. */
  @ParameterizedTest(name = "{0} failing {1}")
  @CsvSource({"VSTREAM,peek", "VSTREAM,read", "PSDBCONNECT,peek", "PSDBCONNECT,read"})
  void internalErrorIsRetriedTransparently(Transport transport, String failing) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      boolean peek = failing.equals("peek");
      E2e.failResponse(transport, fake, peek ? 1 : 3, peek ? 0 : 2, Status.Code.INTERNAL, "vttablet: internal error");

      RecordingSink sink = new RecordingSink();
      E2e.sync(fake, edge, catalog, State.empty(), sink);

      assertThat(E2e.countsById(sink.records())).hasSize(100).allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
      assertThat(E2e.calls(transport, fake)).isEqualTo(4 + 1); // peek + read per shard, and the one retried call
    }
  }

  /** Without retries the first INTERNAL fails the sync, with the status code in the message and the cause. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void withoutRetriesATransientErrorFailsTheSyncWithItsStatus(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      E2e.failResponse(transport, fake, 3, 2, Status.Code.INTERNAL, "vttablet: internal error");

      RecordingSink sink = new RecordingSink();
      PlanetScaleCdcException e = catchThrowableOfType(PlanetScaleCdcException.class, () -> E2e.syncOneReadAtATime(fake, edge,
          fake.source(), catalog, State.empty(), sink, E2e.fast().withRetryPolicy(RetryPolicy.none())));

      assertThat(e).hasMessageContaining("INTERNAL").hasMessageContaining("vttablet: internal error")
          .hasMessageContaining("orders").hasMessageContaining("-80");
      assertThat(statusOf(e)).isEqualTo(Status.Code.INTERNAL);
      assertThat(E2e.calls(transport, fake)).isEqualTo(2); // the peek and the one read: no retry
      assertThat(sink.states()).isEmpty();
    }
  }

  /** A server that is gone fails every attempt: after the policy's attempts, a ConnectionException carrying UNAVAILABLE. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void retriesExhaustedAgainstAClosedPortIsAConnectionException(Transport transport) {
    FakePlanetScale fake = E2e.twoShards(false, 7);
    Catalog catalog;
    PlanetScaleSource source = fake.source();
    try (fake) {
      E2e.orders(fake, 5);
      catalog = E2e.catalog(fake);
    }
    try (EdgeDatabase edge = E2e.edge(transport, source)) {
      RecordingSink sink = new RecordingSink();
      RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 0);
      assertThatThrownBy(() -> PlanetScaleCdc.sync(fake.mysqlAccess(), edge,
          new RecordingLogger(), source, catalog, State.empty(), sink,
          io.planetscale.cdc.TabletType.PRIMARY, E2e.fast().withRetryPolicy(twice)))
          .isInstanceOf(ConnectionException.class).hasMessageContaining("UNAVAILABLE")
          .hasMessageContaining("orders").satisfies(e -> assertThat(statusOf(e)).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(sink.records()).isEmpty();
      assertThat(sink.states()).isEmpty();
    }
  }

  /**
   * A column the server's table lacks is INVALID_ARGUMENT: a SchemaMismatchException naming the
   * column, and not retried (the fake saw just the peek and the one read). psdbconnect only: there the
   * server projects the selected columns; VStream streams {@code SELECT *} and projects in the client.
   */
  @Test
  void unknownColumnIsASchemaMismatchAndNotRetried() {
    Catalog withExtraColumn;
    try (FakePlanetScale old = E2e.twoShards(false, 7)) {
      old.createTable(TableSpec.builder("orders").column("id", "bigint").column("note", "varchar(64)")
          .column("legacy_flag", "int").primaryKey("id").build());
      withExtraColumn = E2e.catalog(old);
    }
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults())) {
      E2e.orders(fake, 10);
      RecordingSink sink = new RecordingSink();

      assertThatThrownBy(() -> E2e.syncOneReadAtATime(fake, edge, withExtraColumn, State.empty(), sink))
          .isInstanceOf(SchemaMismatchException.class).hasMessageContaining("legacy_flag")
          .satisfies(e -> assertThat(statusOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT));
      assertThat(fake.requests()).hasSize(2);
      assertThat(fake.requests().get(1).columns()).contains("legacy_flag");
      assertThat(sink.records()).isEmpty();
    }
  }

  static Status.Code statusOf(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException) {
        return ((StatusRuntimeException) c).getStatus().getCode();
      }
    }
    return null;
  }
}
