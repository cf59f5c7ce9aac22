package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.SyncOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Snapshot and change data capture from one PostgreSQL database over logical replication (a replication slot
 * and a publication, decoded from {@code pgoutput}), with the SDK's catalog, state and sink types.
 *
 * <pre>{@code
 * try (PostgresClient client = PostgresClient.builder(source).slotName("cdc").publicationName("cdc")
 *     .createIfMissing(true).build()) {
 *   Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());
 *   State state = client.sync(catalog, savedState, sink);   // snapshot, then changes up to now
 * }
 * }</pre>
 *
 * <p><b>State.</b> Each stream has one shard, {@code "-"}; its cursor's keyspace is the database and its
 * position {@code pg:<LSN>} ({@code ""}: a snapshot is needed): every transaction whose commit record starts
 * before that LSN is covered. While a snapshot is in progress the cursor also holds the last primary key copied.
 * A state that is not one of these (a Vitess position, an unparsable LSN, another database) is a
 * {@link ConfigurationException} naming the stream.
 *
 * <p><b>Records.</b> Positions are {@code (database, "-", pg:<commit LSN>, index in the transaction)}; snapshot
 * rows carry the LSN of the snapshot they were read in and their index in the table's read. Inserts, updates
 * (with the old row as {@link io.planetscale.cdc.Record#before()} when the table's replica identity sends it:
 * the whole row with {@code REPLICA IDENTITY FULL}, only the key with {@code DEFAULT} when the key changed, the
 * other columns then named in {@code absentBeforeColumns}), deletes (the key as data, the old key or row as
 * before) and {@link io.planetscale.cdc.Operation#TRUNCATE}. A TOASTed value the change did not touch is not
 * sent by the server: its column is absent from the record ({@code absentColumns}), never null. A table whose
 * Relation message brings other columns is announced with {@link RecordSink#schemaChange} first.
 *
 * <p><b>Snapshot.</b> Consistent with the stream: the slot is created with an exported snapshot and the tables
 * are read in it ({@code SET TRANSACTION SNAPSHOT}), several at once ({@link Builder#snapshotParallelism}), each
 * in primary-key order by chunks ({@link Builder#snapshotChunkSize}); the stream starts at the slot's consistent
 * point, so no change is lost or duplicated between the two. When the slot exists already (a table added to a
 * synced catalog), a temporary slot exports the snapshot, and the table's stream drops the changes that snapshot
 * holds. An interrupted snapshot resumes after its last key, in a newer snapshot: nothing is lost, but changes
 * committed between the two snapshots to the rows read after the interruption are streamed although those rows
 * already show them (their positions are below the snapshot LSN those rows carry); applied in order they
 * converge. A table without a primary key is read whole in one query and starts over if interrupted. Within a
 * call, a lost connection (a reader's, or the slot's creation) is retried with the backoff of
 * {@link SyncOptions#readOptions()}'s retry policy: a reader imports the exported snapshot again and continues
 * after the last row it delivered, so the sink receives every row once; if the connection that exported the
 * snapshot is gone too, it continues in a newer snapshot as a resumed snapshot does (a one-shot sync's temporary
 * slot is lost with that connection: the call fails). When the attempts run out without a row delivered in
 * between, a {@link io.planetscale.cdc.ConnectionException} names the table.
 *
 * <p><b>Stream.</b> pgoutput protocol 4 on PostgreSQL 16+ with {@code streaming = on}: a transaction larger
 * than the server's {@code logical_decoding_work_mem} arrives in segments before it commits; its changes are
 * held (in memory up to {@link Builder#streamedTransactionMemory}, then in temporary files) and delivered only at
 * its commit, or dropped at its abort. A lost connection is retried with the backoff of
 * {@link SyncOptions#readOptions()}'s retry policy from the last transaction delivered; records the sink already
 * has are not delivered again. An invalidated slot (its WAL removed) is a
 * {@link io.planetscale.cdc.StaleCursorException}, or a snapshot again with
 * {@link SyncOptions#restartOnStaleCursor()}.
 *
 * <p><b>Slot.</b> The slot is only confirmed (standby status update) up to a position once the sink accepted a
 * state covering it, and it is confirmed regularly while idle ({@link Builder#confirmInterval}), so it keeps
 * advancing, as PlanetScale's failover needs. Slots are created as failover slots by default (PostgreSQL 17+).
 *
 * <p>A client runs one sync or stream at a time. {@link #close()} stops a running {@link #stream}.
 */
public final class PostgresClient implements AutoCloseable {
  private static final Pattern SLOT_NAME = Pattern.compile("[a-z0-9_]{1,63}");

  private final PostgresConnector connector;
  private final ClientSettings settings;
  private final PostgresSource source;
  private final Object lock = new Object();
  private SyncRun running;
  private SyncRun last;
  private boolean closed;

  private PostgresClient(PostgresConnector connector, ClientSettings settings, PostgresSource source) {
    this.connector = connector;
    this.settings = settings;
    this.source = source;
  }

  /**
   * A builder for a client of a source.
   *
   * @param source where to connect
   * @return the builder
   */
  public static Builder builder(PostgresSource source) {
    Objects.requireNonNull(source, "source");
    return new Builder(new SourceConnector(source), source);
  }

  /**
   * Checks that the server is ready for this client's syncs: {@code wal_level = logical}, a role with the
   * REPLICATION attribute, room for slots and WAL senders, the publication (unless it will be created), and
   * PostgreSQL 17+ when failover slots are asked.
   *
   * @throws ConfigurationException listing every problem, each with what to change
   * @throws io.planetscale.cdc.AuthenticationException if the server refuses the credentials
   * @throws io.planetscale.cdc.ConnectionException if the server cannot be reached
   */
  public void check() {
    try (Connection connection = connector.connect()) {
      PostgresChecks.check(connection, new PostgresChecks.Requirements(settings.publication(),
          settings.createIfMissing(), settings.failoverSlot()));
    } catch (SQLException e) {
      throw new ConnectionException("could not check PostgreSQL at " + source.host() + ":" + source.port() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Discovers the tables of the source's schema, or of its publication when it names one.
   *
   * @param discoverSettings which tables, and whether they are selected
   * @return the catalog
   * @throws ConfigurationException if the source's publication does not exist
   * @throws io.planetscale.cdc.ConnectionException if the server cannot be reached
   */
  public Catalog discover(DiscoverSettings discoverSettings) {
    try (Connection connection = connector.connect()) {
      return PostgresCatalog.discover(connection, source, discoverSettings);
    } catch (SQLException e) {
      throw new ConnectionException("could not discover PostgreSQL at " + source.host() + ":" + source.port() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Snapshots the catalog's selected streams that have no position in {@code state}, then streams the slot's
   * changes up to the WAL position that was current when the call started, and returns the state.
   *
   * @param catalog the streams; only selected ones are read
   * @param state the state of an earlier sync, or {@link State#empty()}
   * @param sink receives records, flushes, states and schema changes
   * @return the last state the sink accepted
   * @throws ConfigurationException if the state, slot or publication is not usable, saying what to change
   * @throws io.planetscale.cdc.StaleCursorException if the slot can no longer continue a stream's position
   * @throws io.planetscale.cdc.SinkException if the sink failed; it carries the last state the sink accepted
   * @throws io.planetscale.cdc.ConnectionException if the server could not be reached after the retries
   */
  public State sync(Catalog catalog, State state, RecordSink sink) {
    return sync(catalog, state, sink, SyncOptions.defaults());
  }

  /**
   * {@link #sync(Catalog, State, RecordSink)} with options: checkpointing ({@link SyncOptions#checkpointEveryRows}
   * and {@link SyncOptions#checkpointInterval}), {@link SyncOptions#restartOnStaleCursor} (snapshot again instead
   * of failing on an invalidated slot), and the retry policy of {@link SyncOptions#readOptions}.
   *
   * @param catalog the streams; only selected ones are read
   * @param state the state of an earlier sync, or {@link State#empty()}
   * @param sink receives records, flushes, states and schema changes
   * @param options the options
   * @return the last state the sink accepted
   */
  public State sync(Catalog catalog, State state, RecordSink sink, SyncOptions options) {
    return run(catalog, state, sink, options, false);
  }

  /**
   * Like {@link #sync}, but keeps streaming changes until {@link #close()} is called (from another thread);
   * then hands the sink a last state and returns it.
   *
   * @param catalog the streams; only selected ones are read
   * @param state the state of an earlier sync, or {@link State#empty()}
   * @param sink receives records, flushes, states and schema changes
   * @return the last state the sink accepted
   */
  public State stream(Catalog catalog, State state, RecordSink sink) {
    return stream(catalog, state, sink, SyncOptions.defaults());
  }

  /**
   * {@link #stream(Catalog, State, RecordSink)} with options (see {@link #sync(Catalog, State, RecordSink,
   * SyncOptions)}).
   *
   * @param catalog the streams; only selected ones are read
   * @param state the state of an earlier sync, or {@link State#empty()}
   * @param sink receives records, flushes, states and schema changes
   * @param options the options
   * @return the last state the sink accepted
   */
  public State stream(Catalog catalog, State state, RecordSink sink, SyncOptions options) {
    return run(catalog, state, sink, options, true);
  }

  private State run(Catalog catalog, State state, RecordSink sink, SyncOptions options, boolean continuous) {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    SyncRun run = new SyncRun(connector, settings);
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the client is closed");
      }
      if (running != null) {
        throw new IllegalStateException("a sync or stream is already running on this client");
      }
      running = run;
      last = run;
    }
    try {
      return run.run(catalog, state, sink, options, continuous);
    } finally {
      synchronized (lock) {
        running = null;
      }
    }
  }

  /** The last run's streamed-transaction buffer (tests read how much it held and spilled). */
  StreamedTransactions lastStreamedTransactions() {
    synchronized (lock) {
      return last == null ? null : last.streamedTransactions();
    }
  }

  /**
   * Stops a running {@link #stream} or {@link #sync} (from another thread): it hands the sink a last state, covering
   * the snapshot's whole chunks and the transactions delivered, and returns it. Later calls fail.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (running != null) {
        running.stop();
      }
    }
  }

  /** Builds a {@link PostgresClient}. */
  public static final class Builder {
    private final PostgresConnector connector;
    private final String schema;
    private final PostgresSource source;
    private String slot = "planetscale_cdc";
    private String publication = "planetscale_cdc";
    private boolean createIfMissing;
    private boolean failoverSlot = true;
    private boolean temporarySlot;
    private int snapshotParallelism = 4;
    private int snapshotChunkSize = 50_000;
    private Duration confirmInterval = Duration.ofSeconds(10);
    private long streamedTransactionMemory = 64L << 20;
    private Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private String logicalDecodingWorkMem;

    private Builder(PostgresConnector connector, PostgresSource source) {
      this.connector = connector;
      this.source = source;
      this.schema = source.schema();
      source.publication().ifPresent(name -> publication = name);
    }

    /**
     * @param value the replication slot (lower-case letters, digits, underscores; default {@code planetscale_cdc})
     * @return this builder
     */
    public Builder slotName(String value) {
      slot = Objects.requireNonNull(value, "slotName");
      return this;
    }

    /**
     * @param value the publication streamed (default: the source's publication, else {@code planetscale_cdc})
     * @return this builder
     */
    public Builder publicationName(String value) {
      publication = Objects.requireNonNull(value, "publicationName");
      return this;
    }

    /**
     * @param value whether a missing slot is created (with an exported snapshot) and a missing publication is
     *     created for the selected tables (or completed with the ones it lacks); default false: both must exist
     * @return this builder
     */
    public Builder createIfMissing(boolean value) {
      createIfMissing = value;
      return this;
    }

    /**
     * @param value whether a created slot is a failover slot ({@code FAILOVER}, synchronized to standbys so that
     *     a failover keeps it); default true. PostgreSQL 16 and below have none: asking there is a
     *     {@link ConfigurationException}
     * @return this builder
     */
    public Builder failoverSlot(boolean value) {
      failoverSlot = value;
      return this;
    }

    /**
     * @param value whether each sync uses a temporary slot that lives only as long as its connection: for
     *     one-shot syncs from an empty state (a state cannot be continued: the slot is gone)
     * @return this builder
     */
    public Builder temporarySlot(boolean value) {
      temporarySlot = value;
      return this;
    }

    /**
     * @param value how many tables are snapshotted at once, each on its own connection (default 4)
     * @return this builder
     */
    public Builder snapshotParallelism(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("snapshotParallelism must be at least 1, was " + value);
      }
      snapshotParallelism = value;
      return this;
    }

    /**
     * @param value rows per snapshot chunk (default 50,000): the snapshot's progress is recorded after each
     * @return this builder
     */
    public Builder snapshotChunkSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("snapshotChunkSize must be at least 1, was " + value);
      }
      snapshotChunkSize = value;
      return this;
    }

    /**
     * @param value how often an idle stream hands the sink a state and confirms it to the server (default 10 s)
     * @return this builder
     */
    public Builder confirmInterval(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("confirmInterval must be positive, was " + value);
      }
      confirmInterval = value;
      return this;
    }

    /**
     * @param bytes the bytes of uncommitted streamed transactions held in memory; more is spilled to temporary
     *     files (default 64 MiB)
     * @return this builder
     */
    public Builder streamedTransactionMemory(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("streamedTransactionMemory must not be negative, was " + bytes);
      }
      streamedTransactionMemory = bytes;
      return this;
    }

    /**
     * @param value the directory of spill files (default {@code java.io.tmpdir})
     * @return this builder
     */
    public Builder spillDirectory(Path value) {
      spillDirectory = Objects.requireNonNull(value, "spillDirectory");
      return this;
    }

    /** The walsender's logical_decoding_work_mem (tests use the minimum, 64kB, to stream transactions). */
    Builder logicalDecodingWorkMem(String value) {
      logicalDecodingWorkMem = value;
      return this;
    }

    /**
     * @return the client
     * @throws ConfigurationException if the slot name is not a valid slot name, or a temporary slot is asked
     *     to be a failover slot
     */
    public PostgresClient build() {
      if (!SLOT_NAME.matcher(slot).matches()) {
        throw new ConfigurationException("slot name \"" + slot + "\" is not valid: use 1 to 63 lower-case letters, "
            + "digits and underscores");
      }
      if (publication.isBlank()) {
        throw new ConfigurationException("publication name is empty");
      }
      boolean failover = failoverSlot && !temporarySlot; // a temporary slot cannot fail over
      return new PostgresClient(connector, new ClientSettings(slot, publication, createIfMissing, failover,
          temporarySlot, snapshotParallelism, snapshotChunkSize, confirmInterval, streamedTransactionMemory,
          spillDirectory, logicalDecodingWorkMem, schema), source);
    }
  }
}
