package io.planetscale.cdc.postgres.internal.pgoutput;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stream Abort ({@code A}, protocol 2+): a streamed transaction, or one of its subtransactions, rolled back;
 * its changes already received must be dropped.
 *
 * @param xid the top-level transaction's id
 * @param subXid the aborted subtransaction's id, equal to {@code xid} when the whole transaction aborted
 * @param abortLsn the abort record's LSN: sent with protocol 4 when {@code streaming} is {@code parallel}
 * @param abortTime when it aborted: sent with protocol 4 when {@code streaming} is {@code parallel}
 */
public record StreamAbortMessage(long xid, long subXid, OptionalLong abortLsn, Optional<Instant> abortTime)
    implements PgOutputMessage {
  /**
   * Whether the whole transaction aborted rather than one of its subtransactions.
   *
   * @return true if {@code subXid == xid}
   */
  public boolean wholeTransaction() {
    return subXid == xid;
  }

  @Override
  public char type() {
    return 'A';
  }
}
