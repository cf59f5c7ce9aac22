package io.planetscale.cdc.postgres.internal.pgoutput;

/**
 * Origin ({@code O}): the current transaction was replicated here from another node.
 *
 * @param commitLsn the LSN of the commit on the origin server
 * @param name the replication origin's name
 */
public record OriginMessage(long commitLsn, String name) implements PgOutputMessage {
  @Override
  public char type() {
    return 'O';
  }
}
