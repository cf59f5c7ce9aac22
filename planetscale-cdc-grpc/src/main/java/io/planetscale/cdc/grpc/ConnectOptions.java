package io.planetscale.cdc.grpc;

import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.spi.ReadOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings of a {@link ConnectEdgeDatabase}, and the read settings it uses when a read
 * does not bring its own. Immutable; build with {@link #builder()}.
 */
public final class ConnectOptions {
  private static final ConnectOptions DEFAULTS = builder().build();

  private final int maxInboundMessageSize;
  private final Duration keepAliveTime;
  private final Duration keepAliveTimeout;
  private final boolean gzip;
  private final ReadOptions readOptions;

  private ConnectOptions(Builder b) {
    this.maxInboundMessageSize = b.maxInboundMessageSize;
    this.keepAliveTime = b.keepAliveTime;
    this.keepAliveTimeout = b.keepAliveTimeout;
    this.gzip = b.gzip;
    this.readOptions = b.readOptions;
  }

  /**
   * 100 MiB inbound messages, keepalive every 30 s (10 s timeout), no request compression, and
   * {@link ReadOptions#defaults()}: 90 s read windows, 45 s peeks, 500 ms settle, default retries.
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

  /** @return the read settings used when a read passes none */
  public ReadOptions readOptions() {
    return readOptions;
  }

  /** Builds {@link ConnectOptions}. */
  public static final class Builder {
    private int maxInboundMessageSize = 100 * 1024 * 1024;
    private Duration keepAliveTime = Duration.ofSeconds(30);
    private Duration keepAliveTimeout = Duration.ofSeconds(10);
    private boolean gzip;
    private ReadOptions readOptions = ReadOptions.defaults();

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
     * @param value the read settings used when a read passes none
     * @return this builder
     */
    public Builder readOptions(ReadOptions value) {
      readOptions = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * @param value the deadline of one streaming call
     * @return this builder
     */
    public Builder readWindow(Duration value) {
      readOptions = readOptions.withReadWindow(value);
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
     * @param value how transient failures are retried
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy value) {
      readOptions = readOptions.withRetryPolicy(value);
      return this;
    }

    /** @return the options */
    public ConnectOptions build() {
      return new ConnectOptions(this);
    }
  }
}
