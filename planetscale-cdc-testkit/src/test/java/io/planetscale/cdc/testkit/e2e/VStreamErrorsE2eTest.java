package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SchemaMismatchException;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How VStream failures reach the caller of a sync, and TLS end to end. */
class VStreamErrorsE2eTest {
  private static final String PASSWORD = "pscale_pw_s3cr3t-for-the-fake";
  private static final String WRONG_PASSWORD = "pscale_pw_wr0ng-guess";

  @Test
  void purgedBinlogsGiveAStaleCursorNamingStreamShardAndPositionOrAFreshCopyWhenAsked() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      Map<Long, String> rows = E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      State copied = VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink());
      String saved = VStreamE2e.cursor(copied, "orders", "-").position();
      fake.update("orders", 1L, Map.of("note", "after the purge"));
      rows.put(1L, "after the purge");
      fake.faults().purgeAllBinlogs();

      StaleCursorException stale = catchThrowableOfType(StaleCursorException.class,
          () -> VStreamE2e.sync(fake, edge, catalog, copied, new RecordingSink()));
      assertThat(stale).isNotNull();
      assertThat(stale.stream()).isEqualTo("orders");
      assertThat(stale.shard()).isEqualTo("-");
      assertThat(stale.position()).isEqualTo(saved);
      assertThat(stale.getMessage()).contains("orders").contains(saved);
      E2e.quiesce(fake);

      RecordingSink sink = new RecordingSink();
      State fresh = VStreamE2e.sync(fake, edge, catalog, copied, sink,
          VStreamE2e.options().restartOnStaleCursor(true).build());
      assertThat(sink.records()).extracting(r -> r.operation()).containsOnly(Operation.INSERT);
      assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
      assertThat(VStreamE2e.cursor(fresh, "orders", "-").isCopying()).isFalse();
    }
  }

  @Test
  void aReplicationPlanThatCannotBeBuiltIsASchemaMismatchNamingTheColumn() {
    try (FakePlanetScale fake = VStreamE2e.oneShard(); VStreamEdgeDatabase edge = VStreamE2e.vstream(fake)) {
      E2e.orders(fake, 5);
      Catalog catalog = E2e.catalog(fake);
      AtomicBoolean armed = new AtomicBoolean();
      // Armed from the copy call itself, so that call (not the peek before it) takes the failure.
      fake.vstream().beforeCopyBatch((shard, table, batchesSent) -> {
        if (armed.compareAndSet(false, true)) {
          fake.faults().vstream().failAfterResponses(0, Status.Code.FAILED_PRECONDITION,
              "vttablet: rpc error: code = FailedPrecondition desc = column `shipped_at` not found in table"
                  + " `orders` (errno 1054): failed to build table replication plan for table orders");
        }
      });
      SchemaMismatchException e = catchThrowableOfType(SchemaMismatchException.class,
          () -> VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink()));
      assertThat(armed).isTrue();
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).contains("shipped_at");
    }
  }

  @Test
  void aWrongPasswordIsAnAuthenticationErrorThatDoesNotShowThePassword() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").credentials("reader", PASSWORD).build()
        .start()) {
      E2e.orders(fake, 3);
      Catalog catalog = E2e.catalog(fake);
      PlanetScaleSource wrong = fake.source().toBuilder().password(WRONG_PASSWORD).build();
      try (VStreamEdgeDatabase edge = VStreamEdgeDatabase.create(wrong, ConnectOptions.defaults())) {
        AuthenticationException probe = catchThrowableOfType(AuthenticationException.class,
            () -> edge.canConnect(wrong));
        assertThat(probe).isNotNull();
        assertThat(probe.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        AuthenticationException sync = catchThrowableOfType(AuthenticationException.class,
            () -> VStreamE2e.sync(fake, edge, catalog, State.empty(), new RecordingSink()));
        assertThat(sync).isNotNull();
        assertThat(sync.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        for (Throwable t = sync; t != null; t = t.getCause()) {
          assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        }
      }
    }
  }

  @Test
  void aClientOverTlsSyncsOnVStreamByDefault() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").tls(true).build().start()) {
      Map<Long, String> rows = E2e.orders(fake, 20);
      assertThat(fake.source().plaintext()).isFalse();
      try (PlanetScaleClient client = PlanetScaleClient.builder(fake.source()).mysql(fake.mysqlAccess()).build()) {
        client.check();
        Catalog catalog = E2e.catalog(fake);
        RecordingSink sink = new RecordingSink();
        State copied = client.sync(catalog, State.empty(), sink);
        assertThat(E2e.replay(Map.of(), sink.records())).isEqualTo(rows);
        fake.update("orders", 5L, Map.of("note", "over tls"));
        RecordingSink next = new RecordingSink();
        client.sync(catalog, copied, next);
        assertThat(next.records()).singleElement().satisfies(r -> assertThat(r.data()).containsEntry("note", "over tls"));
      }
      assertThat(fake.vstreamRequests()).as("the default transport is VStream").isNotEmpty();
      assertThat(fake.requests()).as("no psdbconnect Sync call").isEmpty();
    }
  }
}
