package io.planetscale.cdc.examples.cli;

/**
 * A failure a command line reports as one clear line on stderr and exit code 1 (bad arguments,
 * unreadable or invalid input files), rather than as a stack trace.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was wrong, naming the flag, file or position
   */
  public CliException(String message) {
    super(message);
  }

  /**
   * @param message what was wrong
   * @param cause the underlying failure
   */
  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
