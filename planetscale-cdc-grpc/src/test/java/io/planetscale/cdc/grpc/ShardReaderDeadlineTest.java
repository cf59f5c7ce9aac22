package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamSchema;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.spi.ReadParams;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server that answers the peek but then never sends anything: every read window ends by deadline
 * without progress. The reader widens the window, backs off, and stops after a bound with the
 * cursor it had — rows are never lost, and it does not loop forever (Go's singer-tap did).
 */
class ShardReaderDeadlineTest {
  @Test
  void idleWindowsWidenAndTheReadStopsAfterABound() throws Exception {
    List<Long> windowMillis = new CopyOnWriteArrayList<>();
    ConnectGrpc.ConnectImplBase silent = new ConnectGrpc.ConnectImplBase() {
      @Override
      public void sync(SyncRequest request, StreamObserver<SyncResponse> out) {
        if (request.getCursor().getPosition().equals("current")) {
          out.onNext(SyncResponse.newBuilder().setCursor(request.getCursor().toBuilder()
              .setPosition("MySQL56/00000000-0000-0000-0000-000000000001:1-9")).build());
          return; // keep the call open, as the real server does
        }
        Deadline d = Context.current().getDeadline();
        windowMillis.add(d == null ? -1 : d.timeRemaining(TimeUnit.MILLISECONDS));
      }
    };
    Server server = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0),
        InsecureServerCredentials.create()).addService(silent).build().start();
    PlanetScaleSource source = PlanetScaleSource.builder().host("127.0.0.1:" + server.getPort()).database("ks")
        .plaintext(true).build();
    ReadOptions options = ReadOptions.defaults().withReadWindow(Duration.ofMillis(50))
        .withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), 0));
    TableCursor start = TableCursor.of("-", "ks", "MySQL56/00000000-0000-0000-0000-000000000001:1-5");
    Stream table = new Stream("", "t", "ks:t", StreamSchema.of(Map.of()), "t", new MetadataCollection(List.of()),
        List.of(), List.of());
    try (ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(source, ConnectOptions.defaults())) {
      SerializedCursor end = edge.read(new ReadParams(source, table, start, List.of(), (r, op, b) -> { },
          c -> { }, TabletType.PRIMARY, List.of(), options));
      assertThat(end.toTableCursor()).isEqualTo(start);
    } finally {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    assertThat(windowMillis).hasSize(5);
    // Each idle window is given twice the time of the one before (deadlines seen by the server).
    for (int i = 1; i < windowMillis.size(); i++) {
      assertThat(windowMillis.get(i)).isGreaterThan(windowMillis.get(i - 1));
    }
    assertThat(windowMillis.get(4)).isGreaterThan(400);
  }
}
