package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.planetscale.cdc.AuthenticationException;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SinkException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.RecordingSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sink failures, credentials and connectivity, through the edge database of each transport and
 * PlanetScaleClient against the fake. VStream copies in batches of the Sync responses' 7 rows
 * ({@link E2e#twoShards}), so both checkpoint after the same records.
 */
class SyncSinkAndClientTest {
  private static SyncOptions fast() {
    return SyncOptions.builder().readOptions(E2e.fast()).logger(new RecordingLogger()).build();
  }

  private static PlanetScaleClient client(FakePlanetScale fake, Transport transport) {
    return PlanetScaleClient.builder(fake.source()).mysql(fake.mysqlAccess()).transport(transport).build();
  }

  /**
   * The sink throws on a record in the middle of a response: SinkException, and its state covers only
   * records the sink accepted and flushed. Resuming from it re-delivers exactly the records accepted
   * after the last flush (and the failed one onwards); nothing is lost.
   */
  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void sinkFailingOnARecordReturnsAStateCoveringOnlyAcceptedRecords(Transport transport, boolean tls) {
    try (FakePlanetScale fake = E2e.twoShards(tls, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      Map<Long, String> rows = E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      IllegalStateException boom = new IllegalStateException("disk full");
      RecordingSink first = new RecordingSink().failOnRecord(10, boom); // the 4th record of the 2nd response

      SinkException e = catchThrowableOfType(SinkException.class,
          () -> E2e.sync(fake, edge, catalog, State.empty(), first));

      assertThat(e).hasCause(boom).hasMessageContaining("orders").hasMessageContaining("-80");
      assertThat(first.records()).hasSize(10);
      assertThat(first.states()).isEmpty();
      assertThat(first.flushes("orders")).isEqualTo(1); // after the first response of 7
      assertThat(e.state().streams().get("orders").shards().get("-80").toTableCursor().isCopying()).isTrue();

      RecordingSink second = new RecordingSink();
      E2e.sync(fake, edge, catalog, e.state(), second);
      List<Record> unflushed = first.records().subList(7, 10);
      assertThat(second.records().subList(0, 3)).extracting(Record::data)
          .containsExactlyElementsOf(unflushed.stream().map(Record::data).toList());
      assertThat(second.records()).hasSize(100 - 7);
      List<Record> all = new ArrayList<>(first.records().subList(0, 7));
      all.addAll(second.records());
      assertThat(E2e.countsById(all)).hasSize(100).allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(E2e.replay(Map.of(), all)).isEqualTo(rows);
    }
  }

  /** A failing flush through the client: SinkException whose state has none of the unflushed records. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void sinkFailingOnFlushThroughTheClient(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7); PlanetScaleClient client = client(fake, transport)) {
      Map<Long, String> rows = E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink first = new RecordingSink().failOnFlush(2, new java.io.IOException("broker unreachable"));

      SinkException e = catchThrowableOfType(SinkException.class, () -> client.sync(catalog, State.empty(), first,
          fast()));

      assertThat(e).hasCauseInstanceOf(java.io.IOException.class).hasMessageContaining("flush");
      assertThat(first.flushes("orders")).isEqualTo(2);
      assertThat(first.records()).hasSize(21); // three responses of 7; the third flush failed
      RecordingSink second = new RecordingSink();
      client.sync(catalog, e.state(), second, fast());
      assertThat(second.records().subList(0, 7)).extracting(Record::data)
          .containsExactlyElementsOf(first.records().subList(14, 21).stream().map(Record::data).toList());
      List<Record> all = new ArrayList<>(first.records().subList(0, 14));
      all.addAll(second.records());
      assertThat(E2e.countsById(all)).hasSize(100).allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(E2e.replay(Map.of(), all)).isEqualTo(rows);
    }
  }

  /**
   * A failing state() after the first shard: SinkException carrying exactly the state that was being
   * handed over; resuming from it re-reads nothing of the finished shard.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void sinkFailingOnStateThroughTheClient(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7); PlanetScaleClient client = client(fake, transport)) {
      E2e.orders(fake, 100);
      Catalog catalog = E2e.catalog(fake);
      RecordingSink first = new RecordingSink().failOnState(0, new IllegalStateException("state store down"));

      SinkException e = catchThrowableOfType(SinkException.class, () -> client.sync(catalog, State.empty(), first,
          fast()));

      assertThat(e).hasMessageContaining("state");
      List<Record> shard1 = first.records();
      assertThat(shard1).isNotEmpty().allSatisfy(r -> assertThat(r.position().shard()).isEqualTo("-80"));
      assertThat(e.state().streams().get("orders").shards().get("-80").toTableCursor().isCopying()).isFalse();

      RecordingSink second = new RecordingSink();
      State done = client.sync(catalog, e.state(), second, fast());
      assertThat(second.records()).hasSize(100 - shard1.size())
          .allSatisfy(r -> assertThat(r.position().shard()).isEqualTo("80-"));
      assertThat(done.streams().get("orders").shards().get("-80")).isEqualTo(
          e.state().streams().get("orders").shards().get("-80"));
    }
  }

  /** The testkit's classpath has no planetscale-cdc-jdbc: create(source) says what to add. */
  @Test
  void createWithoutAMysqlAccessProviderNamesTheJdbcModule() {
    PlanetScaleSource source = PlanetScaleSource.builder().host("127.0.0.1:1").database("shop").username("u")
        .password("p").plaintext(true).build();
    assertThatThrownBy(() -> PlanetScaleClient.create(source)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("planetscale-cdc-jdbc");
  }

  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void canConnectAcceptsTheRightCredentials(Transport transport, boolean tls) {
    try (FakePlanetScale fake = E2e.twoShards(tls, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      edge.canConnect(fake.source());
      assertThat(E2e.calls(transport, fake)).isOne();
    }
  }

  @ParameterizedTest(name = "{0} tls={1}")
  @CsvSource({"VSTREAM,false", "VSTREAM,true", "PSDBCONNECT,false", "PSDBCONNECT,true"})
  void wrongPasswordIsAnAuthenticationException(Transport transport, boolean tls) {
    try (FakePlanetScale fake = E2e.twoShards(tls, 7)) {
      E2e.orders(fake, 10);
      Catalog catalog = E2e.catalog(fake);
      PlanetScaleSource wrong = fake.source().toBuilder().password("not-the-password").build();
      try (EdgeDatabase edge = E2e.edge(transport, wrong)) {
        assertThatThrownBy(() -> edge.canConnect(wrong)).isInstanceOf(AuthenticationException.class)
            .hasMessageContaining("UNAUTHENTICATED");
        RecordingSink sink = new RecordingSink();
        // The schema side (the fake's MysqlAccess) accepts the source; only the gRPC edge has the wrong password.
        assertThatThrownBy(() -> E2e.sync(fake, edge, fake.source(), catalog, State.empty(), sink, E2e.fast()))
            .isInstanceOf(AuthenticationException.class).hasMessageContaining("orders")
            .hasMessageContaining("UNAUTHENTICATED");
        // And with the wrong password everywhere, the schema side refuses too.
        assertThatThrownBy(() -> E2e.sync(fake, edge, wrong, catalog, State.empty(), sink, E2e.fast()))
            .isInstanceOf(AuthenticationException.class);
        assertThat(sink.records()).isEmpty();
        assertThat(sink.states()).isEmpty();
        assertThat(E2e.calls(transport, fake)).isZero(); // rejected before the service saw a request
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void rejectedCredentialsFaultIsAnAuthenticationException(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(false, 7);
        EdgeDatabase edge = E2e.edge(transport, fake)) {
      fake.faults().rejectCredentials(true);
      assertThatThrownBy(() -> edge.canConnect(fake.source())).isInstanceOf(AuthenticationException.class);
      fake.faults().rejectCredentials(false);
      edge.canConnect(fake.source());
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void canConnectToAClosedPortIsAConnectionException(Transport transport) {
    FakePlanetScale fake = E2e.twoShards(false, 7);
    PlanetScaleSource source = fake.source();
    fake.close();
    try (EdgeDatabase edge = E2e.edge(transport, source)) {
      assertThatThrownBy(() -> edge.canConnect(source)).isInstanceOf(ConnectionException.class)
          .hasMessageContaining("UNAVAILABLE").hasMessageContaining("java.net.ConnectException");
    }
  }

  /** TLS against a server whose certificate is not trusted fails to connect; it never falls back to plaintext. */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void untrustedCertificateIsAConnectionException(Transport transport) {
    try (FakePlanetScale fake = E2e.twoShards(true, 7); FakePlanetScale other = E2e.twoShards(true, 7)) {
      PlanetScaleSource trustsOther = fake.source().toBuilder().trustedCertificatesPem(other.certificatePem()).build();
      try (EdgeDatabase edge = E2e.edge(transport, trustsOther)) {
        // The message says why: a TLS handshake failure, not just "UNAVAILABLE" as for a server that is down.
        assertThatThrownBy(() -> edge.canConnect(trustsOther)).isInstanceOf(ConnectionException.class)
            .hasMessageContaining("UNAVAILABLE").hasMessageContaining("SSLHandshakeException");
      }
      assertThat(E2e.calls(transport, fake)).isZero();
    }
  }
}
