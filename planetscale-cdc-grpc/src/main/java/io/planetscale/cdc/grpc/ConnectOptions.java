package io.planetscale.cdc.grpc;

import io.grpc.ManagedChannel;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.spi.ReadOptions;
import io.planetscale.cdc.wire.internal.GrpcChannels;
import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings of a {@link ConnectEdgeDatabase} or {@link ChangeStream}, and the read settings
 * they use when a read does not bring its own. Immutable; build with {@link #builder()}.
 *
 * <p>Where the read settings come from, first match wins: the {@link ReadOptions} a read passes
 * ({@code SyncOptions.readOptions}, {@code ReadParams.options}) whole; else these options' read
 * window and retry policy if they were set here ({@link Builder#readOptions}, {@link
 * Builder#readWindow}, {@link Builder#retryPolicy}); else the source's Airbyte settings:
 * {@link PlanetScaleSource#timeoutSeconds()} as the read window and
 * {@link PlanetScaleSource#maxRetries()} as the number of attempts (Go's airbyte-source counts sync
 * attempts, not retries: 3 means 3 attempts, and 0 means 1). Peek timeout, settle interval and
 * backoff are always these options' ({@link ReadOptions#defaults()} unless set).
 */
public final class ConnectOptions {
  private static final ConnectOptions DEFAULTS = builder().build();

  private final int maxInboundMessageSize;
  private final Duration keepAliveTime;
  private final Duration keepAliveTimeout;
  private final boolean gzip;
  private final ReadOptions readOptions;
  private final boolean minimizeSkew;
  private final Duration heartbeatInterval;
  private final BinlogRowImage binlogRowImage;
  /** Whether the read window / retry policy were set here, so the source's do not replace them. */
  private final boolean readWindowSet;
  private final boolean retryPolicySet;

  private ConnectOptions(Builder b) {
    this.maxInboundMessageSize = b.maxInboundMessageSize;
    this.keepAliveTime = b.keepAliveTime;
    this.keepAliveTimeout = b.keepAliveTimeout;
    this.gzip = b.gzip;
    this.readOptions = b.readOptions;
    this.minimizeSkew = b.minimizeSkew;
    this.heartbeatInterval = b.heartbeatInterval;
    this.binlogRowImage = b.binlogRowImage;
    this.readWindowSet = b.readWindowSet;
    this.retryPolicySet = b.retryPolicySet;
  }

  /**
   * 100 MiB inbound messages, keepalive every 30 s (10 s timeout), no request compression, and the
   * read settings of {@link ReadOptions#defaults()} (45 s peeks, 200 ms settle, backoff from 1 s)
   * with the source's read window ({@code timeout_seconds}, 300 s by default) and attempts
   * ({@code max_retries}, 3 by default).
   *
   * @return the defaults
   */
  public static ConnectOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return a builder holding these options */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxInboundMessageSize = maxInboundMessageSize;
    b.keepAliveTime = keepAliveTime;
    b.keepAliveTimeout = keepAliveTimeout;
    b.gzip = gzip;
    b.readOptions = readOptions;
    b.minimizeSkew = minimizeSkew;
    b.heartbeatInterval = heartbeatInterval;
    b.binlogRowImage = binlogRowImage;
    b.readWindowSet = readWindowSet;
    b.retryPolicySet = retryPolicySet;
    return b;
  }

  /** @return the largest response message accepted, in bytes */
  public int maxInboundMessageSize() {
    return maxInboundMessageSize;
  }

  /** @return the keepalive ping interval, or null when keepalive is off */
  public Duration keepAliveTime() {
    return keepAliveTime;
  }

  /** @return how long a keepalive ping may go unanswered */
  public Duration keepAliveTimeout() {
    return keepAliveTimeout;
  }

  /** @return whether requests are gzip-compressed (responses are decompressed either way) */
  public boolean gzip() {
    return gzip;
  }

  /** @return whether VStream calls ask vtgate to align shards by event time ({@code minimize_skew}) */
  public boolean minimizeSkew() {
    return minimizeSkew;
  }

  /** @return how often an idle VStream call asks for a heartbeat; {@link Duration#ZERO} for none */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * @return the {@code binlog_row_image} the servers are declared to write ({@link BinlogRowImage#FULL}
   *     unless set): how VStream previous images' unlogged columns are told from NULL
   */
  public BinlogRowImage binlogRowImage() {
    return binlogRowImage;
  }

  /**
   * @return the read settings as set here ({@link ReadOptions#defaults()} where not); for a source,
   *     an edge database or change stream replaces the read window and retry policy, unless they
   *     were set, with the source's (see the class comment)
   */
  public ReadOptions readOptions() {
    return readOptions;
  }

  /**
   * These options with the source's {@code timeout_seconds} as the read window and its
   * {@code max_retries} as the number of attempts, where this builder did not set them.
   *
   * @param source the source the reads are from
   * @return the options a {@link ConnectEdgeDatabase} or {@link ChangeStream} of that source uses
   */
  ConnectOptions forSource(PlanetScaleSource source) {
    ReadOptions r = readOptions;
    if (!readWindowSet) {
      r = r.withReadWindow(Duration.ofSeconds(source.timeoutSeconds()));
    }
    if (!retryPolicySet) {
      RetryPolicy p = r.retryPolicy();
      // max_retries counts attempts, as in Go's airbyte-source; 0 there also made exactly one.
      r = r.withRetryPolicy(new RetryPolicy(Math.max(1, source.maxRetries()), p.initialBackoff(), p.maxBackoff(),
          p.jitter()));
    }
    return toBuilder().readOptions(r).build();
  }

  /** Builds {@link ConnectOptions}. */
  public static final class Builder {
    private int maxInboundMessageSize = 100 * 1024 * 1024;
    private Duration keepAliveTime = Duration.ofSeconds(30);
    private Duration keepAliveTimeout = Duration.ofSeconds(10);
    private boolean gzip;
    private ReadOptions readOptions = ReadOptions.defaults();
    private boolean minimizeSkew;
    private Duration heartbeatInterval = Duration.ZERO;
    private BinlogRowImage binlogRowImage = BinlogRowImage.FULL;
    private boolean readWindowSet;
    private boolean retryPolicySet;

    private Builder() {}

    /**
     * @param bytes the largest response message accepted (copy-phase responses can exceed gRPC's 4 MiB default)
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxInboundMessageSize must be at least 1024 bytes, was " + bytes);
      }
      maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * @param interval the keepalive ping interval, or null to turn keepalive off
     * @return this builder
     */
    public Builder keepAliveTime(Duration interval) {
      keepAliveTime = interval;
      return this;
    }

    /**
     * @param timeout how long a keepalive ping may go unanswered
     * @return this builder
     */
    public Builder keepAliveTimeout(Duration timeout) {
      keepAliveTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * @param value gzip-compress requests
     * @return this builder
     */
    public Builder gzip(boolean value) {
      gzip = value;
      return this;
    }

    /**
     * @param value the read settings used when a read passes none, all of them: the source's
     *     {@code timeout_seconds} and {@code max_retries} no longer apply
     * @return this builder
     */
    public Builder readOptions(ReadOptions value) {
      readOptions = Objects.requireNonNull(value, "value");
      readWindowSet = true;
      retryPolicySet = true;
      return this;
    }

    /**
     * @param value the deadline of one streaming call, instead of the source's {@code timeout_seconds}
     * @return this builder
     */
    public Builder readWindow(Duration value) {
      readOptions = readOptions.withReadWindow(value);
      readWindowSet = true;
      return this;
    }

    /**
     * @param value the deadline of the call that learns the current position
     * @return this builder
     */
    public Builder peekTimeout(Duration value) {
      readOptions = readOptions.withPeekTimeout(value);
      return this;
    }

    /**
     * @param value how long to wait for more responses once the stop position is reached
     * @return this builder
     */
    public Builder settleInterval(Duration value) {
      readOptions = readOptions.withSettleInterval(value);
      return this;
    }

    /**
     * @param value how transient failures are retried, instead of the source's {@code max_retries} attempts
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy value) {
      readOptions = readOptions.withRetryPolicy(value);
      retryPolicySet = true;
      return this;
    }

    /**
     * VStream only: ask vtgate to hold back shards that are ahead in event time
     * ({@code minimize_skew}). Off by default: a read covers one shard, so there is nothing to align.
     *
     * @param value whether to set {@code minimize_skew}
     * @return this builder
     */
    public Builder minimizeSkew(boolean value) {
      minimizeSkew = value;
      return this;
    }

    /**
     * VStream only: how long a call may be idle before vtgate sends a heartbeat (whole seconds,
     * rounded up); {@link Duration#ZERO}, the default, asks for none.
     *
     * @param value the interval
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder heartbeatInterval(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative()) {
        throw new IllegalArgumentException("heartbeatInterval must not be negative, got " + value);
      }
      heartbeatInterval = value;
      return this;
    }

    /**
     * VStream only: the MySQL {@code binlog_row_image} the database's servers write. The wire marks a
     * column the server did not log in a previous image (of an update or delete) with length -1, like
     * NULL, and without a bitmap; set {@link BinlogRowImage#NOBLOB} or {@link BinlogRowImage#MINIMAL}
     * when the database is configured so, and such columns are reported absent
     * ({@link io.planetscale.cdc.Record#absentBeforeColumns()}) instead of NULL. {@link
     * BinlogRowImage#FULL}, the default, is PlanetScale's default. psdbconnect ignores this setting
     * (it sends complete rows).
     *
     * @param value the server's setting
     * @return this builder
     */
    public Builder binlogRowImage(BinlogRowImage value) {
      binlogRowImage = Objects.requireNonNull(value, "value");
      return this;
    }

    /** @return the options */
    public ConnectOptions build() {
      return new ConnectOptions(this);
    }
  }

  /** A channel to {@code source} with these options' message size and keepalive settings. */
  ManagedChannel openChannel(PlanetScaleSource source) {
    return GrpcChannels.open(source, maxInboundMessageSize, keepAliveTime, keepAliveTimeout);
  }
}
