package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@code sync} or {@code stream} call: checks the state, makes sure publication and slot are there,
 * snapshots the streams that need it in an exported snapshot, then streams the slot.
 *
 * <p>Which snapshot: when the slot is created now, its own exported snapshot (the stream starts at its
 * consistent point). When the slot exists already, a temporary slot is created only to export a snapshot:
 * its consistent point {@code C} is later than the main slot's position, so the main slot streams every
 * change after {@code C}, and the snapshotted streams' positions ({@code pg:C}) drop the changes before it,
 * which the snapshot holds.
 */
final class SyncRun {
  private final PostgresConnector connector;
  private final ClientSettings settings;
  private volatile ChangeStreamReader reader;
  private volatile boolean stopped;
  private volatile StreamedTransactions streamedTransactions;

  SyncRun(PostgresConnector connector, ClientSettings settings) {
    this.connector = connector;
    this.settings = settings;
  }

  /** Stops a continuous stream (from another thread): it hands the sink a last state and returns. */
  void stop() {
    stopped = true;
    ChangeStreamReader running = reader;
    if (running != null) {
      running.stop();
    }
  }

  State run(Catalog catalog, State state, RecordSink sink, SyncOptions options, boolean continuous) {
    List<SyncTable> tables = settings.tables(catalog);
    String database = connector.database();
    Map<String, PostgresCursors.Progress> progress = new LinkedHashMap<>();
    for (SyncTable table : tables) {
      progress.put(table.streamName(), PostgresCursors.read(state, table.streamName(), database));
    }
    SinkGate gate = new SinkGate(sink, state, options);
    for (SyncTable table : tables) {
      PostgresCursors.Progress p = progress.get(table.streamName());
      options.listener().streamStarted(table.stream(), !p.snapshotNeeded());
      options.listener().shardStarted(table.streamName(), PostgresCursors.SHARD, p.lsn() < 0
          ? TableCursor.of(PostgresCursors.SHARD, database, "")
          : state.streams().get(table.streamName()).shards().get(PostgresCursors.SHARD).toTableCursor());
    }
    TypedValueConverter values = new TypedValueConverter();
    ChangeRecords records = new ChangeRecords(values);
    ExportedSnapshot snapshot = null;
    boolean keepSnapshotConnection = false;
    HeldReplicationConnector held = null;
    try (Connection sql = connector.connect()) {
      int major = ReplicationSlots.serverMajor(sql);
      if (settings.failoverSlot()) {
        ReplicationSlots.requireFailoverSupport(major); // before anything is created
      }
      long stopAt = continuous ? Long.MAX_VALUE : currentWalLsn(sql);
      Publications.ensure(sql, settings.publication(), tables, settings.createIfMissing());
      values.ensure(sql, columnTypes(sql, tables));
      if (settings.temporarySlot()) {
        requireNoPositions(progress, options, "the temporary slot of a one-shot sync cannot continue a state");
        snapshot = export(settings.slot(), true, false, options);
        keepSnapshotConnection = true;
      } else {
        Optional<ReplicationSlots.SlotInfo> slot = ReplicationSlots.find(sql, settings.slot());
        if (slot.isPresent() && slot.get().lost()) {
          requireNoPositions(progress, options, "replication slot \"" + settings.slot() + "\" was invalidated ("
              + slot.get().why() + "): the changes since the state were removed");
          if (!settings.createIfMissing()) {
            throw new ConfigurationException("replication slot \"" + settings.slot() + "\" was invalidated ("
                + slot.get().why() + "): drop it (SELECT pg_drop_replication_slot('" + settings.slot() + "')) and "
                + "create it again, or let the client do it (createIfMissing)");
          }
          ReplicationSlots.drop(sql, settings.slot(), settings.confirmInterval().plusSeconds(5));
          slot = Optional.empty();
        }
        if (slot.isEmpty()) {
          if (!settings.createIfMissing()) {
            throw new ConfigurationException("replication slot \"" + settings.slot() + "\" does not exist: create "
                + "it with SELECT pg_create_logical_replication_slot('" + settings.slot() + "', 'pgoutput', false, "
                + "false, true), or let the client create it (createIfMissing)");
          }
          requireNoPositions(progress, options, "replication slot \"" + settings.slot() + "\" does not exist: the "
              + "changes since the state are gone");
          snapshot = export(settings.slot(), false, settings.failoverSlot(), options);
          if (snapshot == null) { // a lost attempt created it after all
            slot = ReplicationSlots.find(sql, settings.slot());
            if (slot.isEmpty()) {
              throw new ConnectionException("replication slot \"" + settings.slot() + "\" was created by an "
                  + "attempt whose connection was lost, then disappeared: sync again");
            }
          }
        }
        if (slot.isPresent()) {
          checkSlot(slot.get(), database, progress, options);
          if (settings.failoverSlot() && !slot.get().failover()) {
            options.logger().info("postgres: replication slot \"" + settings.slot() + "\" is not a failover slot, so "
                + "a failover would lose it: make it one (ALTER_REPLICATION_SLOT " + settings.slot()
                + " (FAILOVER true) on a replication connection) and list it in the cluster's failover slots");
          }
          if (progress.values().stream().anyMatch(PostgresCursors.Progress::snapshotNeeded)) {
            snapshot = export(helperSlotName(), true, false, options);
          }
        }
      }
      Map<String, Long> positions = new HashMap<>();
      List<SnapshotReader.Task> tasks = new ArrayList<>();
      for (SyncTable table : tables) {
        PostgresCursors.Progress p = progress.get(table.streamName());
        if (p.snapshotInProgress()) {
          tasks.add(new SnapshotReader.Task(table, p.lsn(), p.lastKey()));
          positions.put(table.streamName(), p.lsn());
        } else if (p.snapshotNeeded()) {
          tasks.add(new SnapshotReader.Task(table, snapshot.consistentPoint(), null));
          positions.put(table.streamName(), snapshot.consistentPoint());
        } else {
          positions.put(table.streamName(), p.lsn());
        }
      }
      if (snapshot != null) {
        options.logger().info("postgres: snapshot of " + tasks.size() + " of " + tables.size() + " streams in "
            + "snapshot " + snapshot.snapshotName() + " of slot \"" + snapshot.slot() + "\" (consistent point "
            + Lsn.format(snapshot.consistentPoint()) + ")");
        // A one-shot sync's slot is its exporting connection: lost, it cannot be replaced.
        RenewableSnapshot renewable = new RenewableSnapshot(snapshot, keepSnapshotConnection ? null
            : () -> export(helperSlotName(), true, false, options));
        try {
          new SnapshotReader(connector, gate, records, settings.snapshotParallelism(), settings.snapshotChunkSize(),
              () -> stopped, ClientSettings.retryPolicy(options), options.logger()).read(renewable, tasks);
        } finally {
          if (!renewable.isFirst()) {
            renewable.close(); // a renewed snapshot's temporary slot; the first is closed below
          }
        }
      }
      if (stopped) {
        gate.checkpoint(); // the snapshot's progress so far: whole chunks and tables
        return gate.accepted();
      }
      PostgresConnector streamConnector = connector;
      if (keepSnapshotConnection) {
        held = new HeldReplicationConnector(connector, snapshot.connection(), settings.slot());
        streamConnector = held;
        snapshot = null; // the stream closes it, or the finally below (either drops the temporary slot)
      } else if (snapshot != null) {
        snapshot.close();
        snapshot = null;
      }
      ChangeStreamReader streamReader = new ChangeStreamReader(streamConnector, gate, records,
          settings.streamSettings(major, options), settings.tablesByName(tables), positions,
          oids -> values.ensure(connector, oids));
      reader = streamReader;
      streamedTransactions = streamReader.streamedTransactions();
      if (stopped) {
        streamReader.stop();
      }
      options.logger().info("postgres: streaming slot \"" + settings.slot() + "\" of " + tables.size()
          + " streams" + (continuous ? " until closed" : " up to " + Lsn.format(stopAt)));
      streamReader.run(stopAt);
      gate.finished(positions.keySet());
      return gate.accepted();
    } catch (SQLException e) {
      throw new ConnectionException("the sync of slot \"" + settings.slot() + "\" failed: " + e.getMessage(), e);
    } finally {
      reader = null;
      try {
        if (snapshot != null) {
          snapshot.close();
        }
        if (held != null) {
          held.close();
        }
      } catch (SQLException e) {
        // Closing ends the snapshot (and a temporary slot); nothing else to do.
      }
    }
  }

  /** The streamed transactions' buffer of the last stream phase (for tests), or null. */
  StreamedTransactions streamedTransactions() {
    return streamedTransactions;
  }

  /** Fails when a stream has a position the slot cannot continue, unless asked to snapshot it again. */
  private static void requireNoPositions(Map<String, PostgresCursors.Progress> progress, SyncOptions options,
      String why) {
    for (Map.Entry<String, PostgresCursors.Progress> entry : progress.entrySet()) {
      PostgresCursors.Progress p = entry.getValue();
      if (p.lsn() >= 0) {
        if (!options.restartOnStaleCursor()) {
          throw new StaleCursorException(entry.getKey(), PostgresCursors.SHARD, PostgresCursors.PREFIX
              + Lsn.format(p.lsn()), new IllegalStateException(why));
        }
        entry.setValue(PostgresCursors.Progress.SNAPSHOT_NEEDED);
      }
    }
  }

  private void checkSlot(ReplicationSlots.SlotInfo slot, String database,
      Map<String, PostgresCursors.Progress> progress, SyncOptions options) {
    if (!"pgoutput".equals(slot.plugin()) || !database.equals(slot.database())) {
      throw new ConfigurationException("replication slot \"" + slot.name() + "\" is not a pgoutput slot of database "
          + "\"" + database + "\" (plugin " + slot.plugin() + ", database " + slot.database() + ")");
    }
    for (Map.Entry<String, PostgresCursors.Progress> entry : progress.entrySet()) {
      PostgresCursors.Progress p = entry.getValue();
      if (p.lsn() >= 0 && p.lsn() < slot.confirmedFlushLsn()) {
        if (!options.restartOnStaleCursor()) {
          throw new StaleCursorException(entry.getKey(), PostgresCursors.SHARD, PostgresCursors.PREFIX
              + Lsn.format(p.lsn()), new IllegalStateException("replication slot \"" + slot.name()
              + "\" has confirmed up to " + Lsn.format(slot.confirmedFlushLsn()) + ", past the state's position: "
              + "the changes in between are no longer available"));
        }
        entry.setValue(PostgresCursors.Progress.SNAPSHOT_NEEDED);
      }
    }
  }

  /**
   * Creates a slot exporting a snapshot, retrying a lost connection with the sync's retry policy. A lost
   * {@code CREATE_REPLICATION_SLOT} may still have created a permanent slot (its reply was what got lost):
   * before trying again the slot is looked up, once no dying backend holds it.
   *
   * @return the exported snapshot, or null when a permanent slot turned out to exist after a lost attempt
   */
  private ExportedSnapshot export(String slot, boolean temporary, boolean failover, SyncOptions options)
      throws SQLException {
    RetryPolicy policy = ClientSettings.retryPolicy(options);
    for (int attempt = 1; ; attempt++) {
      try {
        return ReplicationSlots.createExporting(connector, slot, temporary, failover);
      } catch (SQLException e) {
        if (!ConnectionLoss.is(e) || attempt >= policy.maxAttempts() || stopped) {
          throw new ConnectionException("could not create replication slot \"" + slot + "\" (attempt " + attempt
              + " of " + policy.maxAttempts() + "): " + e.getMessage(), e);
        }
        options.logger().info("postgres: creating replication slot \"" + slot + "\" lost its connection ("
            + e.getMessage() + "); attempt " + (attempt + 1) + " of " + policy.maxAttempts());
        ConnectionLoss.pause(policy, attempt, () -> stopped);
        if (!temporary && settledSlotExists(slot)) {
          return null;
        }
      }
    }
  }

  /** Whether the slot exists, once no backend holds it (a killed creator lets go of it, or drops it if unfinished). */
  private boolean settledSlotExists(String slot) throws SQLException {
    long deadline = System.nanoTime() + settings.confirmInterval().plusSeconds(5).toNanos();
    try (Connection sql = connector.connect()) {
      while (true) {
        Optional<ReplicationSlots.SlotInfo> info = ReplicationSlots.find(sql, slot);
        if (info.isEmpty() || !info.get().active()) {
          return info.isPresent();
        }
        if (System.nanoTime() > deadline) {
          throw new ConnectionException("replication slot \"" + slot + "\" is still held by backend of a lost "
              + "attempt to create it after " + settings.confirmInterval().plusSeconds(5) + ": sync again");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  private String helperSlotName() {
    String base = settings.slot().length() > 40 ? settings.slot().substring(0, 40) : settings.slot();
    return base + "_snapshot_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
  }

  /** The type oids of the tables' columns, so that user types (enums, domains, arrays of them) convert. */
  private static List<Long> columnTypes(Connection sql, List<SyncTable> tables) throws SQLException {
    List<Long> oids = new ArrayList<>();
    try (java.sql.PreparedStatement statement = sql.prepareStatement("SELECT DISTINCT a.atttypid FROM pg_attribute a "
        + "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
      for (SyncTable table : tables) {
        statement.setString(1, table.schema());
        statement.setString(2, table.table());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            oids.add(rows.getLong(1));
          }
        }
      }
    }
    return oids;
  }

  private static long currentWalLsn(Connection sql) throws SQLException {
    try (Statement statement = sql.createStatement();
        // The insert position, not pg_current_wal_lsn() (written): with synchronous_commit = off a commit that
        // returned may not be written yet, and the sync must still reach it.
        ResultSet rows = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
      rows.next();
      return Lsn.parse(rows.getString(1));
    }
  }
}
