package io.planetscale.cdc.postgres.internal.pgoutput;

import java.time.Instant;

/**
 * Stream Commit ({@code c}, protocol 2+): a streamed transaction, all of whose segments have been sent,
 * committed.
 *
 * @param xid the transaction's id
 * @param flags unused by PostgreSQL so far (0)
 * @param commitLsn the LSN of the commit record
 * @param endLsn the LSN just past the commit record
 * @param commitTime when it committed
 */
public record StreamCommitMessage(long xid, int flags, long commitLsn, long endLsn, Instant commitTime)
    implements PgOutputMessage {
  @Override
  public char type() {
    return 'c';
  }
}
