package io.planetscale.cdc.postgres.internal.pgoutput;

import io.planetscale.cdc.PlanetScaleCdcException;

/**
 * A pgoutput message could not be decoded: it was truncated, had bytes left over, had an unknown type or
 * arrived where the protocol does not allow it. The message names the message type and the byte offset.
 */
public final class PgOutputFormatException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming the message type and the offset in the message
   */
  public PgOutputFormatException(String message) {
    super(message);
  }
}
