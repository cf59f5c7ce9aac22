package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.ServerTestSupport.copyFirstColumn;
import static io.planetscale.cdc.testkit.ServerTestSupport.idTable;
import static io.planetscale.cdc.testkit.ServerTestSupport.seq;
import static io.planetscale.cdc.testkit.ServerTestSupport.seqs;
import static io.planetscale.cdc.testkit.ServerTestSupport.uniqueKeyspace;
import static io.planetscale.cdc.testkit.ServerTestSupport.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.planetscale.cdc.GtidSet;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakePlanetScaleServerTest {
  private static final Duration WAIT = RawSyncClient.WAIT;

  private static SyncRequest current(FakePlanetScale fake, String table, String shard) {
    return RawSyncClient.request(fake, table, shard, "current").build();
  }

  private static List<Thread> fakeThreads(String keyspace) {
    String prefix = "fake-planetscale-" + keyspace + "-";
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
        .filter(Thread::isAlive).collect(Collectors.toList());
  }

  @Nested
  class Lifecycle {
    @Test
    void startsOnLoopbackWithAFreePort() {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start()) {
        assertThat(fake.port()).isPositive();
        assertThat(fake.host()).isEqualTo("127.0.0.1:" + fake.port());
        // Something listens on 127.0.0.1 at that port: binding it again fails.
        assertThatThrownBy(() -> {
          try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), fake.port()));
          }
        }).isInstanceOf(java.io.IOException.class);
      }
    }

    @Test
    void twoFakesGetDifferentPorts() {
      try (FakePlanetScale a = FakePlanetScale.builder().build().start();
          FakePlanetScale b = FakePlanetScale.builder().build().start()) {
        assertThat(a.port()).isNotEqualTo(b.port());
      }
    }

    @Test
    void hostAndPortBeforeStartThrow() {
      try (FakePlanetScale fake = FakePlanetScale.builder().build()) {
        assertThatThrownBy(fake::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("start");
        assertThatThrownBy(fake::host).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(fake::source).isInstanceOf(IllegalStateException.class);
      }
    }

    @Test
    void startTwiceThrows() {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start()) {
        int port = fake.port();
        assertThatThrownBy(fake::start).isInstanceOf(IllegalStateException.class);
        assertThat(fake.port()).isEqualTo(port);
      }
    }

    @Test
    void closeReleasesPortAndThreads() throws Exception {
      String keyspace = uniqueKeyspace("lifecycle");
      FakePlanetScale fake = FakePlanetScale.builder().keyspace(keyspace).build().start();
      int port;
      try (RawSyncClient client = new RawSyncClient(fake)) {
        port = fake.port();
        fake.createTable(idTable("t"));
        fake.insert("t", Map.of("id", 1, "name", "a"));
        assertThat(copyFirstColumn(client, fake, "t", "-")).containsExactly("1");
        RawSyncClient.Stream open = client.open(current(fake, "t", "-"));
        open.next();
        assertThat(fake.awaitOpenStreams(1, WAIT)).isTrue();
        assertThat(fakeThreads(keyspace)).isNotEmpty();
        fake.close();
      }
      assertThat(fake.openStreams()).isZero();
      assertThat(fakeThreads(keyspace)).isEmpty();
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
    }

    @Test
    void closeEndsOpenStreamsWithAnError() throws Exception {
      FakePlanetScale fake = FakePlanetScale.builder().build().start();
      try (RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        RawSyncClient.Stream s = client.open(current(fake, "t", "-"));
        assertThat(s.next().getCursor().getPosition()).isEqualTo(fake.position("-"));
        fake.close();
        Status status = s.error();
        assertThat(status.getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
        assertThat(fake.openStreams()).isZero();
      } finally {
        fake.close();
      }
    }

    @Test
    void closeTwiceAndCloseUnstartedAreHarmless() {
      FakePlanetScale fake = FakePlanetScale.builder().build().start();
      fake.close();
      assertThatCode(fake::close).doesNotThrowAnyException();
      assertThatCode(() -> FakePlanetScale.builder().build().close()).doesNotThrowAnyException();
    }

    @Test
    void keyspaceMustNotBeBlank() {
      assertThatThrownBy(() -> FakePlanetScale.builder().keyspace(" ").build())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyspace");
    }

    @Test
    void rowsPerResponseMustBePositive() {
      assertThatThrownBy(() -> FakePlanetScale.builder().rowsPerResponse(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsPerResponse");
    }

    @Test
    void rowsPerResponseSplitsTheCopy() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().rowsPerResponse(3).build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        for (int i = 1; i <= 7; i++) {
          fake.insert("t", Map.of("id", i));
        }
        List<SyncResponse> copy = ServerTestSupport.copyResponses(client, fake, "t", "-");
        assertThat(copy).extracting(r -> r.getResultCount() == 0 ? 0 : r.getResult(0).getRowsCount())
            .containsExactly(3, 3, 1, 0);
      }
    }
  }

  @Nested
  class Tls {
    @Test
    void clientTrustingTheFakeCertificateCopies() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().tls(true).build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        fake.insert("t", Map.of("id", 2, "name", "b"));
        fake.insert("t", Map.of("id", 1, "name", "a"));
        assertThat(copyFirstColumn(client, fake, "t", "-")).containsExactly("1", "2");
      }
    }

    @Test
    void clientWithDefaultTrustFailsUnavailable() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().tls(true).build().start();
          RawSyncClient client = new RawSyncClient(fake, "fake-user", "fake-password", false)) {
        fake.createTable(idTable("t"));
        assertThat(client.open(current(fake, "t", "-")).error().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(fake.requests()).isEmpty();
      }
    }

    @Test
    void plaintextClientCannotTalkToTlsServer() throws Exception {
      try (FakePlanetScale tlsFake = FakePlanetScale.builder().tls(true).build().start();
          FakePlanetScale plain = FakePlanetScale.builder().build().start()) {
        // Point a plaintext channel at the TLS port by reusing the plain fake's client setup.
        io.grpc.ManagedChannel channel = io.grpc.okhttp.OkHttpChannelBuilder.forAddress("127.0.0.1", tlsFake.port(),
            io.grpc.InsecureChannelCredentials.create()).build();
        try {
          RawSyncClient.Stream s = new RawSyncClient.Stream();
          io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc.newStub(channel)
              .withDeadlineAfter(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
              .sync(current(tlsFake, "t", "-"), s);
          assertThat(s.error().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL,
              Status.Code.DEADLINE_EXCEEDED);
        } finally {
          channel.shutdownNow();
        }
        assertThat(tlsFake.requests()).isEmpty();
        assertThat(plain.requests()).isEmpty();
      }
    }

    @Test
    void tlsSourceTrustsTheCertificate() {
      try (FakePlanetScale fake = FakePlanetScale.builder().tls(true).keyspace("ks").build().start()) {
        PlanetScaleSource source = fake.source();
        assertThat(source.plaintext()).isFalse();
        assertThat(source.trustedCertificatesPem()).isEqualTo(fake.certificatePem());
        assertThat(fake.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----").contains("-----END CERTIFICATE-----");
        assertThat(source.host()).isEqualTo(fake.host());
        assertThat(source.database()).isEqualTo("ks");
      }
    }

    @Test
    void eachStartGeneratesItsOwnCertificate() {
      try (FakePlanetScale a = FakePlanetScale.builder().tls(true).build().start();
          FakePlanetScale b = FakePlanetScale.builder().tls(true).build().start()) {
        assertThat(a.certificatePem()).isNotEqualTo(b.certificatePem());
      }
    }

    @Test
    void plaintextSourceHasNoCertificate() {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start()) {
        assertThat(fake.source().plaintext()).isTrue();
        assertThat(fake.source().trustedCertificatesPem()).isNull();
        assertThatThrownBy(fake::certificatePem).isInstanceOf(IllegalStateException.class).hasMessageContaining("TLS");
      }
    }

    @Test
    void certificateBeforeStartThrows() {
      try (FakePlanetScale fake = FakePlanetScale.builder().tls(true).build()) {
        assertThatThrownBy(fake::certificatePem).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not started");
      }
    }
  }

  @Nested
  class Auth {
    private void assertNoSecret(Status status, String user, String password) {
      String header = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      assertThat(String.valueOf(status.getDescription())).doesNotContain(password).doesNotContain(header);
    }

    @Test
    void wrongPasswordIsUnauthenticated() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake, "fake-user", "s3cret-wrong", true)) {
        fake.createTable(idTable("t"));
        Status status = client.open(current(fake, "t", "-")).error();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertNoSecret(status, "fake-user", "s3cret-wrong");
        assertThat(fake.requests()).isEmpty();
      }
    }

    @Test
    void wrongUserIsUnauthenticated() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake, "someone", "fake-password", true)) {
        fake.createTable(idTable("t"));
        Status status = client.open(current(fake, "t", "-")).error();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertNoSecret(status, "someone", "fake-password");
      }
    }

    @Test
    void missingHeaderIsUnauthenticated() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake, null, null, true)) {
        fake.createTable(idTable("t"));
        Status status = client.open(current(fake, "t", "-")).error();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("missing");
      }
    }

    @Test
    void customCredentialsAreAcceptedOverTls() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().tls(true).credentials("u", "p").build().start();
          RawSyncClient good = new RawSyncClient(fake, "u", "p", true);
          RawSyncClient defaults = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        assertThat(good.open(current(fake, "t", "-")).next().getCursor().getPosition())
            .isEqualTo(fake.position("-"));
        Status status = defaults.open(current(fake, "t", "-")).error();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertNoSecret(status, "fake-user", "fake-password");
        assertThat(fake.source().username()).isEqualTo("u");
        assertThat(fake.source().password()).isEqualTo("p");
      }
    }

    @Test
    void rejectCredentialsFaultThenReset() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        fake.faults().rejectCredentials(true);
        Status status = client.open(current(fake, "t", "-")).error();
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertNoSecret(status, "fake-user", "fake-password");
        fake.faults().reset();
        RawSyncClient.Stream s = client.open(current(fake, "t", "-"));
        assertThat(s.next().getCursor().getPosition()).isEqualTo(fake.position("-"));
        s.cancel();
      }
    }

    @Test
    void rejectCredentialsCanBeTurnedOffDirectly() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        fake.faults().rejectCredentials(true).rejectCredentials(false);
        RawSyncClient.Stream s = client.open(current(fake, "t", "-"));
        assertThat(s.next().hasCursor()).isTrue();
        s.cancel();
      }
    }
  }

  @Nested
  class ShardsAndPositions {
    @ParameterizedTest
    @ValueSource(strings = {"-80", "-80,90-", "-80,40-", "-80,80-c0,a0-", "x-", "zz-", "80", "-,-", "-80,-80,80-",
        "80-80,-80,80-", "-80,80-40,40-"})
    void invalidShardSetsAreRejected(String shards) {
      assertThatThrownBy(() -> FakePlanetScale.builder().shards(shards.split(",")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("shard");
    }

    @Test
    void invalidShardMessagesNameTheProblem() {
      assertThatThrownBy(() -> FakePlanetScale.builder().shards("-80").build())
          .hasMessageContaining("-80").hasMessageContaining("cover");
      assertThatThrownBy(() -> FakePlanetScale.builder().shards("-80", "90-").build())
          .hasMessageContaining("90-").hasMessageContaining("cover");
      assertThatThrownBy(() -> FakePlanetScale.builder().shards("zz-").build())
          .hasMessageContaining("zz").hasMessageContaining("hex");
      assertThatThrownBy(() -> FakePlanetScale.builder().shards("80").build())
          .hasMessageContaining("\"80\"").hasMessageContaining("key range");
      assertThatThrownBy(() -> FakePlanetScale.builder().shards().build())
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validShardSetsInAnyOrderAreListedInKeyRangeOrder() {
      FakePlanetScale fake = FakePlanetScale.builder().shards("c0-", "-40", "80-c0", "40-80").build();
      assertThat(fake.shardNames()).containsExactly("-40", "40-80", "80-c0", "c0-");
      assertThat(FakePlanetScale.builder().build().shardNames()).containsExactly("-");
      assertThat(FakePlanetScale.builder().shards("-8000", "8000-").build().shardNames())
          .containsExactly("-8000", "8000-");
    }

    @Test
    void twoShardsSplitRowsAndCopiesAgreeWithShardOf() throws Exception {
      assertRowsSpread(new String[] {"-80", "80-"});
    }

    @Test
    void fourShardsSplitRowsAndCopiesAgreeWithShardOf() throws Exception {
      assertRowsSpread(new String[] {"-40", "40-80", "80-c0", "c0-"});
    }

    private void assertRowsSpread(String[] shards) throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().shards(shards).build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
          rows.add(Map.of("id", i, "name", "n" + i));
        }
        fake.insertAll("t", rows);
        assertThat(fake.rowCount("t")).isEqualTo(1000);
        Set<String> all = new HashSet<>();
        double share = 1.0 / shards.length;
        for (String shard : shards) {
          List<String> ids = copyFirstColumn(client, fake, "t", shard);
          assertThat(ids.size()).as("rows on %s", shard).isBetween((int) (1000 * share * 0.6), (int) (1000 * share * 1.4));
          for (String id : ids) {
            assertThat(fake.shardOf("t", Long.parseLong(id))).isEqualTo(shard);
            assertThat(all.add(id)).as("id %s on one shard only", id).isTrue();
          }
        }
        assertThat(all).hasSize(1000);
      }
    }

    @Test
    void shardOfIsStableAndDependsOnTheKeyOnly() {
      try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build().start()) {
        fake.createTable(idTable("t"));
        String before = fake.shardOf("t", 42);
        fake.insert("t", Map.of("id", 42, "name", "x"));
        assertThat(fake.shardOf("t", 42)).isEqualTo(before);
        assertThat(fake.shardOf("t", 42L)).isEqualTo(before);
        assertThat(fake.shardOf("t", "42")).isEqualTo(before);
        assertThat(fake.shardOf("t", Map.of("id", 42))).isEqualTo(before);
      }
    }

    @Test
    void eachShardHasItsOwnUuid() {
      try (FakePlanetScale fake = FakePlanetScale.builder().shards("-40", "40-80", "80-c0", "c0-").build().start()) {
        Set<String> uuids = new HashSet<>();
        for (String shard : fake.shardNames()) {
          String position = fake.position(shard);
          assertThat(position).matches("MySQL56/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:1-\\d+");
          GtidSet set = GtidSet.parse(position);
          assertThat(set.uuids()).containsExactly(uuid(position));
          uuids.add(uuid(position));
        }
        assertThat(uuids).hasSize(4);
      }
    }

    @Test
    void unknownShardPositionThrows() {
      try (FakePlanetScale fake = FakePlanetScale.builder().build()) {
        assertThatThrownBy(() -> fake.position("-80")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-80");
      }
    }

    @Test
    void eachDmlAdvancesOnlyItsShardByOne() {
      try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build().start()) {
        fake.createTable(idTable("t"));
        for (int id = 1; id <= 20; id++) {
          String shard = fake.shardOf("t", id);
          Map<String, Long> before = seqs(fake);
          String returned = fake.insert("t", Map.of("id", id, "name", "a"));
          assertAdvanced(fake, before, shard, returned);
          before = seqs(fake);
          returned = fake.update("t", id, Map.of("name", "b"));
          assertAdvanced(fake, before, shard, returned);
          before = seqs(fake);
          returned = fake.delete("t", id);
          assertAdvanced(fake, before, shard, returned);
        }
      }
    }

    private void assertAdvanced(FakePlanetScale fake, Map<String, Long> before, String shard, String returned) {
      Map<String, Long> after = seqs(fake);
      assertThat(returned).isEqualTo(fake.position(shard));
      for (String s : fake.shardNames()) {
        assertThat(after.get(s)).as("shard %s", s).isEqualTo(before.get(s) + (s.equals(shard) ? 1 : 0));
      }
    }

    @Test
    void createTableAdvancesEveryShardByOne() {
      try (FakePlanetScale fake = FakePlanetScale.builder().shards("-80", "80-").build().start()) {
        Map<String, Long> before = seqs(fake);
        String uuidBefore = uuid(fake.position("-80"));
        fake.createTable(idTable("t"));
        Map<String, Long> after = seqs(fake);
        before.forEach((shard, n) -> assertThat(after.get(shard)).isEqualTo(n + 1));
        assertThat(uuid(fake.position("-80"))).isEqualTo(uuidBefore);
        assertThatThrownBy(() -> fake.createTable(idTable("t"))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("already exists");
        assertThat(seqs(fake)).isEqualTo(after);
      }
    }

    @Test
    void insertAllAdvancesEachTouchedShardByOne() {
      try (FakePlanetScale fake = FakePlanetScale.builder().shards("-40", "40-80", "80-c0", "c0-").build().start()) {
        fake.createTable(idTable("t"));
        // Rows for only some shards: find ids that land on the first two shards.
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Integer> perShard = new HashMap<>();
        for (int id = 1; rows.size() < 200; id++) {
          String shard = fake.shardOf("t", id);
          if (shard.equals("-40") || shard.equals("40-80")) {
            rows.add(Map.of("id", id));
            perShard.merge(shard, 1, Integer::sum);
          }
        }
        Map<String, Long> before = seqs(fake);
        fake.insertAll("t", rows);
        Map<String, Long> after = seqs(fake);
        assertThat(after.get("-40")).isEqualTo(before.get("-40") + 1);
        assertThat(after.get("40-80")).isEqualTo(before.get("40-80") + 1);
        assertThat(after.get("80-c0")).isEqualTo(before.get("80-c0"));
        assertThat(after.get("c0-")).isEqualTo(before.get("c0-"));
        assertThat(fake.rowCount("t")).isEqualTo(200);
        assertThat(perShard).containsOnlyKeys("-40", "40-80");
      }
    }

    @Test
    void positionsParseAndGrow() {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start()) {
        fake.createTable(idTable("t"));
        String p1 = fake.position("-");
        fake.insert("t", Map.of("id", 1));
        String p2 = fake.position("-");
        assertThat(GtidSet.parse(p2).contains(GtidSet.parse(p1))).isTrue();
        assertThat(GtidSet.parse(p1).contains(GtidSet.parse(p2))).isFalse();
        assertThat(seq(p2)).isEqualTo(seq(p1) + 1);
      }
    }
  }

  @Nested
  class Requests {
    @Test
    void recordsEveryRequestInOrder() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("ks").shards("-80", "80-").build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        fake.createTable(idTable("u"));
        String position = fake.position("80-");
        RawSyncClient.Stream a = client.open(RawSyncClient.request(fake, "t", "-80", "current")
            .setTabletType(io.planetscale.cdc.wire.internal.proto.psdbconnect.TabletType.replica).build());
        a.next();
        RawSyncClient.Stream b = client.open(RawSyncClient.request(fake, "u", "80-", position)
            .setTabletTypeValue(1).setIncludeInserts(true).setIncludeDeletes(true)
            .addColumns("id").addColumns("name").addCells("zone1").build());
        fake.insert("u", Map.of("id", idOn(fake, "u", "80-"), "name", "x"));
        b.next();
        RawSyncClient.Stream c = client.open(RawSyncClient.request(fake, "t", "-80", "").setTabletTypeValue(2)
            .setIncludeUpdates(true).build());
        c.next();

        List<RecordedRequest> requests = fake.requests();
        assertThat(requests).hasSize(3);
        RecordedRequest first = requests.get(0);
        assertThat(first.tableName()).isEqualTo("t");
        assertThat(first.cursor().shard()).isEqualTo("-80");
        assertThat(first.cursor().keyspace()).isEqualTo("ks");
        assertThat(first.cursor().position()).isEqualTo("current");
        assertThat(first.cursor().lastKnownPk()).isNull();
        assertThat(first.tabletType()).isEqualTo(TabletType.REPLICA);
        assertThat(first.includeInserts()).isFalse();
        assertThat(first.includeUpdates()).isFalse();
        assertThat(first.includeDeletes()).isFalse();
        assertThat(first.columns()).isEmpty();
        assertThat(first.cells()).isEmpty();

        RecordedRequest second = requests.get(1);
        assertThat(second.tableName()).isEqualTo("u");
        assertThat(second.cursor().shard()).isEqualTo("80-");
        assertThat(second.cursor().position()).isEqualTo(position);
        assertThat(second.tabletType()).isEqualTo(TabletType.PRIMARY);
        assertThat(second.includeInserts()).isTrue();
        assertThat(second.includeUpdates()).isFalse();
        assertThat(second.includeDeletes()).isTrue();
        assertThat(second.columns()).containsExactly("id", "name");
        assertThat(second.cells()).containsExactly("zone1");

        RecordedRequest third = requests.get(2);
        assertThat(third.cursor().position()).isEmpty();
        assertThat(third.tabletType()).isEqualTo(TabletType.BATCH);
        assertThat(third.includeUpdates()).isTrue();
        a.cancel();
        b.cancel();
        c.cancel();
      }
    }

    @Test
    void requestsIsAnUnmodifiableSnapshot() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        List<RecordedRequest> empty = fake.requests();
        RawSyncClient.Stream s = client.open(current(fake, "t", "-"));
        s.next();
        assertThat(empty).isEmpty();
        List<RecordedRequest> one = fake.requests();
        assertThat(one).hasSize(1);
        assertThatThrownBy(() -> one.add(one.get(0))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> one.get(0).columns().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(one::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThat(fake.requests()).hasSize(1);
        s.cancel();
      }
    }

    @Test
    void failedRequestsAreRecordedToo() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        Status status = client.open(current(fake, "missing", "-")).error();
        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(fake.requests()).extracting(RecordedRequest::tableName).containsExactly("missing");
      }
    }

    @Test
    void unknownTabletTypeIsRecordedAsNull() throws Exception {
      try (FakePlanetScale fake = FakePlanetScale.builder().build().start();
          RawSyncClient client = new RawSyncClient(fake)) {
        fake.createTable(idTable("t"));
        RawSyncClient.Stream s = client.open(RawSyncClient.request(fake, "t", "-", "current").setTabletTypeValue(7)
            .build());
        s.next();
        assertThat(fake.requests().get(0).tabletType()).isNull();
        s.cancel();
      }
    }
  }

  static int idOn(FakePlanetScale fake, String table, String shard) {
    for (int id = 1; ; id++) {
      if (fake.shardOf(table, id).equals(shard)) {
        return id;
      }
    }
  }
}
