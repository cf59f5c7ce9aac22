package io.planetscale.cdc;

/** Bad or missing configuration, catalog or state input. The message names the field, stream or shard that was wrong. */
public class ConfigurationException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming the field, stream, shard or position involved
   */
  public ConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
