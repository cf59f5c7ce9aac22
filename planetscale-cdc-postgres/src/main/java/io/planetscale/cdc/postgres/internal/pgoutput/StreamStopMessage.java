package io.planetscale.cdc.postgres.internal.pgoutput;

/** Stream Stop ({@code E}, protocol 2+): the current segment of a streamed transaction ends. */
public record StreamStopMessage() implements PgOutputMessage {
  @Override
  public char type() {
    return 'E';
  }
}
