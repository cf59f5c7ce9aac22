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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
public final class ChangeStreamCli {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final String USAGE = "usage: change-stream --config <source.json> --table <table> [--shard <shard>]"
      + " [--start-at <cursor> ... | --state <file>] [--duration <30s|5m|1h> | --stop-at <position>]\n"
      + "  prints the table's inserts, updates and deletes on every shard (or --shard's) from now on, and the"
      + " cursor after each batch, as JSON lines;\n"
      + "  --start-at <cursor> resumes a shard right after a printed cursor (its \"cursor\" value), once per shard;\n"
      + "  --state <file> starts from the file's cursors when it exists and saves each shard's latest cursor in it;\n"
      + "  without --duration or --stop-at (one shard's position) it runs until Ctrl-C";

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
   * @param args {@code --config}, {@code --table}, {@code --shard}, {@code --duration}, {@code --stop-at}
   * @param out where changes and cursors go
   * @param err where status and errors go
   * @return 0 when the stream stopped, 1 on an error
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      Args a = Args.parse(args, Set.of("config", "table", "shard", "start-at", "state", "duration", "stop-at"),
          Set.of("help"));
      if (a.flag("help", false)) {
        out.println(USAGE);
        return 0;
      }
      if (!a.positional().isEmpty()) {
        throw new CliException("unexpected argument \"" + a.positional().get(0) + "\"");
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
    PlanetScaleSource source = config.source();
    Catalog catalog;
    try (PlanetScaleClient client = config.client()) {
      catalog = client.discover(new DiscoverSettings(true, List.of(), true, !source.doNotTreatTinyIntAsBoolean()));
    } catch (PlanetScaleCdcException e) {
      throw new CliException("cannot discover the tables of " + source.database() + " on " + source.host() + ": "
          + e.getMessage(), e);
    }
    return catalog.stream(table).orElseThrow(() -> new CliException("table \"" + table + "\" does not exist in "
        + source.database() + "; its tables: " + catalog.streams().stream().map(Stream::name).sorted()
            .collect(Collectors.joining(", "))));
  }

  /**
   * Streams until the stream stops. The status line is printed once the stream is open (its first
   * cursor), so a stream that cannot open (unknown shard, rejected credentials) reports only its error.
   */
  private static void stream(ChangeStream stream, String status, StreamCursors.StateFile state, PrintStream out,
      PrintStream err) {
    CountDownLatch finished = new CountDownLatch(1);
    AtomicBoolean open = new AtomicBoolean();
    Runnable announce = () -> {
      if (open.compareAndSet(false, true)) {
        err.println(status);
      }
    };
    Thread hook = new Thread(() -> {
      stream.close();
      try {
        finished.await(10, TimeUnit.SECONDS); // let run() return and print its last lines
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "change-stream-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
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
    } finally {
      stream.close();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it ends now that finished is counted down
      }
    }
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
