package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.GrpcLogging;
import io.planetscale.cdc.examples.cli.SourceConfig;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo: discover, full sync, changes, incremental sync, summary.
 *
 * <p>Without configuration it starts a {@link FakePlanetScale} (keyspace {@code shop}, shards
 * {@code -80} and {@code 80-}) loaded with a deterministic sample shop ({@link DemoData}), then
 * <ol>
 *   <li>discovers it and writes {@code catalog.json};
 *   <li>syncs every table in full to {@code records-full.jsonl}, writing {@code state.json} at every
 *       checkpoint;
 *   <li>applies a fixed set of inserts, updates and deletes;
 *   <li>syncs incrementally from the state to {@code records-incremental.jsonl} and rewrites
 *       {@code state.json};
 *   <li>prints a summary per phase and stream (inserts, updates, deletes, checkpoints, rows/s) and
 *       checks that the full sync delivered every row and the incremental sync exactly the changes
 *       (exit code 1 otherwise).
 * </ol>
 *
 * <p>With {@code PLANETSCALE_HOST}, {@code PLANETSCALE_DATABASE}, {@code PLANETSCALE_USERNAME} and
 * {@code PLANETSCALE_PASSWORD} set, it runs the same discover, full and incremental sync against that
 * database instead, read-only: it never changes it, so the incremental sync shows whatever others
 * changed in between. {@code PLANETSCALE_PLAINTEXT=true} connects without TLS (for local testing);
 * {@code PLANETSCALE_TRANSPORT=vstream} or {@code psdbconnect} picks the protocol (default: the SDK
 * client's).
 *
 * <p>With {@code --postgres} it runs the sample shop's story on an embedded PostgreSQL 18 instead, through
 * {@code PostgresClient} ({@link PostgresDemo}); the {@code PLANETSCALE_*} variables are then not read.
 *
 * <p>Usage: {@code bin/demo [--postgres] [--rows N] [--out DIR] [--tables T1,T2]} ({@code --tables} only with
 * a real database). Progress goes to stderr, the summary to stdout.
 */
public final class Demo {
  /** The environment variables that select a real database; all four or none. */
  static final List<String> ENV = List.of("PLANETSCALE_HOST", "PLANETSCALE_DATABASE", "PLANETSCALE_USERNAME",
      "PLANETSCALE_PASSWORD");
  /** The optional environment variable that picks the transport with a real database. */
  static final String TRANSPORT_ENV = "PLANETSCALE_TRANSPORT";
  private static final String USAGE = "usage: demo [--postgres] [--rows N] [--out DIR] [--tables T1,T2]\n"
      + "  --postgres the same demo on an embedded PostgreSQL 18 started by the demo, through PostgresClient\n"
      + "  --rows N   rows of the sample dataset over all tables (default 100000, at least " + DemoData.MIN_ROWS + ")\n"
      + "  --out DIR  where catalog.json, records-full.jsonl, records-incremental.jsonl and state.json go"
      + " (default ./planetscale-demo)\n"
      + "  --tables   with a real database: sync only these tables (default: all)\n"
      + "With PLANETSCALE_HOST, PLANETSCALE_DATABASE, PLANETSCALE_USERNAME and PLANETSCALE_PASSWORD set,\n"
      + "it syncs that database instead (read-only; --rows is ignored). Optional there: PLANETSCALE_PLAINTEXT=true\n"
      + "(no TLS, local testing only), PLANETSCALE_TRANSPORT=vstream|psdbconnect (default: the SDK client's).";
  /** The fake answers at once: a short settle interval keeps the demo quick (a real database keeps 200 ms). */
  private static final ReadOptions FAKE_READS = ReadOptions.defaults().withSettleInterval(Duration.ofMillis(100));

  private final PrintStream err;
  private final DemoOutput output;

  private Demo(PrintStream out, PrintStream err, Path dir, List<String> tables) {
    this.err = err;
    this.output = new DemoOutput(out, err, dir, tables);
  }

  /**
   * Runs the demo and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    GrpcLogging.routeToSlf4j(); // a failure is one error line, not grpc's warning with a stack trace
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /**
   * Runs the demo.
   *
   * @param args {@code --rows N}, {@code --out DIR}, {@code --help}
   * @param out where the summary goes
   * @param err where progress and errors go
   * @param env the environment (the {@code PLANETSCALE_*} variables select a real database)
   * @return 0 on success, 1 for bad arguments, a failure or a failed check
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    Args a;
    int rows;
    try {
      a = Args.parse(args, Set.of("rows", "out", "tables"), Set.of("help", "postgres"));
      if (a.flag("help", false)) {
        out.println(USAGE);
        return 0;
      }
      if (!a.positional().isEmpty()) {
        throw new CliException("unexpected argument \"" + a.positional().get(0) + "\"");
      }
      rows = parseRows(a.value("rows"));
    } catch (CliException e) {
      err.println("demo: " + e.getMessage());
      err.println(USAGE);
      return 1;
    }
    List<String> tables = a.value("tables") == null ? List.of()
        : Arrays.stream(a.value("tables").split(",")).map(String::trim).filter(t -> !t.isEmpty())
            .collect(Collectors.toList());
    Demo demo = new Demo(out, err, Path.of(a.value("out") != null ? a.value("out") : "planetscale-demo"), tables);
    try {
      if (a.flag("postgres", false)) {
        if (!tables.isEmpty()) {
          throw new CliException("--tables is for a real database (PLANETSCALE_* set); the sample shop always syncs"
              + " all its tables");
        }
        return new PostgresDemo(err, demo.output).run(new DemoData(rows)) ? 0 : 1;
      }
      SourceConfig real = realSource(env);
      if (real == null && !tables.isEmpty()) {
        throw new CliException("--tables is for a real database (PLANETSCALE_* set); the sample shop always syncs"
            + " all its tables");
      }
      if (real != null) {
        demo.runReal(real);
        return 0;
      }
      return demo.runFake(new DemoData(rows)) ? 0 : 1;
    } catch (CliException | PlanetScaleCdcException | UncheckedIOException | IOException | SQLException e) {
      err.println("demo: " + e.getMessage());
      return 1;
    }
  }

  private static int parseRows(String value) {
    if (value == null) {
      return 100_000;
    }
    try {
      int rows = Integer.parseInt(value.replace("_", "").replace(",", ""));
      if (rows < DemoData.MIN_ROWS) {
        throw new CliException("--rows must be at least " + DemoData.MIN_ROWS + ", was " + value);
      }
      return rows;
    } catch (NumberFormatException e) {
      throw new CliException("--rows must be a number, was \"" + value + "\"");
    }
  }

  /**
   * @return the source the four variables describe, with {@code PLANETSCALE_TRANSPORT}'s transport
   *     if set, or null if none of the four is set
   */
  static SourceConfig realSource(Map<String, String> env) {
    List<String> missing = new ArrayList<>();
    for (String name : ENV) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        missing.add(name);
      }
    }
    if (missing.size() == ENV.size()) {
      return null;
    }
    if (!missing.isEmpty()) {
      throw new CliException("to use a real database set all of " + String.join(", ", ENV) + "; missing: "
          + String.join(", ", missing));
    }
    PlanetScaleSource source = PlanetScaleSource.builder().host(env.get("PLANETSCALE_HOST"))
        .database(env.get("PLANETSCALE_DATABASE")).username(env.get("PLANETSCALE_USERNAME"))
        .password(env.get("PLANETSCALE_PASSWORD"))
        .plaintext(Boolean.parseBoolean(env.getOrDefault("PLANETSCALE_PLAINTEXT", "false"))).build();
    try {
      return SourceConfig.of(source, env.get(TRANSPORT_ENV), TRANSPORT_ENV);
    } catch (ConfigurationException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private boolean runFake(DemoData data) throws IOException {
    err.printf("starting FakePlanetScale (keyspace shop, shards -80 and 80-) with %,d rows%n", data.totalRows());
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start()) {
      load(fake, data);
      try (PlanetScaleClient client = PlanetScaleClient.builder(fake.source()).mysql(fake.mysqlAccess()).build()) {
        Catalog catalog = output.discover(client::discover);
        PhaseSink full = output.sync(client::sync, catalog, State.empty(), "full", data.totalRows(), false,
            FAKE_READS);
        List<DemoData.Change> changes = data.changes();
        err.printf("applying %d changes (inserts, updates, deletes)%n", changes.size());
        for (DemoData.Change c : changes) {
          switch (c.operation()) {
            case INSERT: fake.insert(c.table(), c.values()); break;
            case UPDATE: fake.update(c.table(), c.id(), c.values()); break;
            default: fake.delete(c.table(), c.id()); break;
          }
        }
        PhaseSink incremental = output.sync(client::sync, catalog, full.lastState(), "incremental", 0, true,
            FAKE_READS);
        output.summary(full, incremental);
        if (!output.check(data, full, incremental)) {
          return false;
        }
        output.files();
        return true;
      }
    }
  }

  private void runReal(SourceConfig config) throws IOException {
    PlanetScaleSource source = config.source();
    err.printf("using the real database %s on %s (read-only: the demo changes nothing)%n", source.database(),
        source.host());
    PlanetScaleClient client;
    try {
      client = config.client();
    } catch (PlanetScaleCdcException e) {
      throw new CliException("cannot connect to " + source.host() + ": " + e.getMessage(), e);
    }
    try (client) {
      Catalog catalog = output.discover(client::discover);
      PhaseSink full = output.sync(client::sync, catalog, State.empty(), "full", 0, false, null);
      PhaseSink incremental = output.sync(client::sync, catalog, full.lastState(), "incremental", 0, false, null);
      output.summary(full, incremental);
      output.files();
    }
  }

  private void load(FakePlanetScale fake, DemoData data) {
    long start = System.nanoTime();
    long total = data.totalRows();
    long loaded = 0;
    long nextMark = total / 10;
    for (TableSpec spec : DemoData.tables()) {
      fake.createTable(spec);
      int count = data.rowCount(spec.name());
      int chunk = 5_000;
      for (int from = 0; from < count; from += chunk) {
        int to = Math.min(count, from + chunk);
        fake.insertAll(spec.name(), data.rows(spec.name(), from, to));
        loaded += to - from;
        if (loaded >= nextMark || loaded == total) {
          err.printf("loading: %,d/%,d rows (%d%%)%n", loaded, total, loaded * 100 / total);
          nextMark = (loaded / Math.max(1, total / 10) + 1) * Math.max(1, total / 10);
        }
      }
    }
    err.printf("loaded %,d rows into %d tables in %.1f s%n", total, DemoData.tables().size(),
        (System.nanoTime() - start) / 1e9);
  }
}
