package io.planetscale.cdc.postgres.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server of one major version, shared by every test class of a run: started on first use, closed by
 * JUnit when the run ends (it is held in the launcher session's store), or by the server's shutdown hook.
 */
public final class SharedPostgresServer implements AutoCloseable {
  private final int major;
  private EmbeddedPostgresServer server;
  private boolean closed;

  SharedPostgresServer(int major) {
    this.major = major;
  }

  /**
   * The major version.
   *
   * @return 17 or 18
   */
  public int major() {
    return major;
  }

  /**
   * The running server, started on the first call.
   *
   * @return the server
   * @throws UncheckedIOException if it cannot be started
   */
  public synchronized EmbeddedPostgresServer get() {
    if (closed) {
      throw new IllegalStateException("PostgreSQL " + major + " was already stopped at the end of the run");
    }
    if (server == null) {
      try {
        server = EmbeddedPostgresServer.start(major);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start PostgreSQL " + major, e);
      }
    }
    return server;
  }

  /** Stops the server if it was started. */
  @Override
  public synchronized void close() {
    closed = true;
    if (server != null) {
      server.close();
    }
  }

  /** Names the version, as parameterized test classes display it. */
  @Override
  public String toString() {
    return "PostgreSQL " + major;
  }
}
