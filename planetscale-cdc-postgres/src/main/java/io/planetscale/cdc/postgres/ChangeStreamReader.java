package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.StaleCursorException;
import io.planetscale.cdc.postgres.internal.pgoutput.BeginMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.CommitMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.DeleteMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.InsertMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import io.planetscale.cdc.postgres.internal.pgoutput.PgOutputDecoder;
import io.planetscale.cdc.postgres.internal.pgoutput.PgOutputMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.StreamAbortMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.StreamCommitMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.StreamStartMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.TruncateMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.UpdateMessage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * Streams a slot's changes to the sink through PgJDBC's replication API and the pgoutput decoder.
 *
 * <p><b>Positions.</b> {@code covered} is the LSN before which every transaction's commit has been delivered:
 * a Commit's end LSN, or, between transactions, the last position the server said it had sent (a keepalive's
 * WAL end), which moves on while no change of the publication is pending. States carry it; the server is told
 * (standby status update, flush LSN) only once the sink accepted a state covering it, so the slot never moves
 * past what the sink has. While idle the state is renewed every {@code confirmInterval}, so that the slot keeps
 * advancing (PlanetScale's failover needs slots that move).
 *
 * <p><b>Reconnection.</b> A lost connection is opened again with backoff ({@link RetryPolicy}) and the stream
 * starts again at {@code covered}; the records of a transaction the sink already partly received are skipped
 * by number. Nothing is lost, and nothing the sink received is delivered again.
 */
final class ChangeStreamReader {
  /**
   * @param slot the replication slot
   * @param publication the publication ({@code publication_names})
   * @param protocolVersion pgoutput {@code proto_version}: 4 on PostgreSQL 16+, which streams large transactions
   * @param logicalDecodingWorkMem the walsender's {@code logical_decoding_work_mem}, or null for the server's
   * @param memoryBound the bytes of streamed transactions held in memory before spilling to files
   * @param spillDirectory where spill files go
   * @param confirmInterval how often an idle stream renews its state and confirms it to the server
   * @param retryPolicy how a lost connection is retried
   */
  record Settings(String slot, String publication, int protocolVersion, String logicalDecodingWorkMem,
      long memoryBound, Path spillDirectory, Duration confirmInterval, RetryPolicy retryPolicy) {}

  private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long NUDGE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** PostgreSQL's WAL page size (XLOG_BLCKSZ, 8 kB unless the server was built otherwise). */
  private static final long WAL_PAGE_SIZE = 8192;
  /** The size of a long WAL page header (a segment's first page); later pages have 24 bytes. */
  private static final long LONG_PAGE_HEADER = 40;

  private final PostgresConnector connector;
  private final SinkGate gate;
  private final Settings settings;
  private final Map<String, Long> positions;
  private final ChangeDispatcher dispatcher;
  private final StreamedTransactions streamed;
  private volatile boolean stopRequested;
  private volatile Connection current;
  private PGReplicationStream replication;
  private long covered;
  private long confirmed;
  private long partialCommitLsn = -1;
  private long partialDelivered;
  private boolean inTransaction;
  private long streamXid;
  private long lastIdleCheckpoint;
  private long lastMessage;
  private long lastNudge;

  /**
   * @param tables the synced tables by {@code schema.table}
   * @param positions each stream's covered position (updated as the stream moves on)
   */
  ChangeStreamReader(PostgresConnector connector, SinkGate gate, ChangeRecords records, Settings settings,
      Map<String, SyncTable> tables, Map<String, Long> positions, ChangeDispatcher.TypeLoader types) {
    this.connector = connector;
    this.gate = gate;
    this.settings = settings;
    this.positions = positions;
    this.dispatcher = new ChangeDispatcher(gate, records, connector.database(), tables, positions, types);
    this.streamed = new StreamedTransactions(settings.memoryBound(), settings.spillDirectory());
    this.covered = positions.isEmpty() ? 0 : Collections.min(positions.values());
  }

  /** Asks a running {@link #run} to return (from another thread); it hands the sink a last state first. */
  void stop() {
    stopRequested = true;
  }

  /** The streamed transactions' buffer (for tests: how much it held in memory, how much it spilled). */
  StreamedTransactions streamedTransactions() {
    return streamed;
  }

  /**
   * Streams until a transaction ending at or after {@code stopAt} is delivered, or the server has sent
   * everything before {@code stopAt}, or {@link #stop} is called; hands the sink a last state.
   *
   * @param stopAt the WAL position to reach, {@link Long#MAX_VALUE} to run until stopped
   * @return the position the last state covers
   */
  long run(long stopAt) {
    int failures = 0;
    try (StreamedTransactions buffer = streamed) {
      while (true) {
        if (reached(covered, stopAt) && !inTransaction) {
          checkpoint(false);
          return covered;
        }
        long coveredBefore = covered;
        try {
          session(stopAt);
          return covered;
        } catch (SQLException e) {
          if (stopRequested) {
            return covered;
          }
          classify(e);
          failures = covered > coveredBefore ? 1 : failures + 1;
          RetryPolicy policy = settings.retryPolicy();
          if (failures >= policy.maxAttempts()) {
            throw new ConnectionException("the replication stream of slot \"" + settings.slot() + "\" failed "
                + failures + " times in a row, last at " + Lsn.format(covered) + ": " + e.getMessage(), e);
          }
          LockSupport.parkNanos(policy.backoff(failures).toNanos());
        }
      }
    }
  }

  /** Rethrows what retrying cannot fix: an invalidated or missing slot, a refused login. */
  private void classify(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = String.valueOf(e.getMessage());
    if (state.equals("55000") && (message.contains("can no longer") || message.contains("invalidated"))) {
      String stream = positions.isEmpty() ? "" : positions.keySet().iterator().next();
      throw new StaleCursorException(stream, PostgresCursors.SHARD, PostgresCursors.PREFIX + Lsn.format(covered),
          e);
    }
    if (state.equals("42704")) {
      throw new ConfigurationException("replication slot \"" + settings.slot() + "\" does not exist: "
          + e.getMessage(), e);
    }
    if (state.startsWith("28") || state.equals("42501")) {
      throw new ConfigurationException("the server refused the replication connection: " + e.getMessage(), e);
    }
  }

  private void session(long stopAt) throws SQLException {
    try (Connection connection = connector.connectForReplication()) {
      current = connection;
      if (settings.logicalDecodingWorkMem() != null) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET logical_decoding_work_mem = " + SyncTable.literal(settings.logicalDecodingWorkMem()));
        }
      }
      PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
          .logical().withSlotName(settings.slot())
          .withStartPosition(LogSequenceNumber.valueOf(covered))
          .withSlotOption("proto_version", Integer.toString(settings.protocolVersion()))
          // pgoutput reads a list of identifiers: quoted, a name keeps its case and may hold commas.
          .withSlotOption("publication_names", SyncTable.quote(settings.publication()))
          .withSlotOption("streaming", settings.protocolVersion() >= 2 ? "on" : "off")
          .withStatusInterval(1, TimeUnit.SECONDS)
          .start();
      replication = stream;
      if (confirmed > 0) {
        stream.setAppliedLSN(LogSequenceNumber.valueOf(confirmed));
        stream.setFlushedLSN(LogSequenceNumber.valueOf(confirmed));
      }
      PgOutputDecoder decoder = new PgOutputDecoder(settings.protocolVersion(), false);
      dispatcher.reset();
      streamed.clear();
      inTransaction = false;
      lastIdleCheckpoint = System.nanoTime();
      lastMessage = lastIdleCheckpoint;
      long park = MIN_PARK_NANOS;
      while (!stopRequested) {
        ByteBuffer payload = stream.readPending();
        if (payload == null) {
          if (idle(stream, stopAt)) {
            return;
          }
          // PgJDBC's blocking read never returns on keepalives, so the loop polls: briefly at first (latency),
          // backing off to a few milliseconds while nothing comes (CPU).
          LockSupport.parkNanos(park);
          park = Math.min(MAX_PARK_NANOS, park * 2);
          continue;
        }
        lastMessage = System.nanoTime();
        park = MIN_PARK_NANOS;
        if (handle(decoder, decoder.decode(payload), payload, stopAt)) {
          checkpoint(true);
          return;
        }
      }
      if (!inTransaction) {
        checkpoint(true);
      }
    } finally {
      current = null;
      replication = null;
    }
  }

  /** Handles one message; true once the stop position is reached. */
  private boolean handle(PgOutputDecoder decoder, PgOutputMessage message, ByteBuffer payload, long stopAt)
      throws SQLException {
    if (message instanceof BeginMessage begin) {
      inTransaction = true;
      dispatcher.begin(begin.finalLsn(), alreadyDelivered(begin.finalLsn()));
    } else if (message instanceof RelationMessage relation) {
      if (decoder.inStream()) {
        streamed.add(streamXid, relation.xid(), payload);
      } else {
        dispatcher.relation(relation);
      }
    } else if (message instanceof InsertMessage || message instanceof UpdateMessage
        || message instanceof DeleteMessage || message instanceof TruncateMessage) {
      if (decoder.inStream()) {
        streamed.add(streamXid, xidOf(message), payload);
      } else {
        dispatcher.change(message);
        partialCommitLsn = dispatcher.commitLsn();
        partialDelivered = dispatcher.sequence();
      }
    } else if (message instanceof CommitMessage commit) {
      inTransaction = false;
      return committed(commit.endLsn(), stopAt);
    } else if (message instanceof StreamStartMessage start) {
      streamXid = start.xid();
    } else if (message instanceof StreamCommitMessage commit) {
      replay(commit);
      return committed(commit.endLsn(), stopAt);
    } else if (message instanceof StreamAbortMessage abort) {
      streamed.abort(abort.xid(), abort.subXid());
    }
    return false; // Type, Origin and logical decoding messages carry nothing to deliver
  }

  private void replay(StreamCommitMessage commit) {
    dispatcher.begin(commit.commitLsn(), alreadyDelivered(commit.commitLsn()));
    PgOutputDecoder replayDecoder = new PgOutputDecoder(settings.protocolVersion(), false);
    // Messages inside a stream block carry the transaction id: prime the decoder as if a block had started.
    replayDecoder.decode(ByteBuffer.wrap(new byte[] {'S', (byte) (commit.xid() >>> 24), (byte) (commit.xid() >>> 16),
        (byte) (commit.xid() >>> 8), (byte) commit.xid(), 0}));
    try {
      streamed.commit(commit.xid(), bytes -> {
        PgOutputMessage message = replayDecoder.decode(bytes);
        if (message instanceof RelationMessage relation) {
          dispatcher.relation(relation);
        } else {
          dispatcher.change(message);
          partialCommitLsn = dispatcher.commitLsn();
          partialDelivered = dispatcher.sequence();
        }
      });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ConnectionException("could not read back streamed transaction " + commit.xid() + ": " + e, e);
    }
  }

  private long alreadyDelivered(long commitLsn) {
    return commitLsn == partialCommitLsn ? partialDelivered : 0;
  }

  private static long xidOf(PgOutputMessage message) {
    if (message instanceof InsertMessage m) {
      return m.xid();
    } else if (message instanceof UpdateMessage m) {
      return m.xid();
    } else if (message instanceof DeleteMessage m) {
      return m.xid();
    }
    return ((TruncateMessage) message).xid();
  }

  private boolean committed(long endLsn, long stopAt) {
    covered = Math.max(covered, endLsn);
    partialCommitLsn = -1;
    partialDelivered = 0;
    if (endLsn >= stopAt) {
      return true;
    }
    if (gate.checkpointDue()) {
      checkpoint(false);
    }
    return false;
  }

  /** Between transactions, with nothing received: moves {@code covered} on and renews the state when due. */
  private boolean idle(PGReplicationStream stream, long stopAt) throws SQLException {
    if (inTransaction) {
      return false;
    }
    covered = Math.max(covered, stream.getLastReceiveLSN().asLong());
    if (reached(covered, stopAt)) {
      checkpoint(true);
      return true;
    }
    long now = System.nanoTime();
    if (stopAt != Long.MAX_VALUE && now - lastMessage > NUDGE_AFTER_NANOS && now - lastNudge > NUDGE_AFTER_NANOS) {
      nudge();
      lastNudge = now;
    }
    if ((covered > confirmed || gate.pendingRecords())
        && now - lastIdleCheckpoint >= settings.confirmInterval().toNanos()) {
      checkpoint(true);
      lastIdleCheckpoint = now;
    }
    return false;
  }

  /**
   * Whether the stream has reached the insert position a sync must reach. The server reports the end of the
   * last record it decoded; when that record ends a WAL page, the insert position is already past the next
   * page's header (24 bytes, 40 at a segment's start), where no record is yet: that counts as reached.
   */
  static boolean reached(long covered, long stopAt) {
    if (covered >= stopAt) {
      return true;
    }
    long offset = stopAt % WAL_PAGE_SIZE;
    return offset <= LONG_PAGE_HEADER && covered >= stopAt - offset;
  }

  /**
   * Writes a tiny non-transactional logical message (not sent to this stream: messages are off), when a sync has
   * waited a second without news. A sync ends once the server reports a position at or past the one it must reach,
   * which the server reports in a keepalive after decoding WAL up to it; a new record makes it decode and report
   * again. A fallback only: without the privilege the sync ends at the next WAL anyway.
   */
  private void nudge() {
    try (Connection connection = connector.connect(); Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_logical_emit_message(false, 'planetscale-cdc', '')");
    } catch (SQLException e) {
      // Without the privilege the sync still ends once other WAL arrives; nothing else to do.
    }
  }

  /**
   * Moves every stream's cursor to {@code covered}, hands the sink the state, then confirms {@code covered}
   * to the server (at once when {@code now}, else with the next status update, within a second).
   */
  private void checkpoint(boolean now) {
    for (Map.Entry<String, Long> position : positions.entrySet()) {
      if (position.getValue() < covered) {
        position.setValue(covered);
      }
      gate.cursor(position.getKey(), PostgresCursors.at(connector.database(), position.getValue()));
    }
    gate.checkpoint();
    confirmed = covered;
    PGReplicationStream target = replication;
    if (target == null) {
      return; // no session is open: the next one starts from it
    }
    try {
      target.setAppliedLSN(LogSequenceNumber.valueOf(confirmed));
      target.setFlushedLSN(LogSequenceNumber.valueOf(confirmed));
      if (now) {
        target.forceUpdateStatus();
      }
    } catch (SQLException e) {
      // The state is accepted; the next session confirms it (it starts from it anyway).
    }
  }

  /** Closes the current replication connection, so that a blocked read returns (after {@link #stop}). */
  void abortConnection() {
    Connection connection = current;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing is all that was wanted.
      }
    }
  }
}
