package io.planetscale.cdc.postgres.internal.pgoutput;

import java.time.Instant;

/**
 * Commit ({@code C}): the transaction begun by the last {@link BeginMessage} ends.
 *
 * @param flags unused by PostgreSQL so far (0)
 * @param commitLsn the LSN of the commit record
 * @param endLsn the LSN just past the commit record: the position to confirm once the transaction is stored
 * @param commitTime when the transaction committed
 */
public record CommitMessage(int flags, long commitLsn, long endLsn, Instant commitTime) implements PgOutputMessage {
  @Override
  public char type() {
    return 'C';
  }
}
