package io.planetscale.cdc.testkit.bench;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncLogger;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.grpc.ConnectEdgeDatabase;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.VStreamEdgeDatabase;
import io.planetscale.cdc.spi.EdgeDatabase;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of {@link PlanetScaleCdc#sync} against the limit: a raw generated stub reading the same
 * stream and decoding nothing. A runner, not a unit test.
 *
 * <p>A 2-shard {@code FakePlanetScale} on loopback holds one table of N rows (default 1,000,000) × 10
 * mixed-type columns (bigint key, int, varchar, decimal, datetime(6), timestamp, tinyint(1), double,
 * text, varbinary). Each run measures the phases asked for, in this order:
 *
 * <ol>
 *   <li><b>raw sequential</b> ({@code seq}): the async generated stub copies shard {@code -80}, then shard
 *       {@code 80-}, decoding nothing, with the request the SDK sends: psdbconnect {@code Sync} from
 *       position {@code ""} listing all ten columns, counting rows until the cursor without
 *       {@code last_known_pk}; or VStream from gtid {@code ""} with {@code SELECT * FROM `t`},
 *       counting row changes until the global COPY_COMPLETED;
 *   <li><b>raw parallel</b> ({@code par}): the same, both shards at once;
 *   <li><b>SDK sync 1ms</b> ({@code sdk}): {@code PlanetScaleCdc.sync} from {@link State#empty()} with a
 *       sink that counts records, one shard at a time (no read-ahead) and a <b>1 ms settle
 *       interval</b>: the row path, compared with raw sequential;
 *   <li><b>SDK sync default</b> ({@code sdk-default}): the same with the SDK's defaults (read options
 *       {@link ReadOptions#defaults()}; read-ahead on, so the second shard's read starts while the
 *       first is delivered, holding at most 10,000 rows until its turn), compared with raw
 *       sequential: the sink still sees one shard after the other;
 *   <li><b>SDK reading values</b> ({@code sdk-values}): as {@code sdk-default}, with a sink that
 *       reads every value of every record (the SDK converts values when they are first read, so this
 *       adds the conversion a sink that writes records out pays), compared with raw sequential;
 *   <li><b>SDK shards parallel</b> ({@code sdk-par}): the defaults with {@code shardParallelism(2)},
 *       both shards read and delivered at once, compared with raw parallel.
 * </ol>
 *
 * Every SDK time includes each shard's peek and its stop. Even runs take the phases in
 * reverse order (ABBA), so a change of machine load weighs on raw and SDK alike; per run the ratio
 * SDK / raw is reported, and the summary gives the median of those ratios and the ratio of the
 * medians.
 *
 * Per phase it reports rows/s, heap and GC: before the phase a {@code System.gc()} gives the baseline
 * (the fake's stored rows), heap pools' peaks are reset, and the phase reports the sum of the heap
 * pools' peak usage, the largest heap usage right after any GC during the phase (what was live), and
 * GC count and time, and the process's CPU time per row (client and the in-process fake server; the
 * calling thread's share separately). Live-after-GC minus baseline is what the phase itself retains;
 * it must not grow with the row count. A fixed young generation ({@code -Xmn}) makes the peaks
 * comparable between table sizes (otherwise G1 sizes eden from the free heap). After the timed
 * runs an untimed live-set check forces a full GC in the middle of each shard's copy, raw and SDK,
 * and reports exactly what is reachable then above the baseline (the fake's per-copy snapshot list
 * grows with the table; the difference SDK − raw is what the SDK holds).
 *
 * <pre>
 * mvn -B -q -pl planetscale-cdc-testkit -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -DskipTests
 * java -Xms8g -Xmx8g -Xmn512m -cp planetscale-cdc-testkit/target/test-classes:planetscale-cdc-testkit/target/classes:\
 * $(cat planetscale-cdc-testkit/target/cp.txt) \
 *     io.planetscale.cdc.testkit.bench.SyncThroughput [rows] [runs] [phases] [psdbconnect|vstream]
 * </pre>
 *
 * {@code phases} is a comma-separated list of {@code seq}, {@code par}, {@code sdk}, {@code sdk-default}
 * {@code sdk-values} and {@code sdk-par}; {@code raw} is {@code seq,par} and {@code all} (the default)
 * is all six (a single phase is for profiling). The transport defaults to psdbconnect. {@code -Dbench.jfr=target/sync.jfr} records the measured runs (not the load) with JFR's
 * {@code profile} settings and 1 ms CPU sampling; {@link JfrHotSpots} summarizes the recording. Results go to stdout and are appended, under a header naming the arguments and JVM
 * flags, to {@code target/sync-throughput.txt}.
 */
public final class SyncThroughput {
  private static final String TABLE = "bench_rows";
  private static final int LOAD_CHUNK = 50_000;
  private static final String SEQ = "seq";
  private static final String PAR = "par";
  private static final String SDK = "sdk";
  private static final String SDK_DEFAULT = "sdk-default";
  private static final String SDK_VALUES = "sdk-values";
  private static final String SDK_PAR = "sdk-par";
  private static final Map<String, String> LABELS = Map.of(SEQ, "raw sequential", PAR, "raw parallel",
      SDK, "SDK sync 1ms", SDK_DEFAULT, "SDK sync default", SDK_VALUES, "SDK reading values",
      SDK_PAR, "SDK shards parallel");
  private static final List<String> PHASES = List.of(SEQ, PAR, SDK, SDK_DEFAULT, SDK_VALUES, SDK_PAR);
  private static final List<String> SDK_PHASES = List.of(SDK, SDK_DEFAULT, SDK_VALUES, SDK_PAR);
  /** What each SDK phase compares with: the raw reader with the same shard concurrency. */
  private static final Map<String, String> BASELINE = Map.of(SDK, SEQ, SDK_DEFAULT, SEQ, SDK_VALUES, SEQ,
      SDK_PAR, PAR);
  /**
   * The columns the raw stub asks for: all of them, as the SDK does (it sends the selected columns).
   * The same request makes the fake do the same work for both; FakePlanetScale re-encodes every row
   * for a request that lists columns, and sends its pre-encoded rows for one that lists none.
   */
  private static final List<String> COLUMNS = List.of("id", "qty", "customer", "amount", "created_at", "updated_at",
      "paid", "score", "note", "payload");

  private final PhaseMeter meter = new PhaseMeter();

  /** {@code psdbconnect} or {@code vstream}: which protocol both the raw stub and the SDK read. */
  private final String transport;

  private SyncThroughput(String transport) {
    this.transport = transport;
  }

  /**
   * @param args optional row count (default 1,000,000), number of runs (default 5), and phases: a
   *     comma-separated list of {@code seq} (raw sequential), {@code par} (raw parallel), {@code sdk}
   *     (SDK sync, 1 ms settle, no read-ahead), {@code sdk-default} (SDK sync with its defaults) and
   *     {@code sdk-values} (as sdk-default, reading every value), {@code sdk-par} (shards in
   *     parallel); {@code raw} is {@code seq,par} and {@code all} (the default) is all six; then the transport, {@code psdbconnect} (the default)
   *     or {@code vstream}
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String phases = args.length > 2 ? args[2] : "all";
    String transport = args.length > 3 ? args[3] : "psdbconnect";
    if (!List.of("psdbconnect", "vstream").contains(transport)) {
      throw new IllegalArgumentException("transport must be psdbconnect or vstream; was " + transport);
    }
    new SyncThroughput(transport).run(rows, runs, phases, phaseSet(phases));
  }

  private static java.util.Set<String> phaseSet(String phases) {
    java.util.Set<String> set = new java.util.LinkedHashSet<>();
    for (String p : phases.split(",")) {
      switch (p.trim()) {
        case "all" -> set.addAll(PHASES);
        case "raw" -> set.addAll(List.of(SEQ, PAR));
        case SEQ, PAR, SDK, SDK_DEFAULT, SDK_VALUES, SDK_PAR -> set.add(p.trim());
        default -> throw new IllegalArgumentException("phases must be a comma-separated list of all, raw, "
            + String.join(", ", PHASES) + "; was " + phases);
      }
    }
    return set;
  }

  private void run(int rows, int runs, String phaseNames, java.util.Set<String> phases) throws Exception {
    meter.line(String.format("=== SyncThroughput rows=%,d runs=%d phases=%s transport=%s at %s", rows, runs, phaseNames,
        transport, ZonedDateTime.now().withNano(0)));
    meter.jvmLine();
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("bench").shards("-80", "80-").build().start();
        EdgeDatabase edge = "vstream".equals(transport)
            ? VStreamEdgeDatabase.create(fake.source(), ConnectOptions.defaults())
            : ConnectEdgeDatabase.create(fake.source(), ConnectOptions.defaults())) {
      load(fake, rows);
      Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
          new DiscoverSettings(true, List.of(), true, true));
      ReadOptions fastSettle = ReadOptions.defaults().withSettleInterval(Duration.ofMillis(1));
      ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", fake.port(),
          InsecureChannelCredentials.create()).maxInboundMessageSize(100 * 1024 * 1024).build();
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
          + Base64.getEncoder().encodeToString("fake-user:fake-password".getBytes(StandardCharsets.UTF_8)));
      RawReader stub = new RawReader(ConnectGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)), VitessGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth)), "vstream".equals(transport));

      Map<String, PhaseMeter.Work> work = new HashMap<>();
      work.put(SEQ, () -> {
        long n = 0;
        for (String shard : fake.shardNames()) {
          n += rawCopy(stub, fake, shard).get(10, TimeUnit.MINUTES);
        }
        return n;
      });
      work.put(PAR, () -> {
        List<CompletableFuture<Long>> copies = new ArrayList<>();
        for (String shard : fake.shardNames()) {
          copies.add(rawCopy(stub, fake, shard));
        }
        long n = 0;
        for (CompletableFuture<Long> c : copies) {
          n += c.get(10, TimeUnit.MINUTES);
        }
        return n;
      });
      SyncOptions rowPath = SyncOptions.builder().logger(QUIET).readOptions(fastSettle).readAhead(0).build();
      SyncOptions sdkDefaults = SyncOptions.builder().logger(QUIET).build();
      work.put(SDK, () -> sdkSync(fake, edge, catalog, rowPath, new CountingSink()));
      work.put(SDK_DEFAULT, () -> sdkSync(fake, edge, catalog, sdkDefaults, new CountingSink()));
      work.put(SDK_VALUES, () -> sdkSync(fake, edge, catalog, sdkDefaults, new ValueReadingSink()));
      SyncOptions parallelShards = SyncOptions.builder().logger(QUIET).shardParallelism(2).build();
      work.put(SDK_PAR, () -> sdkSync(fake, edge, catalog, parallelShards, new CountingSink()));

      Map<String, String> baseline = new java.util.LinkedHashMap<>();
      for (String sdk : SDK_PHASES) {
        if (phases.contains(sdk) && phases.contains(BASELINE.get(sdk))) {
          baseline.put(sdk, BASELINE.get(sdk));
        }
      }
      Map<String, List<PhaseMeter.Phase>> results = meter.runAbba(new ArrayList<>(phases), runs, LABELS, work,
          name -> rows, baseline);
      meter.summaries(runs, LABELS, results, baseline);
      boolean sdkMeasured = phases.contains(SDK) || phases.contains(SDK_DEFAULT) || phases.contains(SDK_VALUES);
      liveSetCheck(rows, phases.contains(SEQ) || phases.contains(PAR), sdkMeasured, stub, fake, edge, catalog,
          rowPath);
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    meter.write("sync-throughput.txt");
  }

  private static long sdkSync(FakePlanetScale fake, EdgeDatabase edge, Catalog catalog, SyncOptions options,
      CountingSink sink) {
    PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, State.empty(), sink, options);
    return sink.records;
  }

  private void load(FakePlanetScale fake, int rows) {
    BenchTable.create(fake, TABLE);
    long start = System.nanoTime();
    BenchTable.insert(fake, TABLE, 1, rows, LOAD_CHUNK);
    meter.line(String.format("loaded %,d rows × 10 columns into shards %s in %.1f s (fake holds %,d)", rows,
        fake.shardNames(), (System.nanoTime() - start) / 1e9, fake.rowCount(TABLE)));
  }

  /** Copies one shard on the raw async stub, asking for what the SDK asks for. */
  private static CompletableFuture<Long> rawCopy(RawReader stub, FakePlanetScale fake, String shard) {
    return rawCopy(stub, fake, shard, null);
  }

  private static CompletableFuture<Long> rawCopy(RawReader stub, FakePlanetScale fake, String shard,
      LiveProbe probe) {
    java.util.function.LongConsumer perBatch = probe == null ? n -> { } : probe::rows;
    if (stub.vstream) {
      return RawVStreamCopy.run(stub.vitess, RawVStreamCopy.request(fake.keyspace(), shard, TABLE), perBatch);
    }
    return RawCopy.run(stub.connect, SyncRequest.newBuilder().setTableName(TABLE)
        .setCursor(TableCursor.newBuilder().setShard(shard).setKeyspace(fake.keyspace()).setPosition(""))
        .setIncludeInserts(true).setIncludeUpdates(true).setIncludeDeletes(true).addAllColumns(COLUMNS).build(),
        perBatch);
  }

  /** The raw generated async stubs of both protocols, and which one the run reads. */
  private record RawReader(ConnectGrpc.ConnectStub connect, VitessGrpc.VitessStub vitess, boolean vstream) {}

  /**
   * Untimed: the live heap in the middle of each shard's copy. A full GC when a quarter and three
   * quarters of the rows have been seen (mid-way through the first and the second shard), then the
   * heap in use, which is exactly what is reachable at that moment.
   */
  private void liveSetCheck(int rows, boolean raw, boolean sdk, RawReader stub, FakePlanetScale fake,
      EdgeDatabase edge, Catalog catalog, SyncOptions options) throws Exception {
    System.gc();
    System.gc();
    long baseline = meter.heapUsed();
    StringBuilder sb = new StringBuilder(String.format(
        "live-set check (untimed; full GC at 1/4 and 3/4 of the rows, i.e. mid-copy of each shard): baseline %,d MiB",
        PhaseMeter.mib(baseline)));
    if (raw) {
      LiveProbe probe = new LiveProbe(rows);
      for (String shard : fake.shardNames()) {
        rawCopy(stub, fake, shard, probe).get(10, TimeUnit.MINUTES);
      }
      sb.append(String.format("; raw sequential live %s MiB above baseline", probe.describe(baseline)));
    }
    if (sdk) {
      LiveProbe probe = new LiveProbe(rows);
      CountingSink sink = new CountingSink(probe);
      PlanetScaleCdc.sync(fake.mysqlAccess(), edge, fake.source(), catalog, State.empty(), sink, options);
      sb.append(String.format("; SDK sync live %s MiB above baseline", probe.describe(baseline)));
    }
    meter.line(sb.toString());
  }

  /** Forces a full GC at given row counts and records the heap in use right after. */
  private final class LiveProbe {
    private final long[] at;
    private final long[] live;
    private long seen;
    private int next;

    LiveProbe(long rows) {
      at = new long[] {rows / 4, rows * 3 / 4};
      live = new long[at.length];
    }

    void rows(long n) {
      seen += n;
      while (next < at.length && seen >= at[next]) {
        System.gc();
        live[next++] = meter.heapUsed();
      }
    }

    String describe(long baseline) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < live.length; i++) {
        sb.append(i == 0 ? "" : " / ").append(String.format("%,.1f", (live[i] - baseline) / 1048576.0));
      }
      return sb.toString();
    }
  }

  /**
   * Reads every value of every record (what a sink that writes records out pays for converting
   * them), folding them into a number so that the reads cannot be optimized away.
   */
  private static final class ValueReadingSink extends CountingSink {
    long fold;

    @Override
    public void record(Record record, Stream stream) {
      super.record(record, stream);
      for (Object value : record.data().values()) {
        fold = 31 * fold + (value == null ? 0 : value.hashCode());
      }
    }
  }

  /** Counts records; flush and state do nothing. */
  private static class CountingSink implements RecordSink {
    private final LiveProbe probe;
    long records;

    CountingSink() {
      this(null);
    }

    CountingSink(LiveProbe probe) {
      this.probe = probe;
    }

    @Override
    public void record(Record record, Stream stream) {
      records++;
      if (probe != null) {
        probe.rows(1);
      }
    }

    @Override
    public void state(State state) {}
  }

  private static final SyncLogger QUIET = new SyncLogger() {
    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {
      System.err.println(message);
    }

    @Override
    public void streamSchema(Stream stream) {}
  };
}
