package io.planetscale.cdc.postgres.internal.pgoutput;

/**
 * Stream Start ({@code S}, protocol 2+): a segment of a transaction still in progress follows, up to
 * {@link StreamStopMessage}. Messages inside carry the transaction's id.
 *
 * @param xid the streamed transaction's id
 * @param firstSegment whether this is the transaction's first segment
 */
public record StreamStartMessage(long xid, boolean firstSegment) implements PgOutputMessage {
  @Override
  public char type() {
    return 'S';
  }
}
