package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.okhttp.OkHttpServerBuilder;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The source's Airbyte settings take effect: {@code timeout_seconds} is the deadline of each read
 * window and {@code max_retries} the number of attempts (0 meaning 1, as in Go's airbyte-source),
 * unless the read options set them: read options passed with the read win whole, and a read window
 * or retry policy set on the {@link ConnectOptions} wins over the source's. Against a server that
 * answers the peek and fails every read window with {@code UNAVAILABLE}, recording each window's
 * deadline as the server sees it.
 */
class SourceReadSettingsTest {
  private static final String STOP = "MySQL56/00000000-0000-0000-0000-000000000001:1-9";
  private static final TableCursor START =
      TableCursor.of("-", "ks", "MySQL56/00000000-0000-0000-0000-000000000001:1-5");
  private static final Stream TABLE = new Stream("", "t", "ks:t", StreamSchema.of(Map.of()), "t",
      new MetadataCollection(List.of()), List.of(), List.of());
  private static final RetryPolicy QUICK_FOUR = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5), 0);

  /** Time left (ms) of each read window, as the server saw it. */
  private final List<Long> windows = new CopyOnWriteArrayList<>();
  private Server server;
  private PlanetScaleSource base;

  @BeforeEach
  void start() throws Exception {
    ConnectGrpc.ConnectImplBase failing = new ConnectGrpc.ConnectImplBase() {
      @Override
      public void sync(SyncRequest request, StreamObserver<SyncResponse> out) {
        if (request.getCursor().getPosition().equals("current")) {
          out.onNext(SyncResponse.newBuilder().setCursor(request.getCursor().toBuilder().setPosition(STOP)).build());
          return; // keep the call open, as the real server does
        }
        Deadline d = Context.current().getDeadline();
        windows.add(d == null ? -1 : d.timeRemaining(TimeUnit.MILLISECONDS));
        out.onError(Status.UNAVAILABLE.withDescription("tablet restarting").asRuntimeException());
      }
    };
    server = OkHttpServerBuilder.forPort(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
        .addService(failing).build().start();
    base = PlanetScaleSource.builder().host("127.0.0.1:" + server.getPort()).database("ks").plaintext(true).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** With default connect options: each window's deadline is timeout_seconds, and max_retries attempts are made. */
  @ParameterizedTest(name = "timeout_seconds={0} max_retries={1}: {2} attempt(s)")
  @CsvSource({"1, 0, 1", "1, 1, 1", "1, 2, 2", "300, 3, 3"})
  void theSourcesTimeoutAndRetriesApply(int timeoutSeconds, int maxRetries, int attempts) {
    PlanetScaleSource source = base.toBuilder().timeoutSeconds(timeoutSeconds).maxRetries(maxRetries).build();

    ConnectionException e = readFailing(source, ConnectOptions.defaults(), null);

    assertThat(e).hasMessageContaining("UNAVAILABLE").hasMessageContaining("attempt " + attempts);
    assertThat(windows).hasSize(attempts);
    assertWindowsOf(Duration.ofSeconds(timeoutSeconds));
  }

  /** The connect options' read window wins over timeout_seconds; max_retries still counts the attempts. */
  @Test
  void aReadWindowSetOnTheConnectOptionsWins() {
    PlanetScaleSource source = base.toBuilder().timeoutSeconds(1).maxRetries(2).build();

    readFailing(source, ConnectOptions.builder().readWindow(Duration.ofSeconds(5)).build(), null);

    assertThat(windows).hasSize(2);
    assertWindowsOf(Duration.ofSeconds(5));
  }

  /** The connect options' retry policy wins over max_retries; timeout_seconds is still the window. */
  @Test
  void aRetryPolicySetOnTheConnectOptionsWins() {
    PlanetScaleSource source = base.toBuilder().timeoutSeconds(1).maxRetries(2).build();

    readFailing(source, ConnectOptions.builder().retryPolicy(QUICK_FOUR).build(), null);

    assertThat(windows).hasSize(4);
    assertWindowsOf(Duration.ofSeconds(1));
  }

  /** Read options passed with the read (SyncOptions.readOptions) win whole, over the connect options and the source. */
  @Test
  void readOptionsPassedWithTheReadWinWhole() {
    PlanetScaleSource source = base.toBuilder().timeoutSeconds(1).maxRetries(2).build();
    ConnectOptions connect = ConnectOptions.builder().readWindow(Duration.ofSeconds(5)).build();

    readFailing(source, connect, ReadOptions.defaults().withReadWindow(Duration.ofSeconds(3))
        .withRetryPolicy(QUICK_FOUR));

    assertThat(windows).hasSize(4);
    assertWindowsOf(Duration.ofSeconds(3));
  }

  /** A ChangeStream of the source reads in the same windows and gives up after the same attempts. */
  @Test
  void aChangeStreamUsesTheSourcesSettingsToo() {
    PlanetScaleSource source = base.toBuilder().timeoutSeconds(2).maxRetries(2).build();

    // The scripted server speaks Sync.
    try (ChangeStream stream = ChangeStream.builder(source, TABLE).startAt(START).transport(Transport.PSDBCONNECT)
        .build()) {
      ConnectionException e = catchThrowableOfType(ConnectionException.class, () -> stream.run(record -> { }));
      assertThat(e).hasMessageContaining("UNAVAILABLE").hasMessageContaining("attempt 2");
    }
    assertThat(windows).hasSize(2);
    assertWindowsOf(Duration.ofSeconds(2));
  }

  private ConnectionException readFailing(PlanetScaleSource source, ConnectOptions connect, ReadOptions options) {
    try (ConnectEdgeDatabase edge = ConnectEdgeDatabase.create(source, connect)) {
      return catchThrowableOfType(ConnectionException.class, () -> edge.read(new ReadParams(source, TABLE, START,
          List.of(), (r, op, b) -> { }, c -> { }, TabletType.PRIMARY, List.of(), options)));
    }
  }

  /** Every window's deadline was the given length (less the little time the call took to arrive). */
  private void assertWindowsOf(Duration window) {
    assertThat(windows).isNotEmpty().allSatisfy(ms -> assertThat(ms)
        .isBetween(window.toMillis() - 500, window.toMillis()));
  }
}
