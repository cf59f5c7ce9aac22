package io.planetscale.cdc;

/**
 * The saved cursor points at binary logs the server no longer has (purged or expired), so changes
 * since then cannot be streamed. Recover by syncing the stream again from a full copy (an empty
 * cursor), or ask {@code SyncOptions} for that restart to happen automatically.
 */
public class StaleCursorException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  private final String stream;
  private final String shard;
  private final String position;

  /**
   * Creates the exception.
   *
   * @param stream the stream (table) whose cursor is stale
   * @param shard the shard whose cursor is stale
   * @param position the stale position
   * @param cause the server's error, if any
   */
  public StaleCursorException(String stream, String shard, String position, Throwable cause) {
    super("state for stream \"" + stream + "\" shard \"" + shard + "\" at position [" + position
        + "] is stale: the server no longer has the binary logs it needs;"
        + " restart a full sync of this stream to get a new state", cause);
    this.stream = stream;
    this.shard = shard;
    this.position = position;
  }

  /** @return the stream (table) whose cursor is stale */
  public String stream() {
    return stream;
  }

  /** @return the shard whose cursor is stale */
  public String shard() {
    return shard;
  }

  /** @return the stale position */
  public String position() {
    return position;
  }
}
