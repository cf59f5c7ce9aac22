package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.examples.airbyte.AirbyteCatalogs.ConfiguredStream;
import io.planetscale.cdc.examples.cli.Args;
import io.planetscale.cdc.examples.cli.CliException;
import io.planetscale.cdc.examples.cli.InputFile;
import io.planetscale.cdc.examples.cli.SourceConfig;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import java.util.List;
import java.util.Map;

/**
 * {@code read --config <file> --catalog <file> [--state <file>]}: syncs the configured streams and
 * writes RECORD, STATE and LOG messages. Every input is read and checked (catalog not empty, every
 * cursor of the state decodable) before connecting, so bad input fails without any RECORD or STATE.
 *
 * <p>Where each stream starts: an {@code incremental} stream with a stored cursor for a shard
 * continues from it; a shard without one starts at its {@code starting_gtids} position when the
 * config gives one, else with a full copy. A {@code full_refresh} stream ignores the stored cursor.
 * No file is written: the state goes to stdout as STATE messages, after every shard and at the end.
 */
final class ReadCommand {
  private ReadCommand() {}

  /** The configured catalog of {@code --catalog}, which must select at least one stream (either engine). */
  static List<ConfiguredStream> configuredStreams(Args args) {
    List<ConfiguredStream> configured =
        InputFile.read("catalog", args.value("catalog"), "--catalog", AirbyteCatalogs::parseConfigured);
    if (configured.isEmpty()) {
      throw new CliException("Catalog has no streams: catalog file " + args.value("catalog")
          + " configures none; select at least one stream");
    }
    return configured;
  }

  /** The state of {@code --state}, or an empty one without it (either engine). */
  static AirbyteState storedState(Args args) {
    String statePath = args.value("state");
    return statePath == null ? AirbyteState.empty()
        : InputFile.read("state", statePath, "--state", AirbyteState::parse);
  }

  static int run(SourceConfig config, Args args, Messages messages) {
    PlanetScaleSource source = config.source();
    List<ConfiguredStream> configured = configuredStreams(args);
    AirbyteState stored = storedState(args);
    String database = source.database();
    for (ConfiguredStream c : configured) {
      String key = database + ":" + c.name();
      Map<String, String> cursors = stored.streams().get(key);
      if (!c.incremental()) {
        messages.log(Messages.Level.INFO, "Syncing stream " + key + " with sync mode full_refresh"
            + (cursors != null ? "; ignoring its stored cursor" : ""));
      } else if (cursors != null) {
        messages.log(Messages.Level.INFO, "Syncing stream " + key + " with sync mode incremental from its stored"
            + " cursor (" + cursors.size() + " shard(s))");
      } else {
        messages.log(Messages.Level.INFO, "Syncing stream " + key + " with sync mode incremental; no stored cursor, "
            + (source.startingGtids().containsKey(database) ? "starting at starting_gtids where given"
                : "starting with a full copy"));
      }
    }
    AirbyteSink sink = new AirbyteSink(messages, stored, database);
    try (PlanetScaleClient client = config.client()) {
      Catalog discovered = client.discover(
          new DiscoverSettings(false, List.of(), true, !source.doNotTreatTinyIntAsBoolean()));
      Catalog catalog = AirbyteCatalogs.select(discovered, configured, database);
      client.sync(catalog, stored.toSdk(database), sink, SyncOptions.builder().logger(sink).build());
    }
    messages.log(Messages.Level.INFO, "Read " + sink.records() + " record(s) from " + configured.size()
        + " stream(s)");
    return 0;
  }
}
