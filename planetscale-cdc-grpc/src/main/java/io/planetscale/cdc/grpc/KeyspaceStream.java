package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TabletType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every change of a keyspace's selected tables as committed transactions, in commit order per shard,
 * on one {@code VStream} for all shards, with one resumable position ({@link VGtid}). Tables are
 * copied first unless the stream starts at a saved position or at the current one; copy batches
 * arrive as transactions too, their position carrying the copy's progress, so a stream stopped in
 * the middle of a copy resumes it without copying a finished table again or skipping one not yet
 * started.
 *
 * <pre>{@code
 * try (KeyspaceStream stream = KeyspaceStream.builder(source, catalog).build()) {
 *   VGtid last = stream.run(tx -> {
 *     for (Record r : tx.records()) {
 *       handle(r);
 *     }
 *     if (tx.lastChunk()) {
 *       save(tx.position().toJson()); // resume from here with startAt(VGtid.fromJson(saved))
 *     }
 *   });
 * }
 * }</pre>
 *
 * <p>Transient failures (unavailable, cancelled, {@code vstream ended unexpectedly}, an unexpected end
 * of stream, the copy interruption after an hour, the idle end, a throttled tablet) are retried with
 * backoff from the last position the listener accepted, replaying nothing it accepted and losing
 * nothing after it. A transaction bigger than {@link Builder#maxTransactionRecords} or
 * {@link Builder#transactionChunkSize} reaches the listener in chunks; only the last carries the position, and after a failure in the middle the
 * transaction is delivered again from its first chunk. Records are labelled for de-duplication: a
 * change by the position its shard was at before its transaction and its index in that transaction,
 * a copied row by {@code copy:<table>:<key>}.
 *
 * <p>{@link #close()} from any thread stops a running {@link #run}, which then returns the last
 * position accepted.
 */
public final class KeyspaceStream implements AutoCloseable {
  /** The default of {@link Builder#transactionChunkSize}: 64 MiB. */
  public static final long DEFAULT_TRANSACTION_CHUNK_SIZE = 64L << 20;

  private final KeyspaceRun run;

  private KeyspaceStream(KeyspaceRun run) {
    this.run = run;
  }

  /**
   * Starts building a stream of the tables of {@code catalog} (all of them unless
   * {@link Builder#tables} narrows them), on every shard of the source's database.
   *
   * @param source where to connect; its database is the keyspace
   * @param catalog the tables and their columns (from discovery)
   * @return a builder
   */
  public static Builder builder(PlanetScaleSource source, Catalog catalog) {
    return new Builder(source, catalog);
  }

  /**
   * Streams until {@link #close()}, the stop duration, or a failure that is not transient. Runs once.
   *
   * @param listener receives transactions in stream order on this thread
   * @return the last position the listener accepted (or that held nothing for it): where to resume
   * @throws ListenerException if the listener threw; it names the position to resume from
   * @throws io.planetscale.cdc.StaleCursorException if the server no longer has the binary logs of
   *     the position
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws PlanetScaleCdcException if the stream fails for another reason, or runs again
   */
  public VGtid run(TransactionListener listener) {
    return run.run(Objects.requireNonNull(listener, "listener"));
  }

  /** @return the last position the listener accepted, or the start position */
  public VGtid position() {
    return run.position();
  }

  /** Stops a running stream and releases the connection; harmless when called again. */
  @Override
  public void close() {
    run.close();
  }

  /**
   * The listener threw, which stopped the stream. The cause is the listener's exception;
   * {@link #position()} is where to resume so that nothing is lost.
   */
  public static final class ListenerException extends PlanetScaleCdcException {
    private static final long serialVersionUID = 1L;

    private final transient VGtid position;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param position the last position the listener accepted, or the start position
     * @param cause the listener's exception
     */
    public ListenerException(String message, VGtid position, Throwable cause) {
      super(message, cause);
      this.position = position;
    }

    /** @return the last position the listener accepted: resuming from it delivers the failed transaction again */
    public VGtid position() {
      return position;
    }
  }

  /** Builds a {@link KeyspaceStream}. */
  public static final class Builder {
    private final PlanetScaleSource source;
    private final Catalog catalog;
    private List<String> tables;
    private List<String> shards;
    private VGtid start;
    private boolean current;
    private TabletType tabletType;
    private List<String> cells = List.of();
    private ConnectOptions options = ConnectOptions.defaults();
    private int maxTransactionRecords = 10_000;
    private long transactionChunkSize = DEFAULT_TRANSACTION_CHUNK_SIZE;
    private Duration stopAfter;

    private Builder(PlanetScaleSource source, Catalog catalog) {
      this.source = Objects.requireNonNull(source, "source");
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      this.tabletType = source.tabletType();
    }

    /**
     * Streams only these tables (each a stream of the catalog).
     *
     * @param value table names, at least one
     * @return this builder
     */
    public Builder tables(List<String> value) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("tables must name at least one table");
      }
      for (String t : value) {
        if (catalog.stream(t).isEmpty()) {
          throw new IllegalArgumentException("table \"" + t + "\" is not in the catalog");
        }
      }
      this.tables = List.copyOf(value);
      return this;
    }

    /**
     * Streams only these shards (one per consumer, for parallel consumers). Default: the source's
     * configured shards, or every shard of the keyspace.
     *
     * @param value shard names, at least one
     * @return this builder
     */
    public Builder shards(List<String> value) {
      if (value.isEmpty()) {
        throw new IllegalArgumentException("shards must name at least one shard");
      }
      this.shards = List.copyOf(value);
      return this;
    }

    /**
     * Resumes from a saved position (its shards are the stream's shards).
     *
     * @param value a position a stream returned or delivered
     * @return this builder
     */
    public Builder startAt(VGtid value) {
      this.start = Objects.requireNonNull(value, "value");
      this.current = false;
      return this;
    }

    /** Starts at the current position: no copy, changes from now. @return this builder */
    public Builder startAtCurrent() {
      this.start = null;
      this.current = true;
      return this;
    }

    /** Copies every table first, then streams (the default). @return this builder */
    public Builder startWithCopy() {
      this.start = null;
      this.current = false;
      return this;
    }

    /** @param value the tablets to read from (default: the source's) @return this builder */
    public Builder tabletType(TabletType value) {
      this.tabletType = Objects.requireNonNull(value, "value");
      return this;
    }

    /** @param value the cells to read from (default: every cell) @return this builder */
    public Builder cells(List<String> value) {
      this.cells = List.copyOf(value);
      return this;
    }

    /**
     * Connection, retry, heartbeat, skew and row-image settings.
     *
     * @param value the options
     * @return this builder
     */
    public Builder connectOptions(ConnectOptions value) {
      this.options = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * How many records of one transaction are held before a chunk goes to the listener, bounding
     * memory whatever the transaction's size.
     *
     * @param value at least 1 (default 10,000)
     * @return this builder
     */
    public Builder maxTransactionRecords(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxTransactionRecords must be >= 1, was " + value);
      }
      this.maxTransactionRecords = value;
      return this;
    }

    /**
     * How many bytes of a transaction's row events (as they came over the wire) are held before a
     * chunk goes to the listener: with {@link #maxTransactionRecords}, whichever is reached first,
     * this bounds memory however large the rows are. The records of one row event stay in one
     * chunk, so a chunk may exceed the bound by one event. The SDK cuts the chunks itself, with or
     * without {@link ConnectOptions#minimizeSkew()}.
     *
     * @param bytes at least 1 (default 64 MiB)
     * @return this builder
     */
    public Builder transactionChunkSize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("transactionChunkSize must be >= 1 byte, was " + bytes);
      }
      this.transactionChunkSize = bytes;
      return this;
    }

    /**
     * Stops the run after this long, as {@link KeyspaceStream#close()} would.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder stopAfter(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("stopAfter must be positive, was " + value);
      }
      this.stopAfter = value;
      return this;
    }

    /**
     * @return the stream, not yet connected
     * @throws IllegalArgumentException if the catalog has no table to stream
     */
    public KeyspaceStream build() {
      List<String> names = tables;
      if (names == null) {
        names = new ArrayList<>();
        for (Stream s : catalog.streams()) {
          names.add(s.name());
        }
      }
      if (names.isEmpty()) {
        throw new IllegalArgumentException("the catalog has no table to stream");
      }
      String keyspace = source.database();
      VGtid from = start != null ? start : initial(keyspace, current ? "current" : "");
      KeyspaceRequest request = new KeyspaceRequest(names, tabletType, cells, options.minimizeSkew(),
          options.heartbeatInterval());
      return new KeyspaceStream(new KeyspaceRun(source, options, catalog, names, request, from,
          maxTransactionRecords, transactionChunkSize, stopAfter));
    }

    private VGtid initial(String keyspace, String gtid) {
      List<String> names = shards != null ? shards : source.shards();
      List<ShardGtid> list = new ArrayList<>();
      if (names == null || names.isEmpty()) {
        list.add(new ShardGtid(keyspace, "", gtid, List.of())); // "" = every shard of the keyspace
      } else {
        for (String shard : names) {
          list.add(new ShardGtid(keyspace, shard, gtid, List.of()));
        }
      }
      return new VGtid(list);
    }
  }
}
