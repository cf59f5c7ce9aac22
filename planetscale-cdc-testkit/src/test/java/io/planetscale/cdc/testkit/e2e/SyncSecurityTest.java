package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncLogger;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.logcapture.CapturedLogs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SDK never logs the password or the authorization header, at any level, through slf4j (its own
 * logging) or java.util.logging (grpc-java and OkHttp), and never puts them in an exception message:
 * checked over a wrong password, a successful sync with a retry, a TLS failure and a closed port, on
 * both transports.
 */
class SyncSecurityTest {
  private static final String USER = "cdc-user";
  private static final String PASSWORD = "pscale_pw_" + UUID.randomUUID().toString().replace("-", "");
  private static final String WRONG = "pscale_pw_wrong_" + UUID.randomUUID().toString().replace("-", "");

  /**
   * Only the fake's own server transport is left out: at FINE, grpc-okhttp's server frame logger
   * prints every inbound header, authorization included. That is the test server logging what it
   * received, not the SDK logging what it sent.
   */
  private static boolean clientSide(String julLogger) {
    return !julLogger.equals("io.grpc.okhttp.OkHttpServerTransport");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void neitherLogsNorExceptionMessagesContainThePasswordOrTheAuthHeader(Transport transport) throws Exception {
    List<Throwable> failures = new ArrayList<>();
    List<String> lines;
    ReadOptions options = ReadOptions.defaults().withSettleInterval(Duration.ofMillis(50))
        .withRetryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10), 0));
    try (CapturedLogs logs = CapturedLogs.start(SyncSecurityTest::clientSide)) {
      for (boolean tls : new boolean[] {false, true}) {
        try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").tls(tls)
            .credentials(USER, PASSWORD).rowsPerResponse(5).build().start()) {
          fake.vstream().copyBatchRows(5);
          E2e.orders(fake, 30);
          Catalog catalog = E2e.catalog(fake);

          // Success, with a transient failure retried (the reader logs the retry).
          E2e.failResponse(transport, fake, 3, 2, Status.Code.UNAVAILABLE, "tablet restarting");
          try (EdgeDatabase edge = E2e.edge(transport, fake)) {
            edge.canConnect(fake.source());
            RecordingSink sink = new RecordingSink();
            PlanetScaleCdc.sync(fake.mysqlAccess(), edge, SyncLogger.slf4j(), fake.source(), catalog, State.empty(),
                sink, TabletType.PRIMARY, options);
            assertThat(sink.records()).hasSize(30);
          }

          // Wrong password, on connect and on sync.
          PlanetScaleSource wrong = fake.source().toBuilder().password(WRONG).build();
          try (EdgeDatabase edge = E2e.edge(transport, wrong)) {
            failures.add(expect(AuthenticationException.class, () -> edge.canConnect(wrong)));
            failures.add(expect(AuthenticationException.class, () -> PlanetScaleCdc.sync(fake.mysqlAccess(), edge,
                SyncLogger.slf4j(), fake.source(), catalog, State.empty(), new RecordingSink(), TabletType.PRIMARY,
                options)));
          }
          failures.add(expect(AuthenticationException.class, () -> fake.mysqlAccess().vitessShards(wrong)));

          if (tls) {
            // TLS failure: the client trusts another certificate.
            try (FakePlanetScale other = FakePlanetScale.builder().tls(true).build().start()) {
              PlanetScaleSource untrusted = fake.source().toBuilder().trustedCertificatesPem(other.certificatePem())
                  .build();
              try (EdgeDatabase edge = E2e.edge(transport, untrusted)) {
                failures.add(expect(ConnectionException.class, () -> edge.canConnect(untrusted)));
                failures.add(expect(ConnectionException.class, () -> PlanetScaleCdc.sync(fake.mysqlAccess(), edge,
                    SyncLogger.slf4j(), fake.source(), catalog, State.empty(), new RecordingSink(),
                    TabletType.PRIMARY, options)));
              }
            }
          }
        }
      }
      // A closed port.
      FakePlanetScale gone = FakePlanetScale.builder().credentials(USER, PASSWORD).build().start();
      PlanetScaleSource source = gone.source();
      gone.close();
      try (EdgeDatabase edge = E2e.edge(transport, source)) {
        failures.add(expect(ConnectionException.class, () -> edge.canConnect(source)));
      }
      lines = logs.lines();
    }

    // The capture worked: the SDK's own slf4j logging and grpc's JUL logging were both seen.
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("slf4j INFO").contains("retry 1"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("slf4j INFO io.planetscale.cdc.sync"));
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("jul FINE io.grpc"));
    assertThat(failures).hasSize(9);

    List<String> secrets = List.of(PASSWORD, WRONG, "Basic ", base64(USER + ":" + PASSWORD), base64(USER + ":" + WRONG),
        base64(PASSWORD), base64(WRONG));
    for (String line : lines) {
      assertThat(line).as("a log line").doesNotContain(secrets);
    }
    for (Throwable failure : failures) {
      for (Throwable c = failure; c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage())).as("message of %s", c.getClass().getName())
            .doesNotContain(secrets);
        assertThat(c.toString()).doesNotContain(secrets);
      }
    }
  }

  @Test
  void sourceToStringHidesThePassword() {
    PlanetScaleSource source = PlanetScaleSource.builder().host("127.0.0.1:1").database("shop").username(USER)
        .password(PASSWORD).build();
    assertThat(source.toString()).doesNotContain(PASSWORD).contains("<redacted>");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Throwable expect(Class<? extends Throwable> type, Runnable action) {
    try {
      action.run();
    } catch (Throwable t) {
      assertThat(t).isInstanceOf(type);
      return t;
    }
    throw new AssertionError("expected " + type.getSimpleName());
  }
}
