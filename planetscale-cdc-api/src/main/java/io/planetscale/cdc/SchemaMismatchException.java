package io.planetscale.cdc;

/** The data does not fit the catalog: an unknown column was requested, a selected column is missing from the server's result, or a value cannot be converted to the type its schema declares. */
public class SchemaMismatchException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming the field, stream, shard or position involved
   */
  public SchemaMismatchException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public SchemaMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
