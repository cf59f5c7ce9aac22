package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import java.util.List;

/**
 * A committed transaction in a shard's binlog: its GTID sequence number and the row changes it
 * made to one table, or a schema change of one table ({@code ddl} set, no changes), or the journal a
 * reshard writes on each of its source shards ({@code journal} set). {@code table} is null only for
 * transactions that touch no table.
 *
 * @param seq the GTID sequence number on the shard
 * @param table the table changed, or null
 * @param changes the row changes, in order (empty for DDL)
 * @param version the table's schema the rows are laid out in (after the change, for DDL), or null
 * @param ddl the DDL statement, or null for row changes
 * @param rowImage the {@code binlog_row_image} in force when the transaction was written
 * @param commitSeconds the commit time, seconds since the epoch (a VStream event's {@code timestamp})
 * @param journal the resharding journal this transaction wrote ({@code _vt.resharding_journal}), or null
 */
record Transaction(long seq, String table, List<Change> changes, FakeTable version, String ddl, RowImage rowImage,
    long commitSeconds, Journal journal) {

  boolean isDdl() {
    return ddl != null;
  }
}
