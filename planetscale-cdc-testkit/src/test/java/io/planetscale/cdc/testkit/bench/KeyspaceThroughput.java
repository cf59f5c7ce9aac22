package io.planetscale.cdc.testkit.bench;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Filter;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Rule;
import io.planetscale.cdc.wire.internal.proto.topodata.TabletType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamFlags;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of {@link KeyspaceStream} against the limit: a raw generated VStream async stub reading
 * the same stream and decoding nothing. A runner, not a unit test.
 *
 * <p>A 2-shard {@code FakePlanetScale} on loopback holds the benchmarks' table ({@link BenchTable}: a
 * bigint key and nine mixed-type columns) with N rows (default 1,000,000). Each shard's position P
 * is noted, then 200,000 rows (N+1 … N+200,000) are inserted in 2,000 {@code insertAll} calls of 100
 * rows; each call is one transaction per shard it touches (the fake commits a bulk insert per
 * shard), so the shards' binlogs hold about 4,000 transactions of about 50 rows. Phases, each timed end
 * to end through the public API (connect, stream, close):
 *
 * <ol>
 *   <li><b>raw copy</b> ({@code raw-copy}): VStream on every shard (shard {@code ""}) from gtid
 *       {@code ""} with one rule {@code SELECT * FROM `t`} and the SDK's flags, counting row changes
 *       until the global COPY_COMPLETED (N + 200,000 rows);
 *   <li><b>SDK copy</b> ({@code sdk-copy}): {@code KeyspaceStream} with its defaults (copy first),
 *       a listener counting records, closed once the count equals the table's rows;
 *   <li><b>raw changes</b> ({@code raw-changes}): the same request from P (a VGTID of both shards),
 *       counting row changes until 200,000;
 *   <li><b>SDK changes</b> ({@code sdk-changes}): {@code KeyspaceStream.startAt(P)}, a listener
 *       counting records, closed at 200,000.
 * </ol>
 *
 * Even runs take the phases in reverse order (ABBA). Per run it prints SDK / raw for each pair; the
 * summary gives the median of the per-run ratios, the ratio of the medians, the same for copy and
 * changes together (total time), the process CPU per row, the heap pools' peak above the baseline
 * and the live heap after GCs (see {@link PhaseMeter}).
 *
 * <pre>
 * mvn -B -q -pl planetscale-cdc-testkit -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -DskipTests
 * java -Xms6g -Xmx6g -Xmn512m -cp planetscale-cdc-testkit/target/test-classes:planetscale-cdc-testkit/target/classes:\
 * $(cat planetscale-cdc-testkit/target/cp.txt) \
 *     io.planetscale.cdc.testkit.bench.KeyspaceThroughput [rows] [runs] [phases]
 * </pre>
 *
 * {@code phases} is a comma-separated list of {@code raw-copy}, {@code sdk-copy}, {@code raw-changes}
 * and {@code sdk-changes}; {@code all} (the default) is all four. {@code -Dbench.jfr=target/keyspace.jfr}
 * records the measured runs with JFR ({@link JfrHotSpots} summarizes it). Results go to stdout and are
 * appended to {@code target/keyspace-throughput.txt}.
 */
public final class KeyspaceThroughput {
  private static final String TABLE = "bench_rows";
  private static final int LOAD_CHUNK = 50_000;
  private static final int CHANGES = 200_000;
  private static final int CHANGE_CHUNK = 100;
  private static final String RAW_COPY = "raw-copy";
  private static final String SDK_COPY = "sdk-copy";
  private static final String RAW_CHANGES = "raw-changes";
  private static final String SDK_CHANGES = "sdk-changes";
  private static final List<String> PHASES = List.of(RAW_COPY, SDK_COPY, RAW_CHANGES, SDK_CHANGES);
  private static final Map<String, String> LABELS = Map.of(RAW_COPY, "raw copy", SDK_COPY, "SDK copy",
      RAW_CHANGES, "raw changes", SDK_CHANGES, "SDK changes");

  private final PhaseMeter meter = new PhaseMeter();

  private KeyspaceThroughput() {}

  /**
   * @param args optional row count (default 1,000,000), number of runs (default 6), and phases: a
   *     comma-separated list of {@code raw-copy}, {@code sdk-copy}, {@code raw-changes} and
   *     {@code sdk-changes}, or {@code all} (the default)
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    String phases = args.length > 2 ? args[2] : "all";
    new KeyspaceThroughput().run(rows, runs, phases, phaseSet(phases));
  }

  private static Set<String> phaseSet(String phases) {
    Set<String> set = new LinkedHashSet<>();
    for (String p : phases.split(",")) {
      String name = p.trim();
      if (name.equals("all")) {
        set.addAll(PHASES);
      } else if (PHASES.contains(name)) {
        set.add(name);
      } else {
        throw new IllegalArgumentException("phases must be a comma-separated list of all, "
            + String.join(", ", PHASES) + "; was " + phases);
      }
    }
    List<String> ordered = new ArrayList<>(PHASES);
    ordered.retainAll(set);
    return new LinkedHashSet<>(ordered);
  }

  private void run(int rows, int runs, String phaseNames, Set<String> phases) throws Exception {
    meter.line(String.format("=== KeyspaceThroughput rows=%,d changes=%,d runs=%d phases=%s at %s", rows, CHANGES,
        runs, phaseNames, ZonedDateTime.now().withNano(0)));
    meter.jvmLine();
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("bench").shards("-80", "80-").build().start()) {
      VGtid before = load(fake, rows);
      int tableRows = fake.rowCount(TABLE);
      Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
          new DiscoverSettings(true, List.of(), true, true));
      ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", fake.port(),
          InsecureChannelCredentials.create()).maxInboundMessageSize(100 * 1024 * 1024).build();
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
          + Base64.getEncoder().encodeToString("fake-user:fake-password".getBytes(StandardCharsets.UTF_8)));
      VitessGrpc.VitessStub stub = VitessGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));

      Map<String, PhaseMeter.Work> work = new HashMap<>();
      work.put(RAW_COPY, () -> RawVStreamCopy.run(stub, rawRequest(List.of(new ShardGtid(fake.keyspace(), "", "",
          List.of()))), n -> { }).get(10, TimeUnit.MINUTES));
      work.put(SDK_COPY, () -> sdk(KeyspaceStream.builder(fake.source(), catalog), tableRows));
      work.put(RAW_CHANGES, () -> RawVStreamRows.until(stub, rawRequest(before.shardGtids()), CHANGES)
          .get(10, TimeUnit.MINUTES));
      work.put(SDK_CHANGES, () -> sdk(KeyspaceStream.builder(fake.source(), catalog).startAt(before), CHANGES));
      Map<String, String> baseline = new LinkedHashMap<>();
      if (phases.contains(SDK_COPY) && phases.contains(RAW_COPY)) {
        baseline.put(SDK_COPY, RAW_COPY);
      }
      if (phases.contains(SDK_CHANGES) && phases.contains(RAW_CHANGES)) {
        baseline.put(SDK_CHANGES, RAW_CHANGES);
      }
      Map<String, List<PhaseMeter.Phase>> results = meter.runAbba(new ArrayList<>(phases), runs, LABELS, work,
          name -> name.endsWith("copy") ? tableRows : CHANGES, baseline);
      meter.summaries(runs, LABELS, results, baseline);
      if (baseline.size() == 2) {
        together(runs, results);
      }
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    meter.write("keyspace-throughput.txt");
  }

  /**
   * Loads rows 1..N, notes each shard's position, then makes the changes.
   *
   * @return the position before the changes, on both shards
   */
  private VGtid load(FakePlanetScale fake, int rows) {
    BenchTable.create(fake, TABLE);
    long start = System.nanoTime();
    BenchTable.insert(fake, TABLE, 1, rows, LOAD_CHUNK);
    meter.line(String.format("loaded %,d rows × 10 columns into shards %s in %.1f s", rows, fake.shardNames(),
        (System.nanoTime() - start) / 1e9));
    List<ShardGtid> positions = new ArrayList<>();
    for (String shard : fake.shardNames()) {
      positions.add(new ShardGtid(fake.keyspace(), shard, fake.position(shard), List.of()));
    }
    start = System.nanoTime();
    BenchTable.insert(fake, TABLE, rows + 1L, (long) rows + CHANGES, CHANGE_CHUNK);
    StringBuilder transactions = new StringBuilder();
    for (ShardGtid p : positions) {
      transactions.append(String.format(" %s %,d", p.shard(), sequence(fake.position(p.shard())) - sequence(p.gtid())));
    }
    meter.line(String.format("then %,d inserts in %,d calls of %d rows (each one transaction per shard; transactions "
        + "per shard:%s) in %.1f s; the table holds %,d rows", CHANGES, CHANGES / CHANGE_CHUNK, CHANGE_CHUNK,
        transactions, (System.nanoTime() - start) / 1e9, fake.rowCount(TABLE)));
    return new VGtid(positions);
  }

  /** The transaction number a fake position ends with: {@code MySQL56/<uuid>:1-N} gives N. */
  private static long sequence(String position) {
    return Long.parseLong(position.substring(position.lastIndexOf('-') + 1));
  }

  /** The SDK's request as the raw stub sends it: one rule, every column, the same flags. */
  private static VStreamRequest rawRequest(List<ShardGtid> from) {
    io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.Builder v =
        io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid.newBuilder();
    for (ShardGtid s : from) {
      v.addShardGtids(io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid.newBuilder()
          .setKeyspace(s.keyspace()).setShard(s.shard()).setGtid(s.gtid()));
    }
    return VStreamRequest.newBuilder().setTabletType(TabletType.PRIMARY).setVgtid(v)
        .setFilter(Filter.newBuilder().addRules(Rule.newBuilder().setMatch(TABLE)
            .setFilter("SELECT * FROM `" + TABLE + "`")))
        .setFlags(VStreamFlags.newBuilder().setIncludeReshardJournalEvents(true))
        .build();
  }

  /** Runs a stream with a listener that counts records and closes the stream once it has {@code expected}. */
  private static long sdk(KeyspaceStream.Builder builder, long expected) {
    long[] records = {0};
    try (KeyspaceStream stream = builder.build()) {
      stream.run(tx -> {
        records[0] += tx.records().size();
        if (records[0] >= expected) {
          stream.close();
        }
      });
    }
    return records[0];
  }

  /** Copy and changes together: total raw time over total SDK time, per run and over the medians. */
  private void together(int runs, Map<String, List<PhaseMeter.Phase>> results) {
    double[] ratios = new double[runs];
    double[] rawSeconds = new double[runs];
    double[] sdkSeconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      rawSeconds[i] = results.get(RAW_COPY).get(i).seconds + results.get(RAW_CHANGES).get(i).seconds;
      sdkSeconds[i] = results.get(SDK_COPY).get(i).seconds + results.get(SDK_CHANGES).get(i).seconds;
      ratios[i] = rawSeconds[i] / sdkSeconds[i];
    }
    meter.line(String.format("SDK copy + changes / raw copy + changes (total time raw / SDK): per run %s, median "
        + "%.1f%% (target >= 90%%); ratio of medians %.1f%%", PhaseMeter.percents(ratios),
        100 * PhaseMeter.median(ratios), 100 * PhaseMeter.median(rawSeconds) / PhaseMeter.median(sdkSeconds)));
  }
}
