package io.planetscale.cdc.spi;

import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.SerializedCursor;

/**
 * Streams one table on one shard: the Go {@code PlanetScaleDatabase}. Implemented over Vitess
 * {@code VStream} by {@code VStreamEdgeDatabase} and over psdbconnect {@code Connect/Sync} by
 * {@code ConnectEdgeDatabase} (module grpc).
 */
public interface EdgeDatabase extends AutoCloseable {
  /**
   * Checks that the server accepts the credentials.
   *
   * @param source the connection settings
   * @throws io.planetscale.cdc.AuthenticationException if the credentials are rejected
   * @throws io.planetscale.cdc.ConnectionException if the server cannot be reached
   */
  void canConnect(PlanetScaleSource source);

  /**
   * Whether {@link #read} may be called from several threads at once, for different shards or
   * tables. When it may, a sync lets reads run ahead of the one delivering
   * ({@link io.planetscale.cdc.SyncOptions.Builder#readAhead}) unless its options say otherwise.
   * False by default.
   *
   * @return whether concurrent reads are safe
   */
  default boolean concurrentReads() {
    return false;
  }

  /**
   * Reads the changes of {@code params.table()} on the shard of {@code params.lastKnownPosition()}
   * from that cursor up to the server's current position, delivering rows to
   * {@link ReadParams#onResult()} and cursors to {@link ReadParams#onCursor()} in stream order.
   * Every cursor passed to {@code onCursor} covers exactly the rows delivered before it. A transport
   * that sees the table's columns change calls {@link OnResult#onSchemaChange} before the first row
   * of the new shape; one that receives partial row images (minimal or no-blob binlog row images)
   * delivers them with {@link OnResult#onPartialResult}; one that holds a cursor's encoded form
   * passes it along with {@link OnCursor#onCursor(io.planetscale.cdc.TableCursor, SerializedCursor)}.
   *
   * @param params what to read and where to deliver it
   * @return the cursor after the last row delivered (the input cursor if nothing changed)
   * @throws io.planetscale.cdc.PlanetScaleCdcException on any failure; an exception thrown by a
   *     callback is propagated unchanged
   */
  SerializedCursor read(ReadParams params);

  /** Releases connections. */
  @Override
  void close();
}
