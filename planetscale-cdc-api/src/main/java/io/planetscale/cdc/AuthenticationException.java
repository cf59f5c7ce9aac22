package io.planetscale.cdc;

/** The server rejected the credentials (wrong username or password, or no permission). */
public class AuthenticationException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming the field, stream, shard or position involved
   */
  public AuthenticationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
