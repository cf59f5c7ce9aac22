package io.planetscale.cdc.postgres.internal.pgoutput;

import java.time.Instant;

/**
 * Begin ({@code B}): a transaction that was not streamed starts; its changes follow, then {@link CommitMessage}.
 *
 * @param finalLsn the LSN of the transaction's commit record
 * @param commitTime when the transaction committed
 * @param xid the transaction id
 */
public record BeginMessage(long finalLsn, Instant commitTime, long xid) implements PgOutputMessage {
  @Override
  public char type() {
    return 'B';
  }
}
