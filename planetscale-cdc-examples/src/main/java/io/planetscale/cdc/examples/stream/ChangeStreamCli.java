package io.planetscale.cdc.examples.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.GrpcLogging;
import io.planetscale.cdc.examples.cli.SourceConfig;
import io.planetscale.cdc.examples.demo.RecordJson;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the inserts, updates and deletes of one table on every shard of its keyspace (or the one
 * {@code --shard} names), from now on ({@code "current"}) or from saved cursors, for a duration,
 * until a position, or until Ctrl-C: what {@code planetscale-stream-ts}'s {@code PlanetScaleVStream}
 * example does, on {@link ChangeStream}.
 *
 * <p>Usage: {@code bin/change-stream --config source.json --table orders [--shard -80]
 * [--start-at <cursor> ... | --state <file>] [--duration 30s | --stop-at MySQL56/<uuid>:1-42]}. The
 * config is the SDK's source JSON ({@link PlanetScaleSource#fromJson}) with an optional
 * {@code "transport"} and {@code "binlog_row_image"} ({@link SourceConfig}); the table's schema and the
 * keyspace's shards are discovered as {@link PlanetScaleClient#create} does (the config's
 * {@code shards}, when set, limit them). {@code --start-at} resumes a shard right after a printed
 * cursor (its Base64 {@code "cursor"}); give it once per shard. {@code --state} starts from the
 * cursors in a state file when it exists, and rewrites the file with every shard's latest cursor
 * after each cursor. {@code --stop-at} takes one shard's position, so it needs one shard.
 *
 * <p>Output on stdout, one JSON object per line:
 * <ul>
 *   <li>a change: {@code {"type":"change","stream":"orders","operation":"INSERT"|"UPDATE"|"DELETE",
 *       "data":{...},"before":{...}|null,"position":{...}}} ({@link RecordJson});
 *   <li>after each batch, the cursor of its shard that covers it: {@code {"type":"cursor","shard":"-",
 *       "position":"MySQL56/...","cursor":"<Base64>"}}, the cursor serialized as in state files.
 * </ul>
 * Status messages go to stderr; the last says where each shard stopped and the {@code --start-at}
 * options that resume from there. Exit code 0 when the stream stopped (duration, position, Ctrl-C),
 * 1 with one line on stderr for bad arguments, an unreadable config, an unknown table or a failure.
 *
 * <p>Keyspace mode: {@code bin/change-stream --keyspace --config source.json [--tables a,b]
 * [--shard -80 ...] [--position-file f.json] [--start-at-current] [--duration 30s]
 * [--max-transaction-records n] [--heartbeat 10s]} streams every table of the keyspace (or those
 * {@code --tables} names) on every shard (or the {@code --shard}s) as committed transactions, on one
 * {@link io.planetscale.cdc.grpc.KeyspaceStream} (VStream). It copies the tables first, unless
 * {@code --start-at-current} starts it at {@code "current"}, or the position file exists: then it
 * resumes from the position there. After each transaction's last chunk (and each reshard) it replaces
 * the position file atomically with the position that covers it. {@code --keyspace} and
 * {@code --table} are exclusive. It prints one JSON object per line ({@link TransactionLines}):
 * <ul>
 *   <li>{@code {"type":"transaction","keyspace":"shop","shard":"-80","chunk":0,"last_chunk":true,
 *       "commit_time":"2024-05-01T12:00:00Z"|null,"records":[<changes as above>],"position":{<VGtid>}}}, a
 *       transaction, a copy batch or one chunk of a transaction larger than
 *       {@code --max-transaction-records}; the position ({@code VGtid.toJson()}) only on the last chunk;
 *   <li>{@code {"type":"schema_change",...}}, {@code {"type":"heartbeat","at":"..."}} (with
 *       {@code --heartbeat}) and {@code {"type":"reshard","from":{<VGtid>},"to":{<VGtid>}}}.
 * </ul>
 * When it stops (duration, Ctrl-C) the last stderr line gives the position JSON it stopped at.
 */
public final class ChangeStreamCli {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final String USAGE = "usage: change-stream --config <source.json> --table <table> [--shard <shard>]"
      + " [--start-at <cursor> ... | --state <file>] [--duration <30s|5m|1h> | --stop-at <position>]\n"
      + "  prints the table's inserts, updates and deletes on every shard (or --shard's) from now on, and the"
      + " cursor after each batch, as JSON lines;\n"
      + "  --start-at <cursor> resumes a shard right after a printed cursor (its \"cursor\" value), once per shard;\n"
      + "  --state <file> starts from the file's cursors when it exists and saves each shard's latest cursor in it;\n"
      + "  without --duration or --stop-at (one shard's position) it runs until Ctrl-C\n"
      + "usage: change-stream --keyspace --config <source.json> [--tables a,b] [--shard <shard> ...]"
      + " [--position-file <file>] [--start-at-current] [--duration <30s|5m|1h>] [--max-transaction-records <n>]"
      + " [--heartbeat <10s>]\n"
      + "  prints every table's (or --tables') transactions on every shard (or the --shards) as JSON lines, after a"
      + " copy of the tables (none with --start-at-current);\n"
      + "  --position-file <file> resumes from the file's position when it exists and saves the position in it"
      + " after each transaction";

  /** The options only the table mode takes, without {@code --}. */
  private static final Set<String> TABLE_FLAGS = Set.of("table", "start-at", "state", "stop-at");

  private ChangeStreamCli() {}

  /**
   * Runs the command line and exits with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    GrpcLogging.routeToSlf4j(); // a failure is one error line, not grpc's warning with a stack trace
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line. While streaming, a shutdown hook closes the stream, so Ctrl-C ends it
   * cleanly with the last cursor printed.
   *
   * @param args {@code --config}, {@code --table}, {@code --shard}, {@code --duration}, {@code --stop-at}, ...;
   *     or {@code --keyspace} and its options
   * @param out where changes and cursors go
   * @param err where status and errors go
   * @return 0 when the stream stopped, 1 on an error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Set<String> flags = new HashSet<>(TABLE_FLAGS);
      flags.addAll(Set.of("config", "shard", "duration"));
      flags.addAll(KeyspaceCli.FLAGS);
      Set<String> switches = new HashSet<>(KeyspaceCli.SWITCHES);
      switches.add("help");
      Args a = Args.parse(args, flags, switches);
      if (a.flag("help", false)) {
        out.println(USAGE);
        return 0;
      }
      if (!a.positional().isEmpty()) {
        throw new CliException("unexpected argument \"" + a.positional().get(0) + "\"");
      }
      if (a.flag("keyspace", false)) {
        if (a.value("table") != null) {
          throw new CliException("--keyspace and --table are exclusive: --keyspace streams every table of the"
              + " keyspace (or those --tables a,b names), --table one table's changes; give one of them");
        }
        for (String flag : TABLE_FLAGS) {
          if (a.value(flag) != null) {
            throw new CliException("--" + flag + " is for --table, not --keyspace"
                + (flag.equals("stop-at") ? "" : "; --keyspace resumes from --position-file"));
          }
        }
        return KeyspaceCli.run(a, out, err);
      }
      for (String flag : KeyspaceCli.FLAGS) {
        if (a.value(flag) != null) {
          throw new CliException("--" + flag + " needs --keyspace");
        }
      }
      if (a.value("start-at-current") != null) {
        throw new CliException("--start-at-current needs --keyspace (--table starts at the current position)");
      }
      SourceConfig config = SourceConfig.read(a.value("config"), "--config");
      PlanetScaleSource source = config.source();
      String table = a.value("table");
      if (table == null || table.isBlank()) {
        throw new CliException("please name the table with --table <table>");
      }
      if (!a.values("start-at").isEmpty() && a.value("state") != null) {
        throw new CliException("--start-at and --state both say where to start; give one of them");
      }
      List<TableCursor> startAt = StreamCursors.parseStartAt(a.values("start-at"), source.database());
      Path statePath = a.value("state") != null ? Path.of(a.value("state")) : null;
      if (statePath != null) {
        startAt = StreamCursors.readState(statePath, table);
      }
      Duration duration = a.value("duration") != null ? DurationArg.parse("--duration", a.value("duration")) : null;
      ChangeStream.Builder builder = config.changeStream(discover(config, table)).startAtCurrent();
      try {
        if (a.value("shard") != null) {
          builder.shard(a.value("shard"));
        }
        if (!startAt.isEmpty()) {
          builder.startAt(startAt);
        }
        if (duration != null) {
          builder.stopAfter(duration);
        }
        if (a.value("stop-at") != null) {
          builder.stopAt(a.value("stop-at"));
        }
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage().replaceFirst("^startAt: ", "--start-at: "), e);
      }
      ChangeStream stream;
      try {
        stream = builder.build();
      } catch (IllegalArgumentException e) {
        throw new CliException(a.value("stop-at") != null && e.getMessage().startsWith("stopAt")
            ? "--stop-at takes one shard's position, but the table is read on several shards; pick one with"
                + " --shard (" + e.getMessage() + ")"
            : e.getMessage(), e);
      }
      Set<String> shards = stream.positions().keySet();
      String status = String.format("streaming changes of %s on shard%s %s of %s %s%s", table,
          shards.size() == 1 ? "" : "s",
          String.join(", ", shards), source.database(), startAt.isEmpty() ? "from now on" : "from the given cursors",
          duration != null ? " for " + duration.toString().substring(2).toLowerCase()
              : a.value("stop-at") != null ? " until " + a.value("stop-at") : " until Ctrl-C");
      stream(stream, status,
          statePath == null ? null : new StreamCursors.StateFile(statePath, table, stream.positions()), out, err);
      return 0;
    } catch (CliException e) {
      err.println("change-stream: " + e.getMessage());
      return 1;
    } catch (PlanetScaleCdcException e) {
      err.println("change-stream: " + e.getMessage());
      return 1;
    }
  }

  private static Stream discover(SourceConfig config, String table) {
    return requireTable(discover(config), table, config.source().database());
  }

  /**
   * @param config the config
   * @return every table of its database, discovered over MySQL as {@link PlanetScaleClient#discover} does
   * @throws CliException naming the database and host if discovery fails
   */
  static Catalog discover(SourceConfig config) {
    PlanetScaleSource source = config.source();
    try (PlanetScaleClient client = config.client()) {
      return client.discover(new DiscoverSettings(true, List.of(), true, !source.doNotTreatTinyIntAsBoolean()));
    } catch (PlanetScaleCdcException e) {
      throw new CliException("cannot discover the tables of " + source.database() + " on " + source.host() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * @param catalog the discovered tables
   * @param table a table name
   * @param database the database, for the message
   * @return the table's stream
   * @throws CliException naming the table and the database's tables if it is not there
   */
  static Stream requireTable(Catalog catalog, String table, String database) {
    return catalog.stream(table).orElseThrow(() -> new CliException("table \"" + table + "\" does not exist in "
        + database + "; its tables: " + catalog.streams().stream().map(Stream::name).sorted()
            .collect(Collectors.joining(", "))));
  }

  /**
   * Streams until the stream stops. The status line is printed once the stream is open (its first
   * cursor), so a stream that cannot open (unknown shard, rejected credentials) reports only its error.
   */
  private static void stream(ChangeStream stream, String status, StreamCursors.StateFile state, PrintStream out,
      PrintStream err) {
    Runnable announce = StopOnShutdown.once(err, status);
    StopOnShutdown.run(stream, () -> {
      stream.run(new ChangeListener() {
        @Override
        public void onRecord(Record record) {
          announce.run();
          out.println(RecordJson.toJson("change", record));
        }

        @Override
        public void onCursor(TableCursor cursor) {
          announce.run();
          out.println(cursorJson(cursor));
          out.flush();
          if (state != null) {
            state.save(cursor);
          }
        }
      });
      out.flush();
      Map<String, TableCursor> positions = stream.positions();
      err.printf("stopped at position%s %s; resume with %s%n", positions.size() == 1 ? "" : "s",
          positions.size() == 1 ? positions.values().iterator().next().position()
              : positions.values().stream().map(c -> c.shard() + " " + c.position()).collect(Collectors.joining(", ")),
          positions.values().stream().map(c -> "--start-at " + SerializedCursor.of(c).cursor())
              .collect(Collectors.joining(" ")));
    });
  }

  /**
   * @param cursor a cursor
   * @return {@code {"type":"cursor","shard":...,"position":...,"cursor":"<Base64>"}}
   */
  static String cursorJson(TableCursor cursor) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("type", "cursor");
      g.writeStringField("shard", cursor.shard());
      g.writeStringField("position", cursor.position());
      g.writeStringField("cursor", SerializedCursor.of(cursor).cursor());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
