package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.ShardStates;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.examples.airbyte.AirbyteCatalogs.ConfiguredStream;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.postgres.PostgresClient;
import io.planetscale.cdc.postgres.PostgresSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code check}, {@code discover} and {@code read} of a PlanetScale Postgres config ({@link PostgresConfig}) on
 * {@link PostgresClient}.
 *
 * <p>Streams: namespace = the table's schema, name = the table (as Airbyte's source-postgres has them); the
 * state is the Vitess read's shape with {@code <schema>:<table>} keys and one shard, {@code "-"}, whose cursor
 * holds {@code pg:<LSN>}. An {@code incremental} stream with a stored cursor continues from it; one without, and
 * every {@code full_refresh} stream, is snapshotted first (a full refresh's stored cursor is not passed on).
 * Records are written as the Vitess read writes them ({@link AirbyteSink}): deletes carry
 * {@code _ab_cdc_deleted_at}, a TRUNCATE is a WARN LOG. A stored position the slot can no longer continue fails
 * the read naming the stream and {@code invalid_cdc_cursor_position_behavior}, unless that says
 * {@code "Re-sync data"}.
 */
final class PostgresCommands {
  private PostgresCommands() {}

  static int check(PostgresConfig config, Messages messages) {
    warn(config, messages);
    PostgresSource source = config.source();
    String who = "database " + source.database() + " at host " + source.host() + ":" + source.port()
        + " with username " + source.user();
    try (PostgresClient client = config.client()) {
      client.check();
      if (!config.createIfMissing()) {
        ReplicationSlotCheck.requireSlot(source, config.slot());
      }
      discover(client, config); // the schemas or the publication must be readable
    } catch (RuntimeException e) {
      messages.connectionStatus(false, "Unable to connect to PlanetScale Postgres " + who + ". Failed with "
          + e.getMessage());
      return 0;
    }
    messages.connectionStatus(true, "Successfully connected to PlanetScale Postgres " + who);
    return 0;
  }

  static int discover(PostgresConfig config, Messages messages) {
    warn(config, messages);
    try (PostgresClient client = config.client()) {
      Catalog catalog = discover(client, config);
      messages.catalog(AirbyteCatalogs.toAirbyte(catalog, names(catalog, config)));
    }
    return 0;
  }

  static int read(PostgresConfig config, Args args, Messages messages) {
    warn(config, messages);
    List<ConfiguredStream> configured = ReadCommand.configuredStreams(args);
    AirbyteState stored = ReadCommand.storedState(args);
    String defaultNamespace = config.schemas().get(0);
    PostgresSource source = config.source();
    try (PostgresClient client = config.client()) {
      Catalog discovered = discover(client, config);
      AirbyteNames names = names(discovered, config);
      Catalog catalog = AirbyteCatalogs.select(discovered, configured, names, defaultNamespace, source.database());
      Set<String> fullRefresh = new HashSet<>();
      for (int i = 0; i < configured.size(); i++) {
        ConfiguredStream c = configured.get(i);
        String sdk = catalog.streams().get(i).name();
        String key = names.key(sdk);
        boolean hasCursor = stored.streams().containsKey(key);
        if (!c.incremental()) {
          fullRefresh.add(sdk);
        }
        messages.log(Messages.Level.INFO, "Syncing stream " + key + " with sync mode "
            + (c.incremental() ? "incremental" : "full_refresh")
            + (c.incremental() && hasCursor ? " from its stored cursor"
                : !c.incremental() && hasCursor ? "; ignoring its stored cursor, starting with a snapshot"
                : "; no stored cursor, starting with a snapshot"));
      }
      State state = withoutStreams(stored.toSdk(names), fullRefresh);
      AirbyteSink sink = new AirbyteSink(messages, stored, names);
      try {
        client.sync(catalog, state, sink, SyncOptions.builder().logger(sink)
            .restartOnStaleCursor(config.resyncOnInvalidCursor()).build());
      } catch (StaleCursorException e) {
        // The SDK's message speaks of binary logs (Vitess); say what it means here and what to set.
        String why = e.getCause() == null || e.getCause().getMessage() == null ? "" : " (" + e.getCause().getMessage()
            + ")";
        throw new CliException("state file " + args.value("state") + ": stream " + names.key(e.stream()) + " is at "
            + e.position() + ", which replication slot \"" + config.slot() + "\" can no longer continue" + why
            + ": set replication_method.invalid_cdc_cursor_position_behavior to \"Re-sync data\" to snapshot it"
            + " again, or reset the stream", e);
      }
      messages.log(Messages.Level.INFO, "Read " + sink.records() + " record(s) from " + configured.size()
          + " stream(s)");
    }
    return 0;
  }

  /** The discovered streams of the config's schemas (with several, the publication holds them all). */
  private static Catalog discover(PostgresClient client, PostgresConfig config) {
    Catalog all = client.discover(new DiscoverSettings(false, List.of(), true, false));
    if (config.schemas().size() == 1) {
      return all;
    }
    AirbyteNames names = AirbyteNames.schemas(all, config.schemas().get(0));
    List<Stream> kept = new ArrayList<>();
    for (Stream s : all.streams()) {
      if (config.schemas().contains(names.namespace(s.name()))) {
        kept.add(s);
      }
    }
    return new Catalog(kept);
  }

  private static AirbyteNames names(Catalog discovered, PostgresConfig config) {
    return AirbyteNames.schemas(discovered, config.schemas().get(0));
  }

  private static State withoutStreams(State state, Set<String> dropped) {
    if (dropped.isEmpty()) {
      return state;
    }
    Map<String, ShardStates> kept = new LinkedHashMap<>(state.streams());
    kept.keySet().removeAll(dropped);
    return new State(kept);
  }

  private static void warn(PostgresConfig config, Messages messages) {
    for (String warning : config.warnings()) {
      messages.log(Messages.Level.WARN, warning);
    }
  }
}
