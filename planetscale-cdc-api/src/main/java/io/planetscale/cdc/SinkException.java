package io.planetscale.cdc;

/**
 * The user's {@link RecordSink} threw. The sync stopped at once; {@link #state()} is the last state
 * whose records were all delivered to and flushed by the sink, so resuming from it loses nothing
 * and skips nothing.
 */
public class SinkException extends PlanetScaleCdcException {
  private static final long serialVersionUID = 1L;

  private final transient State state;

  /**
   * Creates the exception.
   *
   * @param message what the sink was doing when it threw (record, flush or state), with stream and shard
   * @param state the last state covering exactly the records the sink accepted
   * @param cause what the sink threw
   */
  public SinkException(String message, State state, Throwable cause) {
    super(message, cause);
    this.state = state;
  }

  /** @return the last state covering exactly the records the sink accepted; resume from it */
  public State state() {
    return state;
  }
}
