package io.planetscale.cdc.kafka.connect.bench;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.kafka.connect.PlanetScaleSourceConnector;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakeMysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Throughput of {@link PlanetScaleSourceConnector} on Kafka Connect against the {@link KeyspaceStream}
 * it is built on. A runner, not a unit test.
 *
 * <p>A 2-shard {@code FakePlanetScale} on loopback holds one table of N rows (default 200,000; a bigint
 * key and nine mixed-type columns, {@link BenchRows}). One {@link EmbeddedConnectCluster} (1 KRaft
 * broker, 1 worker, {@code exactly.once.source.support=enabled}) is started once, untimed. Each run
 * measures two phases, even runs in reverse order (ABBA):
 *
 * <ol>
 *   <li><b>stream</b>: discovery and a {@code KeyspaceStream} copying the keyspace (both shards) into a
 *       listener that only counts records, closed once it has N;
 *   <li><b>connector</b>: the connector created through the REST API ({@code tasks.max=2}, so one shard
 *       per task; {@code exactly.once.support=required}, {@code transaction.boundary=connector}; a fresh
 *       name and {@code topic.prefix} per run, so offsets and topics start empty) until a
 *       {@code read_committed} consumer has counted N records in the table's topic
 *       ({@link CommittedRecordCounter}); timed from the creation request, so it includes the worker
 *       starting the tasks. Then the connector is deleted, untimed. Key and value converter: Connect's
 *       {@code JsonConverter} with schemas enabled (every record carries its schema: the realistic
 *       default), or without schemas with the argument {@code plain}.
 * </ol>
 *
 * Per run it prints each phase's records/s, the process CPU per row (everything is in this JVM: the
 * fake server, the broker, the worker) and by thread, and connector / stream; for the connector also
 * the time to the first committed record and the rate after it ("steady"). The summary has the medians,
 * the median of the per-run ratios and the ratio of the medians. Connector settings can be added or
 * changed with {@code -Dbench.connector.<key>=<value>} (e.g.
 * {@code -Dbench.connector.producer.override.batch.size=262144}; the worker allows client overrides). With {@code -Dbench.jfr=<file>} the
 * connector phases (only) are recorded with JFR CPU sampling every millisecond (which slows them) and
 * {@link JfrComponents} prints where their time went. Results are appended to
 * {@code target/connect-throughput.txt}.
 *
 * <pre>
 * mvn -B -q -pl planetscale-cdc-kafka-connect -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -DskipTests
 * java -Xms4g -Xmx4g -cp planetscale-cdc-kafka-connect/target/test-classes:planetscale-cdc-kafka-connect/target/classes:\
 * $(cat planetscale-cdc-kafka-connect/target/cp.txt) \
 *     io.planetscale.cdc.kafka.connect.bench.ConnectThroughput [rows] [runs] [schemas|plain]
 * </pre>
 */
public final class ConnectThroughput {
  private static final String KEYSPACE = "bench";
  private static final String TABLE = "bench_rows";
  private static final String USER = "bench-user";
  private static final String PASSWORD = "bench-password";
  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final String STREAM = "stream";
  private static final String CONNECTOR = "connector";
  private static final String OVERRIDE = "bench.connector.";

  private final StringBuilder report = new StringBuilder();
  private final Path jfr = System.getProperty("bench.jfr") == null ? null : Path.of(System.getProperty("bench.jfr"));

  private ConnectThroughput() {}

  /**
   * @param args optional row count (default 200,000), number of runs (default 4), and the converters'
   *     schemas: {@code schemas} (the default) or {@code plain}
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 200_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    String schemas = args.length > 2 ? args[2] : "schemas";
    if (rows < 1 || runs < 1 || !(schemas.equals("schemas") || schemas.equals("plain"))) {
      throw new IllegalArgumentException("usage: ConnectThroughput [rows >= 1] [runs >= 1] [schemas|plain]; was "
          + String.join(" ", args));
    }
    new ConnectThroughput().run(rows, runs, schemas.equals("schemas"));
  }

  private void run(int rows, int runs, boolean schemas) throws Exception {
    line(String.format("=== ConnectThroughput rows=%,d runs=%d converters=JsonConverter schemas.enable=%s at %s", rows,
        runs, schemas, ZonedDateTime.now().withNano(0)));
    line("connector settings added with -D" + OVERRIDE + "*: " + overrides());
    line(String.format("JVM %s, %d cores, max heap %,d MiB, flags %s", System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getInputArguments()));
    if (jfr != null) {
      Files.deleteIfExists(jfr);
    }
    System.setProperty(MysqlAccessProvider.PROPERTY, FakeMysqlAccessProvider.class.getName());
    EmbeddedConnectCluster cluster = null;
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace(KEYSPACE).shards("-80", "80-")
        .credentials(USER, PASSWORD).build().start()) {
      long start = System.nanoTime();
      BenchRows.create(fake, TABLE);
      BenchRows.insert(fake, TABLE, rows, 50_000);
      line(String.format("loaded %,d rows × 10 columns into shards %s in %.1f s", fake.rowCount(TABLE),
          fake.shardNames(), (System.nanoTime() - start) / 1e9));
      start = System.nanoTime();
      cluster = startCluster();
      line(String.format("embedded Connect cluster (1 broker, 1 worker, exactly-once source support) up in %.1f s",
          (System.nanoTime() - start) / 1e9));
      Map<String, List<Measured>> results = new HashMap<>(Map.of(STREAM, new ArrayList<>(),
          CONNECTOR, new ArrayList<>()));
      for (int run = 1; run <= runs; run++) {
        List<String> order = run % 2 == 1 ? List.of(STREAM, CONNECTOR) : List.of(CONNECTOR, STREAM);
        for (String phase : order) {
          Measured m = phase.equals(STREAM) ? stream(fake, rows) : connector(cluster, fake, rows, run, schemas);
          results.get(phase).add(m);
          print(run, phase, rows, m);
        }
        line(String.format("run %d: connector/stream %.1f%% (steady %.1f%%)", run,
            100 * results.get(CONNECTOR).get(run - 1).rate() / results.get(STREAM).get(run - 1).rate(),
            100 * results.get(CONNECTOR).get(run - 1).steadyRate() / results.get(STREAM).get(run - 1).rate()));
      }
      summary(results.get(STREAM), results.get(CONNECTOR));
    } finally {
      if (cluster != null) {
        cluster.stop();
      }
    }
    if (jfr != null) {
      line("JFR recording of the connector phases: " + jfr);
      JfrComponents.summarize(jfr, 8, this::line);
    }
    Path out = Path.of("target", "connect-throughput.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report.append('\n'), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** One measured phase; {@code firstSeconds} is the connector's time to its first committed record. */
  private record Measured(double seconds, double firstSeconds, PhaseCost.Cost cost, long rows, long bytes) {
    double rate() {
      return rows / seconds;
    }

    /** The rate after the first committed record (the connector's start excluded); the stream's rate. */
    double steadyRate() {
      return firstSeconds == 0 ? rate() : rows / (seconds - firstSeconds);
    }
  }

  private static EmbeddedConnectCluster startCluster() {
    Properties broker = new Properties();
    // Without these the transaction state log cannot be created on one broker and the worker never starts.
    broker.put("transaction.state.log.replication.factor", "1");
    broker.put("transaction.state.log.min.isr", "1");
    Map<String, String> worker = new HashMap<>();
    worker.put("exactly.once.source.support", "enabled");
    worker.put("connector.client.config.override.policy", "All"); // lets -Dbench.connector.producer.override.*
    EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder().name("planetscale-bench").numWorkers(1)
        .numBrokers(1).workerProps(worker).brokerProps(broker).build();
    cluster.start();
    return cluster;
  }

  private Measured stream(FakePlanetScale fake, int rows) throws Exception {
    System.gc();
    PhaseCost cost = new PhaseCost();
    long start = System.nanoTime();
    // Discovery is timed as the connector's task does it too; against the fake it takes milliseconds.
    Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
        new DiscoverSettings(true, List.of(), true, false));
    long[] records = {0};
    try (KeyspaceStream stream = KeyspaceStream.builder(fake.source(), catalog).startWithCopy().build()) {
      stream.run(tx -> {
        records[0] += tx.records().size();
        if (records[0] >= rows) {
          stream.close();
        }
      });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (records[0] != rows) {
      throw new IllegalStateException("the stream delivered " + records[0] + " records, expected " + rows);
    }
    return new Measured(seconds, 0, cost.end(rows), rows, 0);
  }

  private Measured connector(EmbeddedConnectCluster cluster, FakePlanetScale fake, int rows, int run, boolean schemas)
      throws Exception {
    String name = "bench" + run + "-" + System.currentTimeMillis();
    String topic = name + "." + KEYSPACE + "." + TABLE;
    cluster.kafka().createTopic(topic, 1); // before the clock starts; the counter assigns its partition
    try (CommittedRecordCounter counter = new CommittedRecordCounter(cluster, topic)) {
      System.gc();
      jdk.jfr.Recording recording = jfr == null ? null : startRecording();
      PhaseCost cost = new PhaseCost();
      long start = System.nanoTime();
      cluster.configureConnector(name, config(fake, name, schemas));
      long end = counter.awaitCount(rows, WAIT);
      PhaseCost.Cost c = cost.end(rows);
      if (recording != null) {
        appendRecording(recording);
      }
      Measured m = new Measured((end - start) / 1e9, (counter.firstSeenNanos() - start) / 1e9, c, rows,
          counter.bytes());
      cluster.deleteConnector(name);
      awaitTaskThreadsGone(name);
      return m;
    }
  }

  private static Map<String, String> config(FakePlanetScale fake, String name, boolean schemas) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", PlanetScaleSourceConnector.class.getName());
    c.put("tasks.max", "2");
    c.put("planetscale.host", fake.host());
    c.put("planetscale.database", KEYSPACE);
    c.put("planetscale.username", USER);
    c.put("planetscale.password", PASSWORD);
    c.put("planetscale.plaintext", "true");
    c.put("topic.prefix", name);
    c.put("exactly.once.support", "required");
    c.put("transaction.boundary", "connector");
    for (String converter : List.of("key.converter", "value.converter")) {
      c.put(converter, "org.apache.kafka.connect.json.JsonConverter");
      c.put(converter + ".schemas.enable", Boolean.toString(schemas));
    }
    c.put("topic.creation.default.replication.factor", "1");
    c.put("topic.creation.default.partitions", "1");
    c.putAll(overrides());
    return c;
  }

  /** Connector settings given as {@code -Dbench.connector.<key>=<value>}, e.g. producer overrides. */
  private static Map<String, String> overrides() {
    Map<String, String> o = new java.util.TreeMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(OVERRIDE)) {
        o.put(key.substring(OVERRIDE.length()), System.getProperty(key));
      }
    }
    return o;
  }

  /**
   * Waits for the deleted connector's task threads ({@code task-thread-<name>-N}) to end, so the next
   * phase does not share the machine with them.
   */
  private static void awaitTaskThreadsGone(String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("task-thread-" + name))) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the tasks of deleted connector " + name + " did not stop within 60 s");
      }
      Thread.sleep(50); // polling a condition with a deadline
    }
  }

  private static jdk.jfr.Recording startRecording() {
    jdk.jfr.Recording recording = new jdk.jfr.Recording();
    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
    recording.start();
    return recording;
  }

  /** Stops the recording and appends it to the JFR file: a JFR file is a sequence of self-contained chunks. */
  private void appendRecording(jdk.jfr.Recording recording) throws IOException {
    recording.stop();
    Path part = Files.createTempFile("connect-throughput", ".jfr");
    try {
      recording.dump(part);
      Files.write(jfr, Files.readAllBytes(part), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      recording.close();
      Files.deleteIfExists(part);
    }
  }

  private void print(int run, String phase, int rows, Measured m) {
    PhaseCost.Cost c = m.cost();
    String first = m.firstSeconds() == 0 ? "" : String.format(" (first committed record after %.2f s; steady %,.0f "
        + "rows/s; %,d bytes of key and value per record)", m.firstSeconds(), m.steadyRate(), m.bytes() / m.rows());
    line(String.format("run %d %-9s %,d rows in %6.2f s = %,9.0f rows/s%s | process CPU %.2f µs/row (runner thread "
        + "%.2f) | GC %d in %d ms | load avg %.2f", run, phase, rows, m.seconds(), m.rate(), first,
        c.processMicrosPerRow(), c.callerMicrosPerRow(), c.gcCount(), c.gcMillis(), c.loadAverage()));
    line("      CPU µs/row by thread: " + c.byThread());
  }

  private void summary(List<Measured> stream, List<Measured> connector) {
    int runs = stream.size();
    double[] ratios = new double[runs];
    double[] steadyRatios = new double[runs];
    for (int i = 0; i < runs; i++) {
      ratios[i] = connector.get(i).rate() / stream.get(i).rate();
      steadyRatios[i] = connector.get(i).steadyRate() / stream.get(i).rate();
    }
    line("--- summary (medians over " + runs + " runs; run 1 includes JIT warm-up)");
    line(String.format("stream    median %,9.0f rows/s (min %,.0f, max %,.0f) | process CPU median %.2f µs/row",
        median(stream, Measured::rate), min(stream, Measured::rate), max(stream, Measured::rate),
        median(stream, m -> m.cost().processMicrosPerRow())));
    line(String.format("connector median %,9.0f rows/s (min %,.0f, max %,.0f), steady (after the first committed "
        + "record, median %.2f s) %,.0f rows/s | process CPU median %.2f µs/row",
        median(connector, Measured::rate), min(connector, Measured::rate), max(connector, Measured::rate),
        median(connector, Measured::firstSeconds), median(connector, Measured::steadyRate),
        median(connector, m -> m.cost().processMicrosPerRow())));
    line(String.format("connector / stream: per run %s, median %.1f%%; ratio of medians %.1f%%", percents(ratios),
        100 * median(ratios), 100 * median(connector, Measured::rate) / median(stream, Measured::rate)));
    line(String.format("connector steady / stream: per run %s, median %.1f%%; ratio of medians %.1f%%",
        percents(steadyRatios), 100 * median(steadyRatios),
        100 * median(connector, Measured::steadyRate) / median(stream, Measured::rate)));
    line(String.format("process CPU per row, stream / connector: %.1f%% (the throughput ratio the CPU cost alone "
        + "predicts on a saturated machine)", 100 * median(stream, m -> m.cost().processMicrosPerRow())
        / median(connector, m -> m.cost().processMicrosPerRow())));
  }

  private static double median(List<Measured> ms, java.util.function.ToDoubleFunction<Measured> f) {
    return median(ms.stream().mapToDouble(f).toArray());
  }

  private static double min(List<Measured> ms, java.util.function.ToDoubleFunction<Measured> f) {
    return ms.stream().mapToDouble(f).min().orElseThrow();
  }

  private static double max(List<Measured> ms, java.util.function.ToDoubleFunction<Measured> f) {
    return ms.stream().mapToDouble(f).max().orElseThrow();
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String percents(double[] ratios) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < ratios.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format("%.1f%%", 100 * ratios[i]));
    }
    return sb.append(']').toString();
  }

  /** Prints a line and keeps it for the result file. */
  private void line(String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }
}
