package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.OutputFile;
import io.planetscale.cdc.spi.ReadOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's phases that do not depend on the database behind them (FakePlanetScale, a real PlanetScale
 * database, or an embedded PostgreSQL): discovery to {@code catalog.json}, a sync to
 * {@code records-<phase>.jsonl} and {@code state.json}, the summary, the self-check and the list of files.
 */
final class DemoOutput {
  /** One sync call of the client behind the demo: {@code client.sync(catalog, state, sink, options)}. */
  @FunctionalInterface
  interface Syncer {
    State sync(Catalog catalog, State state, RecordSink sink, SyncOptions options);
  }

  private final PrintStream out;
  private final PrintStream err;
  private final Path dir;
  private final List<String> tables;

  /**
   * @param out where the summary goes
   * @param err where progress goes
   * @param dir where the files go
   * @param tables the tables to sync, or empty for all
   */
  DemoOutput(PrintStream out, PrintStream err, Path dir, List<String> tables) {
    this.out = out;
    this.err = err;
    this.dir = dir;
    this.tables = tables;
  }

  /**
   * Discovers (every table and column selected), keeps the chosen tables, and writes {@code catalog.json}.
   *
   * @param discoverer the client's discover
   * @return the catalog
   */
  Catalog discover(Function<DiscoverSettings, Catalog> discoverer) {
    err.println("discovering...");
    Catalog discovered = discoverer.apply(new DiscoverSettings(true, List.of(), true, true));
    Catalog catalog = discovered;
    if (!tables.isEmpty()) {
      List<Stream> chosen = new ArrayList<>();
      for (String t : tables) {
        chosen.add(discovered.stream(t).orElseThrow(() -> new CliException("--tables names \"" + t + "\", which is not"
            + " a table of the database; its tables: " + discovered.streams().stream().map(Stream::name).sorted()
                .collect(Collectors.joining(", ")))));
      }
      catalog = new Catalog(chosen);
    }
    OutputFile.writeAtomically(dir.resolve("catalog.json"), catalog.toJson());
    err.printf("discovered %d tables; wrote %s%n", catalog.streams().size(), dir.resolve("catalog.json"));
    return catalog;
  }

  /**
   * Runs one sync into {@code records-<phase>.jsonl}, checkpointing every 10,000 rows into {@code state.json}.
   *
   * @param syncer the client's sync
   * @param catalog the catalog
   * @param from the state to start from
   * @param phase {@code full} or {@code incremental}
   * @param expected how many records the phase should deliver, 0 when unknown (for progress)
   * @param keep keep the records in memory (for the check)
   * @param reads read options, or null for the client's
   * @return the phase's sink, closed, with its counts and last state
   * @throws IOException if a file cannot be written
   */
  PhaseSink sync(Syncer syncer, Catalog catalog, State from, String phase, long expected, boolean keep,
      ReadOptions reads) throws IOException {
    Path records = dir.resolve("records-" + phase + ".jsonl");
    err.printf("%s sync to %s...%n", phase, records);
    PhaseSink sink = new PhaseSink(phase, records, dir.resolve("state.json"), err, expected, keep);
    try (sink) {
      State end = syncer.sync(catalog, from, sink,
          SyncOptions.builder().listener(sink).checkpointEveryRows(10_000).readOptions(reads).build());
      OutputFile.writeAtomically(dir.resolve("state.json"), end.toJson());
      sink.finish(end);
    }
    return sink;
  }

  /**
   * Prints the summary table of both phases.
   *
   * @param full the full sync
   * @param incremental the incremental sync
   */
  void summary(PhaseSink full, PhaseSink incremental) {
    out.println();
    Summary s = new Summary(out);
    s.header();
    s.phase("full", full);
    s.phase("incremental", incremental);
  }

  /**
   * Checks the sample shop's syncs ({@link DemoCheck}) and prints the verdict: {@code check passed: ...} on
   * stdout, or what is wrong on stderr.
   *
   * @param data the dataset and its changes
   * @param full the full sync
   * @param incremental the incremental sync, with its records kept
   * @return whether the check passed
   */
  boolean check(DemoData data, PhaseSink full, PhaseSink incremental) {
    List<String> problems = DemoCheck.problems(data, full, incremental);
    if (!problems.isEmpty()) {
      err.println("demo: check FAILED:");
      problems.forEach(p -> err.println("  " + p));
      return false;
    }
    out.printf("%ncheck passed: the full sync delivered all %,d rows, the incremental sync exactly the %d"
        + " applied changes%n", data.totalRows(), data.changes().size());
    return true;
  }

  /** Lists the files written. */
  void files() {
    out.println();
    for (String f : List.of("catalog.json", "records-full.jsonl", "state.json", "records-incremental.jsonl")) {
      out.println("wrote " + dir.resolve(f));
    }
  }
}
