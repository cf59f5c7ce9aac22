package io.planetscale.cdc.testkit;

import io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import java.time.Instant;
import java.util.List;

/**
 * Builds the VEvents of one shard of a VStream call, as vtgate forwards them: every event names its
 * keyspace and shard, FIELD and ROW events name their table {@code "<keyspace>.<table>"} (bare when
 * the request sets {@code exclude_keyspace_from_table_name}). Replication-phase events carry the
 * commit time in {@code timestamp} (seconds) and the send time in {@code current_time} (nanoseconds);
 * copy-phase events carry neither ({@code timestamp} 0 means "copy").
 */
final class VEvents {
  private final String keyspace;
  private final String shard;
  private final String tablePrefix;

  VEvents(String keyspace, String shard, boolean excludeKeyspaceFromTableName) {
    this.keyspace = keyspace;
    this.shard = shard;
    this.tablePrefix = excludeKeyspaceFromTableName ? "" : keyspace + ".";
  }

  String shard() {
    return shard;
  }

  VEvent begin(long timestamp) {
    return base(VEventType.BEGIN, timestamp).build();
  }

  VEvent commit(long timestamp) {
    return base(VEventType.COMMIT, timestamp).build();
  }

  VEvent other(long timestamp) {
    return base(VEventType.OTHER, timestamp).build();
  }

  VEvent ddl(String statement, long timestamp) {
    return base(VEventType.DDL, timestamp).setStatement(statement).build();
  }

  /** A resharding journal, as vttablet sends the {@code _vt.resharding_journal} row it stands for. */
  VEvent journal(Journal journal, long timestamp) {
    return base(VEventType.JOURNAL, timestamp).setJournal(journal).build();
  }

  VEvent vgtid(VGtid vgtid, long timestamp) {
    return base(VEventType.VGTID, timestamp).setVgtid(vgtid).build();
  }

  VEvent field(String table, List<Field> fields, boolean enumSetStringValues, long timestamp) {
    return base(VEventType.FIELD, timestamp).setFieldEvent(FieldEvent.newBuilder().setTableName(tablePrefix + table)
        .addAllFields(fields).setKeyspace(keyspace).setShard(shard).setEnumSetStringValues(enumSetStringValues))
        .build();
  }

  VEvent row(String table, List<RowChange> changes, long timestamp) {
    return base(VEventType.ROW, timestamp).setRowEvent(RowEvent.newBuilder().setTableName(tablePrefix + table)
        .addAllRowChanges(changes).setKeyspace(keyspace).setShard(shard)).build();
  }

  /** This shard's copy is done: the per-shard marker vttablet sends. */
  VEvent copyCompleted() {
    return base(VEventType.COPY_COMPLETED, 0).build();
  }

  /** Every shard of the call reported its copy done: the marker vtgate adds, with no keyspace or shard. */
  static VEvent allCopiesCompleted() {
    return VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).build();
  }

  /** vtgate's own heartbeat: no keyspace or shard. */
  static VEvent heartbeat() {
    long now = nowNanos();
    return VEvent.newBuilder().setType(VEventType.HEARTBEAT).setTimestamp(now / 1_000_000_000L).setCurrentTime(now)
        .build();
  }

  private VEvent.Builder base(VEventType type, long timestamp) {
    VEvent.Builder e = VEvent.newBuilder().setType(type).setKeyspace(keyspace).setShard(shard);
    if (timestamp != 0) {
      e.setTimestamp(timestamp).setCurrentTime(nowNanos());
    }
    return e;
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
