package io.planetscale.cdc.postgres.internal.pgoutput;

import java.util.List;

/**
 * Truncate ({@code T}): one {@code TRUNCATE} statement emptied these tables.
 *
 * @param xid the streamed transaction's id inside a stream, else {@link PgOutputMessage#NO_XID}
 * @param options the option bits: 1 {@code CASCADE}, 2 {@code RESTART IDENTITY}
 * @param relationIds the tables' oids
 */
public record TruncateMessage(long xid, int options, List<Long> relationIds) implements PgOutputMessage {
  /** Option bit of {@code TRUNCATE ... CASCADE}. */
  public static final int CASCADE = 1;
  /** Option bit of {@code TRUNCATE ... RESTART IDENTITY}. */
  public static final int RESTART_IDENTITY = 2;

  /** Copies the id list, so that the message stays immutable. */
  public TruncateMessage {
    relationIds = List.copyOf(relationIds);
  }

  /**
   * Whether the statement said {@code CASCADE}.
   *
   * @return true if it did
   */
  public boolean cascade() {
    return (options & CASCADE) != 0;
  }

  /**
   * Whether the statement said {@code RESTART IDENTITY}.
   *
   * @return true if it did
   */
  public boolean restartIdentity() {
    return (options & RESTART_IDENTITY) != 0;
  }

  @Override
  public char type() {
    return 'T';
  }
}
