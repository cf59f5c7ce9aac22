package io.planetscale.cdc;

/**
 * The root of every exception the SDK throws. Unchecked, like {@code java.io.UncheckedIOException}:
 * callers catch the subclass they can act on ({@link AuthenticationException},
 * {@link StaleCursorException}, {@link SinkException}, ...) and let the rest propagate.
 *
 * <p>Messages never contain a password or an authorization header.
 */
public class PlanetScaleCdcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the stream, shard, field or position involved
   */
  public PlanetScaleCdcException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and its cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public PlanetScaleCdcException(String message, Throwable cause) {
    super(message, cause);
  }
}
