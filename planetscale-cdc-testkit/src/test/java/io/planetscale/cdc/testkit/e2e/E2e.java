package io.planetscale.cdc.testkit.e2e;

import io.grpc.Status;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RecordingLogger;
import io.planetscale.cdc.testkit.TableSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared set-up of the end-to-end tests: a two-shard fake with an orders table, fast retries, replay of records. */
final class E2e {
  /** Retries quickly, so a test with injected faults takes milliseconds, not seconds. */
  static final RetryPolicy FAST_RETRY = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50), 0);

  private E2e() {}

  /** Default read options with fast retries and a short settle interval. */
  static ReadOptions fast() {
    return ReadOptions.defaults().withRetryPolicy(FAST_RETRY).withSettleInterval(Duration.ofMillis(50));
  }

  /** The edge database of {@code transport} on {@code source}, with default connect options. */
  static EdgeDatabase edge(Transport transport, PlanetScaleSource source) {
    return edge(transport, source, ConnectOptions.defaults());
  }

  /** The edge database of {@code transport} on {@code source} with {@code options}. */
  static EdgeDatabase edge(Transport transport, PlanetScaleSource source, ConnectOptions options) {
    return switch (transport) {
      case VSTREAM -> VStreamEdgeDatabase.create(source, options);
      case PSDBCONNECT -> ConnectEdgeDatabase.create(source, options);
    };
  }

  /** {@link #edge(Transport, PlanetScaleSource)} on the fake's source. */
  static EdgeDatabase edge(Transport transport, FakePlanetScale fake) {
    return edge(transport, fake.source());
  }

  /** Calls (peeks included) the fake received over {@code transport}: Sync requests or VStream requests. */
  static int calls(Transport transport, FakePlanetScale fake) {
    return transport == Transport.VSTREAM ? fake.vstreamRequests().size() : fake.requests().size();
  }

  /** The positions the fake was asked to start from over {@code transport}, in call order (peeks: "current"). */
  static List<String> requestedPositions(Transport transport, FakePlanetScale fake) {
    return transport == Transport.VSTREAM
        ? fake.vstreamRequests().stream().map(r -> r.shardGtids().get(0).gtid()).toList()
        : fake.requests().stream().map(r -> r.cursor().position()).toList();
  }

  /** The calls over {@code transport} that resumed a copy: a last key (Sync) or table_p_ks (VStream). */
  static long copyResumes(Transport transport, FakePlanetScale fake) {
    return transport == Transport.VSTREAM
        ? fake.vstreamRequests().stream().filter(r -> !r.shardGtids().get(0).tablePks().isEmpty()).count()
        : fake.requests().stream().filter(r -> r.cursor().isCopying()).count();
  }

  /**
   * Fails, with {@code code}, the first call of the next sync that has sent some data, so the same
   * scenario breaks on both transports: on Sync the {@code syncResponse}th response counted across
   * calls (1 = the first peek's answer); on VStream the first call that has sent
   * {@code vstreamResponses} responses (a peek sends one, so 2 or more hits a read).
   */
  static void failResponse(Transport transport, FakePlanetScale fake, int syncResponse, long vstreamResponses,
      Status.Code code, String message) {
    if (transport == Transport.VSTREAM) {
      fake.faults().vstream().failAfterResponses(vstreamResponses, code, message);
    } else {
      fake.faults().failResponse(syncResponse, code, message);
    }
  }

  /**
   * Paces the fake's VStream copy from a copy-batch hook, as Sync's delayed responses pace its calls:
   * a delay of the server, not a wait for a condition.
   */
  static void pace(Duration delay) {
    try {
      new java.util.concurrent.CountDownLatch(1).await(delay.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A two-shard fake whose copy checkpoints alike on both transports: Sync responses and VStream copy
   * batches of {@code rowsPerResponse} rows.
   */
  static FakePlanetScale twoShards(boolean tls, int rowsPerResponse) {
    FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").tls(tls)
        .rowsPerResponse(rowsPerResponse).build().start();
    fake.vstream().copyBatchRows(rowsPerResponse);
    return fake;
  }

  /** Creates {@code orders(id bigint pk, note varchar)} and inserts ids 1..rows with note "n&lt;id&gt;". */
  static Map<Long, String> orders(FakePlanetScale fake, int rows) {
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("note", "varchar(64)")
        .primaryKey("id").build());
    Map<Long, String> expected = new TreeMap<>();
    for (long i = 1; i <= rows; i++) {
      // One transaction per row: a replicated change of one row never shares a cursor with another.
      fake.insert("orders", Map.of("id", i, "note", "n" + i));
      expected.put(i, "n" + i);
    }
    return expected;
  }

  static Catalog catalog(FakePlanetScale fake) {
    return PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(), new DiscoverSettings(true, List.of(), true, false));
  }

  static State sync(FakePlanetScale fake, EdgeDatabase edge, PlanetScaleSource source, Catalog catalog, State state,
      RecordSink sink, ReadOptions options) {
    return PlanetScaleCdc.sync(fake.mysqlAccess(), edge, new RecordingLogger(), source, catalog, state, sink,
        TabletType.PRIMARY, options);
  }

  /**
   * A sync that reads one shard at a time, for tests whose faults target the Nth call the server
   * sees (reads running ahead would reorder the calls).
   */
  static State syncOneReadAtATime(FakePlanetScale fake, EdgeDatabase edge, PlanetScaleSource source, Catalog catalog,
      State state, RecordSink sink, ReadOptions options) {
    return PlanetScaleCdc.sync(fake.mysqlAccess(), edge, source, catalog, state, sink, SyncOptions.builder()
        .logger(new RecordingLogger()).tabletType(TabletType.PRIMARY).readOptions(options).readAhead(0).build());
  }

  /** {@link #syncOneReadAtATime} with {@link #fast()} read options and the fake's source. */
  static State syncOneReadAtATime(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog, State state,
      RecordSink sink) {
    return syncOneReadAtATime(fake, edge, fake.source(), catalog, state, sink, fast());
  }

  static State sync(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog, State state, RecordSink sink) {
    return sync(fake, edge, fake.source(), catalog, state, sink, fast());
  }

  /**
   * Waits until the fake serves no stream: a stream the client cancelled may still be sending on the
   * server for a moment, and would consume a one-shot fault armed for the next sync.
   */
  static void quiesce(FakePlanetScale fake) {
    try {
      if (!fake.awaitOpenStreams(0, Duration.ofSeconds(10))) {
        throw new AssertionError("the fake still serves " + fake.openStreams() + " stream(s)");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Applies records, in order, to a copy of {@code start}: id → note, deletes removing the id. */
  static Map<Long, String> replay(Map<Long, String> start, List<Record> records) {
    Map<Long, String> rows = new TreeMap<>(start);
    for (Record r : records) {
      Long id = (Long) r.data().get("id");
      if (r.operation() == Operation.DELETE) {
        rows.remove(id);
      } else {
        rows.put(id, (String) r.data().get("note"));
      }
    }
    return rows;
  }

  /** How many records each id received. */
  static Map<Long, Integer> countsById(List<Record> records) {
    Map<Long, Integer> counts = new HashMap<>();
    for (Record r : records) {
      counts.merge((Long) r.data().get("id"), 1, Integer::sum);
    }
    return counts;
  }

  static Map<Long, String> copyOf(Map<Long, String> rows) {
    return new LinkedHashMap<>(rows);
  }
}
