package io.planetscale.cdc.testkit;

import java.util.List;

/**
 * A committed transaction in a shard's binlog: its GTID sequence number and the row changes it
 * made to one table ({@code table} is null for schema changes, which carry no rows).
 *
 * @param seq the GTID sequence number on the shard
 * @param table the table changed, or null
 * @param changes the row changes, in order
 */
record Transaction(long seq, String table, List<Change> changes) {}
