package io.planetscale.cdc;

/** The server could not be reached or the transport failed (DNS, TCP, TLS, a broken stream). */
public class ConnectionException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming the field, stream, shard or position involved
   */
  public ConnectionException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public ConnectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
