package io.planetscale.cdc;


/**
 * Progress messages of discover and sync, and the schema of each stream before its records. The
 * Java form of the Go connectors' {@code Logger}/{@code StatusLogger}.
 */
public interface SyncLogger {
  /**
   * An informational message.
   *
   * @param message the message (never contains a password)
   */
  void info(String message);

  /**
   * An error message.
   *
   * @param message the message (never contains a password)
   */
  void error(String message);

  /**
   * Announces a stream before its first record (Singer's SCHEMA message).
   *
   * @param stream the filtered stream about to be synced
   */
  void streamSchema(Stream stream);

  /**
   * The default logger: messages go to slf4j logger {@code io.planetscale.cdc.sync}; schemas at debug level.
   *
   * @return a logger writing through slf4j
   */
  static SyncLogger slf4j() {
    return Slf4jSyncLogger.INSTANCE;
  }
}
