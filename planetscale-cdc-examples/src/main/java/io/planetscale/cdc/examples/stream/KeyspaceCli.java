package io.planetscale.cdc.examples.stream;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.SourceConfig;
import io.planetscale.cdc.grpc.ConnectOptions;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.Transaction;
import io.planetscale.cdc.grpc.TransactionListener;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.grpc.VGtid;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code change-stream --keyspace}: every table of the keyspace (or those {@code --tables} names) as
 * committed transactions on one {@link KeyspaceStream}, printed as JSON lines
 * ({@link TransactionLines}), with the position saved to {@code --position-file} after each
 * transaction. Starts with a copy of the tables, at {@code "current"} with {@code --start-at-current},
 * or from the position file when it exists.
 */
final class KeyspaceCli {
  /** The options only this mode takes, without {@code --}. */
  static final Set<String> FLAGS = Set.of("tables", "position-file", "max-transaction-records", "heartbeat");
  /** The switches only this mode takes, without {@code --}. */
  static final Set<String> SWITCHES = Set.of("keyspace", "start-at-current");

  private KeyspaceCli() {}

  /**
   * @param a the parsed arguments, {@code --keyspace} among them and none of the table mode's own
   * @param out where the lines go
   * @param err where status goes
   * @return 0 once the stream stopped
   * @throws CliException for bad arguments or files, an unknown table, a listener failure
   * @throws io.planetscale.cdc.PlanetScaleCdcException if the stream fails
   */
  static int run(Args a, PrintStream out, PrintStream err) {
    SourceConfig config = SourceConfig.read(a.value("config"), "--config");
    PlanetScaleSource source = config.source();
    if (config.transport().filter(t -> t != Transport.VSTREAM).isPresent()) {
      throw new CliException("--keyspace reads over VStream, but the config's transport is \""
          + config.transport().get().configName() + "\"; remove it or set \"vstream\"");
    }
    List<String> tables = a.value("tables") == null ? null : tables(a.value("tables"));
    List<String> shards = shards(a.values("shard"));
    Duration duration = a.value("duration") != null ? DurationArg.parse("--duration", a.value("duration")) : null;
    Duration heartbeat = a.value("heartbeat") != null ? DurationArg.parse("--heartbeat", a.value("heartbeat")) : null;
    Integer maxRecords = a.value("max-transaction-records") != null
        ? positiveInt("--max-transaction-records", a.value("max-transaction-records")) : null;
    PositionFile file = a.value("position-file") != null ? new PositionFile(Path.of(a.value("position-file"))) : null;
    // Read before discovery, so a bad file fails fast and nothing is written.
    Optional<VGtid> resume = file != null ? file.read(source.database()) : Optional.empty();
    if (resume.isPresent() && !shards.isEmpty()
        && !new TreeSet<>(shards).equals(new TreeSet<>(resume.get().shards()))) {
      throw new CliException("position file " + file.path() + " holds shards " + resume.get().shards()
          + ", but --shard names " + shards + "; a resume streams the shards of its position");
    }

    Catalog catalog = ChangeStreamCli.discover(config);
    if (tables != null) {
      for (String t : tables) {
        ChangeStreamCli.requireTable(catalog, t, source.database());
      }
    }
    ConnectOptions.Builder options = config.connectOptions().toBuilder();
    if (heartbeat != null) {
      options.heartbeatInterval(heartbeat);
    }
    KeyspaceStream stream;
    try {
      KeyspaceStream.Builder b = KeyspaceStream.builder(source, catalog).connectOptions(options.build());
      if (tables != null) {
        b.tables(tables);
      }
      if (!shards.isEmpty()) {
        b.shards(shards);
      }
      if (resume.isPresent()) {
        b.startAt(resume.get());
      } else if (a.flag("start-at-current", false)) {
        b.startAtCurrent();
      }
      if (duration != null) {
        b.stopAfter(duration);
      }
      if (maxRecords != null) {
        b.maxTransactionRecords(maxRecords);
      }
      stream = b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage().equals("the catalog has no table to stream")
          ? source.database() + " has no table to stream" : e.getMessage(), e);
    }
    String status = String.format("streaming transactions of %s of %s on %s from %s%s",
        tables != null ? "tables " + String.join(", ", tables) : "every table",
        source.database(),
        shards.isEmpty() ? resume.map(v -> "shards " + String.join(", ", v.shards())).orElse("every shard")
            : "shards " + String.join(", ", shards),
        resume.isPresent() ? "the position in " + file.path()
            : a.flag("start-at-current", false) ? "now on" : "a copy of the tables",
        duration != null ? " for " + duration.toString().substring(2).toLowerCase() : " until Ctrl-C");
    stream(stream, status, file, out, err);
    return 0;
  }

  /**
   * Streams until the stream stops. The status line is printed with the first thing the stream
   * delivers, so a stream that cannot open reports only its error.
   */
  private static void stream(KeyspaceStream stream, String status, PositionFile file, PrintStream out,
      PrintStream err) {
    Runnable announce = StopOnShutdown.once(err, status);
    StopOnShutdown.run(stream, () -> {
      VGtid start = stream.position();
      VGtid end;
      try {
        end = stream.run(new Printer(out, file, announce));
      } catch (KeyspaceStream.ListenerException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
          throw new CliException(io.getMessage() + "; stopped at position " + e.position().toJson(), e);
        }
        throw e;
      }
      out.flush();
      // The end may be past the last transaction (a copy that finished with nothing to deliver).
      if (file != null && !end.equals(start)) {
        file.save(end);
      }
      err.println("stopped at position " + end.toJson()
          + (file != null ? "; saved in " + file.path() + ", the next run resumes from it" : ""));
    });
  }

  /** Prints what the stream delivers; saves the position after each whole transaction and reshard. */
  private static final class Printer implements TransactionListener {
    private final PrintStream out;
    private final PositionFile file;
    private final Runnable announce;

    Printer(PrintStream out, PositionFile file, Runnable announce) {
      this.out = out;
      this.file = file;
      this.announce = announce;
    }

    @Override
    public void onTransaction(Transaction tx) {
      announce.run();
      out.println(TransactionLines.transaction(tx));
      out.flush(); // printed before it is saved: the file never runs ahead of the output
      if (tx.lastChunk() && file != null) {
        file.save(tx.position());
      }
    }

    @Override
    public void onSchemaChange(SchemaChange change) {
      announce.run();
      out.println(TransactionLines.schemaChange(change));
      out.flush();
    }

    @Override
    public void onHeartbeat(Instant at) {
      announce.run();
      out.println(TransactionLines.heartbeat(at));
      out.flush();
    }

    @Override
    public void onReshard(VGtid from, VGtid to) {
      announce.run();
      out.println(TransactionLines.reshard(from, to));
      out.flush();
      if (file != null) {
        file.save(to);
      }
    }
  }

  private static List<String> tables(String value) {
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.strip();
      if (name.isEmpty()) {
        throw new CliException("--tables takes table names separated by commas, was \"" + value + "\"");
      }
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static List<String> shards(List<String> values) {
    List<String> names = new ArrayList<>();
    for (String value : values) {
      String name = value.strip();
      if (name.isEmpty()) {
        throw new CliException("--shard must not be blank");
      }
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static int positiveInt(String flag, String value) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException(flag + " must be a whole number of at least 1, was \"" + value + "\"");
  }

}
