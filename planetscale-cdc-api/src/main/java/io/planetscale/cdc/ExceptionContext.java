package io.planetscale.cdc;

/**
 * Adds context (stream, shard, step) to a failure without changing its kind, so a caller can still
 * catch {@link AuthenticationException} after discover wrapped it.
 */
final class ExceptionContext {
  private ExceptionContext() {}

  /**
   * @param prefix what was being done, e.g. {@code "unable to retrieve table names: "}
   * @param e the failure
   * @return an exception of the same SDK kind whose message starts with {@code prefix}
   */
  static PlanetScaleCdcException with(String prefix, RuntimeException e) {
    String message = prefix + e.getMessage();
    if (e instanceof AuthenticationException) {
      return new AuthenticationException(message, e);
    }
    if (e instanceof ConnectionException) {
      return new ConnectionException(message, e);
    }
    if (e instanceof ConfigurationException) {
      return new ConfigurationException(message, e);
    }
    if (e instanceof SchemaMismatchException) {
      return new SchemaMismatchException(message, e);
    }
    if (e instanceof StaleCursorException || e instanceof SinkException) {
      // These carry structured data (position, state) and already name stream and shard.
      return (PlanetScaleCdcException) e;
    }
    return new PlanetScaleCdcException(message, e);
  }
}
