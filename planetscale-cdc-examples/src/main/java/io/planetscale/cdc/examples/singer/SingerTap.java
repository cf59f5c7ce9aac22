package io.planetscale.cdc.examples.singer;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.GrpcLogging;
import io.planetscale.cdc.examples.cli.DatabaseTables;
import io.planetscale.cdc.examples.cli.InputFile;
import io.planetscale.cdc.examples.cli.OutputFile;
import io.planetscale.cdc.examples.cli.SourceConfig;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Singer tap: the command line of the Go {@code singer-tap}, on this SDK.
 *
 * <ul>
 *   <li>{@code --discover --config <file> [--auto-select] [--excluded-tables a,b] [--incremental=false]
 *       [--tinyint-as-boolean]} prints the catalog (singer-tap's JSON shape) on stdout.
 *   <li>{@code --config <file> --catalog <file> [--state <file>] [--state-output <file>]
 *       [--use-replica | --use-rdonly]} syncs the catalog's selected streams: for each, a
 *       {@code SCHEMA} line, its {@code RECORD} lines, and a {@code STATE} line after every shard
 *       (plus checkpoints during long copies: every 10,000 records or minute), and a final
 *       {@code STATE}. Records are always written before the {@code STATE} that covers them. The
 *       inputs, and the tables of the selected streams (against the database), are checked before
 *       anything is written, so bad input or a missing table is an error with empty stdout.
 *       {@code --state-output} also writes the final state ({@code {"bookmarks":...}}) to a file,
 *       atomically and only when the sync succeeds.
 * </ul>
 *
 * <p>Deletes, which Singer has no message for, are {@code RECORD}s of the deleted row's last values
 * with {@code _sdc_deleted_at} set to the time the change was read (declared in every
 * {@code SCHEMA}); updates are records of the row's new values. Logs go to stderr as
 * {@code PlanetScale Tap : INFO : ...}; a failure is one {@code PlanetScale Tap : ERROR : ...}
 * line and exit code 1.
 */
public final class SingerTap {
  private static final Set<String> VALUES = Set.of("config", "catalog", "state", "state-output", "excluded-tables");
  private static final Set<String> SWITCHES = Set.of("discover", "auto-select", "tinyint-as-boolean", "incremental",
      "use-replica", "use-rdonly", "help");

  static final String USAGE = String.join("\n",
      "usage: singer-tap --discover --config <config.json> [--auto-select] [--excluded-tables <t1,t2>]",
      "                  [--incremental=true|false] [--tinyint-as-boolean]",
      "       singer-tap --config <config.json> --catalog <catalog.json> [--state <state.json>]",
      "                  [--state-output <file>] [--use-replica | --use-rdonly]",
      "",
      "config: {\"host\":..,\"database\":..,\"username\":..,\"password\":.., optional \"shards\":\"-80,80-\",",
      "         \"starting_gtids\":{\"<keyspace>\":{\"<shard>\":\"MySQL56/...\"}},",
      "         \"transport\":\"vstream\"|\"psdbconnect\" (default: the SDK client's),",
      "         \"binlog_row_image\":\"full\"|\"noblob\"|\"minimal\" (the database's setting; default full)}",
      "--state accepts {\"bookmarks\":...} or a STATE message; --state-output writes the final state.",
      "");

  static final String BOTH_TABLET_TYPES =
      "Only one of use-replica, use-rdonly can be specified, please pick one of these two modes and try again";
  static final String NO_CONFIG = "Please specify path to a valid configuration file with the --config flag";
  static final String NO_CATALOG = "Please specify path to a valid catalog file with the --catalog flag";

  private SingerTap() {}

  /**
   * Runs the tap and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    GrpcLogging.routeToSlf4j(); // a failure is one error line, not grpc's warning with a stack trace
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the tap.
   *
   * @param args the command line
   * @param out receives the catalog, or the Singer messages
   * @param err receives the log lines
   * @return 0 on success, 1 on any failure (reported as one line on {@code err})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    TapLog log = new TapLog(err);
    try {
      Args a = Args.parse(args, VALUES, SWITCHES);
      if (!a.positional().isEmpty()) {
        throw new CliException("unexpected argument \"" + a.positional().get(0) + "\"; see --help");
      }
      if (a.flag("help", false)) {
        out.print(USAGE);
        out.flush();
        return 0;
      }
      boolean replica = a.flag("use-replica", false);
      boolean rdonly = a.flag("use-rdonly", false);
      if (replica && rdonly) {
        throw new CliException(BOTH_TABLET_TYPES);
      }
      if (a.value("config") == null) {
        throw new CliException(NO_CONFIG);
      }
      SourceConfig config = SourceConfig.read(a.value("config"), "--config");
      if (a.flag("discover", false)) {
        discover(a, config, out);
      } else {
        TabletType tabletType = replica ? TabletType.REPLICA : rdonly ? TabletType.BATCH
            : config.source().tabletType();
        sync(a, config, tabletType, out, log);
      }
      return 0;
    } catch (RuntimeException e) {
      log.error(message(e));
      return 1;
    }
  }

  private static void discover(Args a, SourceConfig config, PrintStream out) {
    DiscoverSettings settings = new DiscoverSettings(a.flag("auto-select", false),
        excludedTables(a.value("excluded-tables")), a.flag("incremental", true), a.flag("tinyint-as-boolean", false));
    Catalog catalog;
    try (PlanetScaleClient client = config.client()) {
      catalog = client.discover(settings);
    }
    out.print(catalog.toJson() + "\n");
    out.flush();
  }

  /** The comma-separated names, trimmed, empty entries left out; matched exactly. */
  static List<String> excludedTables(String list) {
    List<String> names = new ArrayList<>();
    if (list != null) {
      for (String name : list.split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
    }
    return names;
  }

  private static void sync(Args a, SourceConfig config, TabletType tabletType, PrintStream out, TapLog log) {
    String catalogPath = a.value("catalog");
    if (catalogPath == null) {
      throw new CliException(NO_CATALOG);
    }
    Catalog catalog = InputFile.read("catalog", catalogPath, "--catalog", Catalog::fromJson);
    checkCatalog(catalog, catalogPath);
    String statePath = a.value("state");
    State state = State.empty();
    if (statePath != null) {
      state = InputFile.read("state", statePath, "--state", State::fromJson);
      checkCursors(state, statePath);
    }
    String stateOutput = a.value("state-output");
    SingerOutput output = new SingerOutput(out, log);
    SyncOptions options = SyncOptions.builder().tabletType(tabletType).logger(output).build();
    State last;
    try (PlanetScaleClient client = config.client()) {
      checkTablesExist(catalog, client, config.source());
      last = client.sync(catalog, state, output, options);
    }
    if (stateOutput != null) {
      OutputFile.writeAtomically(Path.of(stateOutput), last.toJson() + "\n");
      log.info("saved the final state to " + stateOutput);
    }
  }

  /** Fails before any output on a catalog that has nothing to sync or lacks table metadata. */
  private static void checkCatalog(Catalog catalog, String path) {
    if (catalog.streams().isEmpty()) {
      throw new CliException("catalog file " + path + " has no streams; create one with --discover");
    }
    boolean anySelected = false;
    for (Stream s : catalog.streams()) {
      try {
        anySelected |= s.tableMetadata().metadata().selected();
      } catch (ConfigurationException e) {
        throw new CliException("catalog file " + path + " is invalid: " + e.getMessage(), e);
      }
    }
    if (!anySelected) {
      throw new CliException("catalog file " + path + " selects no stream; set \"selected\": true in a stream's"
          + " table metadata (breadcrumb []), or discover with --auto-select");
    }
  }

  /** Fails before any output on a selected stream whose table the database does not have (now). */
  private static void checkTablesExist(Catalog catalog, PlanetScaleClient client, PlanetScaleSource source) {
    DatabaseTables tables = new DatabaseTables(client.discover(new DiscoverSettings(false, List.of(), true,
        !source.doNotTreatTinyIntAsBoolean())), source.database());
    for (Stream s : catalog.streams()) {
      if (s.tableMetadata().metadata().selected()) {
        tables.require(s.name(), s.tableName().isEmpty() ? s.name() : s.tableName());
      }
    }
  }

  /**
   * Fails before any output on a cursor that does not decode, or that belongs to another shard than
   * the one it is stored under (the sync would reject it only after the stream's SCHEMA line).
   */
  private static void checkCursors(State state, String path) {
    for (Map.Entry<String, ShardStates> stream : state.streams().entrySet()) {
      for (Map.Entry<String, SerializedCursor> shard : stream.getValue().shards().entrySet()) {
        String cursorShard;
        try {
          cursorShard = shard.getValue().toTableCursor(stream.getKey(), shard.getKey()).shard();
        } catch (ConfigurationException e) {
          throw new CliException("state file " + path + " is invalid: " + e.getMessage(), e);
        }
        if (!cursorShard.isEmpty() && !cursorShard.equals(shard.getKey())) {
          throw new CliException("state file " + path + " is invalid: state of stream \"" + stream.getKey()
              + "\" shard \"" + shard.getKey() + "\" holds a cursor for shard \"" + cursorShard + "\"");
        }
      }
    }
  }

  /** The failure's own message, once (no wrapper prefixes), or its class when it has none. */
  private static String message(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.toString() : m;
  }
}
