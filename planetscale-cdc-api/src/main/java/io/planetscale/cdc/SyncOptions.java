package io.planetscale.cdc;

import io.planetscale.cdc.spi.ReadOptions;
import java.util.Objects;

/**
 * Settings of one sync: the tablet type to read from, the read settings (window, peek timeout,
 * settle interval, retry policy) and the logger. Immutable; build with {@link #builder()}.
 */
public final class SyncOptions {
  private static final SyncOptions DEFAULTS = builder().build();

  private final TabletType tabletType;
  private final ReadOptions readOptions;
  private final SyncLogger logger;

  private SyncOptions(Builder b) {
    this.tabletType = b.tabletType;
    this.readOptions = b.readOptions;
    this.logger = b.logger;
  }

  /** @return the source's tablet type, the edge database's read settings, slf4j logging */
  public static SyncOptions defaults() {
    return DEFAULTS;
  }

  /** @return a builder starting from the defaults */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the tablet type, or null for the source's ({@link PlanetScaleSource#tabletType()}) */
  public TabletType tabletType() {
    return tabletType;
  }

  /** @return the read settings, or null for the edge database's own */
  public ReadOptions readOptions() {
    return readOptions;
  }

  /** @return the logger for progress messages */
  public SyncLogger logger() {
    return logger;
  }

  /** Builds {@link SyncOptions}. */
  public static final class Builder {
    private TabletType tabletType;
    private ReadOptions readOptions;
    private SyncLogger logger = SyncLogger.slf4j();

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
     * @param value read window, peek timeout, settle interval and retry policy, or null for the edge database's
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

    /** @return the options */
    public SyncOptions build() {
      return new SyncOptions(this);
    }
  }
}
