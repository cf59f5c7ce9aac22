package io.planetscale.cdc;

import io.planetscale.cdc.spi.ReadOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one sync: tablet type, read settings (window, peek timeout, settle interval, retry
 * policy), checkpointing, shard parallelism, stale-cursor recovery, logger and listener. Immutable;
 * build with {@link #builder()}.
 */
public final class SyncOptions {
  private static final SyncOptions DEFAULTS = builder().build();

  private final TabletType tabletType;
  private final ReadOptions readOptions;
  private final SyncLogger logger;
  private final SyncListener listener;
  private final long checkpointEveryRows;
  private final Duration checkpointInterval;
  private final int shardParallelism;
  private final int readAhead;
  private final boolean restartOnStaleCursor;

  private SyncOptions(Builder b) {
    this.tabletType = b.tabletType;
    this.readOptions = b.readOptions;
    this.logger = b.logger;
    this.listener = b.listener;
    this.checkpointEveryRows = b.checkpointEveryRows;
    this.checkpointInterval = b.checkpointInterval;
    this.shardParallelism = b.shardParallelism;
    this.readAhead = b.readAhead;
    this.restartOnStaleCursor = b.restartOnStaleCursor;
  }

  /**
   * The source's tablet type, the edge database's read settings, slf4j logging, a checkpoint every
   * 10,000 records or minute, one shard at a time, stale cursors reported as errors.
   *
   * @return the defaults
   */
  public static SyncOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Options with no checkpoints between shards, exactly as the Go connectors behave: one state
   * after every shard plus a final one.
   *
   * @return the options
   */
  public static SyncOptions goCompatible() {
    return builder().checkpointEveryRows(0).checkpointInterval(null).build();
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.tabletType = tabletType;
    b.readOptions = readOptions;
    b.logger = logger;
    b.listener = listener;
    b.checkpointEveryRows = checkpointEveryRows;
    b.checkpointInterval = checkpointInterval;
    b.shardParallelism = shardParallelism;
    b.readAhead = readAhead;
    b.restartOnStaleCursor = restartOnStaleCursor;
    return b;
  }

  /** @return the tablet type, or null for the source's ({@link PlanetScaleSource#tabletType()}) */
  public TabletType tabletType() {
    return tabletType;
  }

  /**
   * @return the read settings, or null for the edge database's own (for the gRPC transport: its
   *     {@code ConnectOptions}, completed by the source's {@code timeout_seconds} and {@code max_retries})
   */
  public ReadOptions readOptions() {
    return readOptions;
  }

  /** @return the logger for progress messages */
  public SyncLogger logger() {
    return logger;
  }

  /** @return the progress listener */
  public SyncListener listener() {
    return listener;
  }

  /** @return hand the sink a state after this many records since the last one (0 = only per shard) */
  public long checkpointEveryRows() {
    return checkpointEveryRows;
  }

  /** @return hand the sink a state when this long has passed since the last one (null = only per shard) */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** @return how many shards of a stream are read at the same time */
  public int shardParallelism() {
    return shardParallelism;
  }

  /**
   * @return how many shard reads may run ahead of the one delivering (see {@link Builder#readAhead});
   *     -1 when not set: the edge database decides
   */
  public int readAhead() {
    return readAhead;
  }

  /** @return whether a stale cursor restarts that shard from a full copy instead of failing */
  public boolean restartOnStaleCursor() {
    return restartOnStaleCursor;
  }

  /** Builds {@link SyncOptions}. */
  public static final class Builder {
    private TabletType tabletType;
    private ReadOptions readOptions;
    private SyncLogger logger = SyncLogger.slf4j();
    private SyncListener listener = SyncListener.NONE;
    private long checkpointEveryRows = 10_000;
    private Duration checkpointInterval = Duration.ofMinutes(1);
    private int shardParallelism = 1;
    private int readAhead = -1;
    private boolean restartOnStaleCursor;

    private Builder() {}

    /**
     * @param value the tablet type to read from, or null for the source's
     * @return this builder
     */
    public Builder tabletType(TabletType value) {
      tabletType = value;
      return this;
    }

    /**
     * @param value read window, peek timeout, settle interval and retry policy, all of them winning over
     *     the edge database's and the source's {@code timeout_seconds} and {@code max_retries}; or null
     *     for the edge database's
     * @return this builder
     */
    public Builder readOptions(ReadOptions value) {
      readOptions = value;
      return this;
    }

    /**
     * @param value the logger for progress messages
     * @return this builder
     */
    public Builder logger(SyncLogger value) {
      logger = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @param value the progress listener
     * @return this builder
     */
    public Builder listener(SyncListener value) {
      listener = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * During a long read (a copy above all), hand the sink a state — after flushing — once this many
     * records arrived since the last state, so an interrupted copy resumes instead of restarting.
     *
     * @param value records between checkpoints; 0 for none
     * @return this builder
     */
    public Builder checkpointEveryRows(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("checkpointEveryRows must be >= 0, was " + value);
      }
      checkpointEveryRows = value;
      return this;
    }

    /**
     * Hand the sink a state — after flushing — at the first cursor once this long has passed since
     * the last state.
     *
     * @param value the interval; null or zero for none
     * @return this builder
     */
    public Builder checkpointInterval(Duration value) {
      checkpointInterval = value == null || value.isZero() ? null : value;
      if (checkpointInterval != null && checkpointInterval.isNegative()) {
        throw new IllegalArgumentException("checkpointInterval must not be negative");
      }
      return this;
    }

    /**
     * Read up to this many shards of a stream at the same time. Sink and listener calls stay
     * serialized (a sink need not be thread-safe) and each shard's records stay in order.
     *
     * @param value 1 (sequential) or more
     * @return this builder
     */
    public Builder shardParallelism(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("shardParallelism must be >= 1, was " + value);
      }
      shardParallelism = value;
      return this;
    }

    /**
     * With {@code shardParallelism} 1, let up to this many shard reads (of this stream or the next
     * ones) run ahead of the one delivering, each holding at most 10,000 rows until its turn. The
     * sink still sees every stream and shard one after another, in order, exactly as without
     * read-ahead; what overlaps is the waiting: peeks, server latency, and a transport's wait for
     * more responses at the stop position. Sink and listener calls are made on the thread that
     * called sync.
     *
     * <p>By default a sync reads 3 ahead when its edge database allows concurrent reads
     * ({@link io.planetscale.cdc.spi.EdgeDatabase#concurrentReads()}, true for the SDK's transports),
     * and one read at a time otherwise.
     *
     * @param value 0 (one read at a time, on the calling thread) or more
     * @return this builder
     */
    public Builder readAhead(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("readAhead must be >= 0, was " + value);
      }
      readAhead = value;
      return this;
    }

    /**
     * When a saved cursor is stale (binlogs purged), copy that shard of the stream again from the
     * start instead of failing with {@link StaleCursorException}. The sink then receives every row
     * again as inserts, and should replace what it holds for the stream.
     *
     * @param value whether to restart
     * @return this builder
     */
    public Builder restartOnStaleCursor(boolean value) {
      restartOnStaleCursor = value;
      return this;
    }

    /** @return the options */
    public SyncOptions build() {
      return new SyncOptions(this);
    }
  }
}
