package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaChange;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.postgres.internal.pgoutput.DeleteMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.InsertMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import io.planetscale.cdc.postgres.internal.pgoutput.PgOutputMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationCache;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationColumn;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.TruncateMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.UpdateMessage;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the change messages of one committed (or committing) transaction into records for the sink: finds
 * each change's table among the synced ones, skips changes a stream's position already covers, numbers the
 * records of the transaction from 0 (their {@link RecordPosition#sequence()}), and announces a table whose
 * Relation message brings other columns as a schema change. Numbering is deterministic, so after a
 * reconnection the records of a partly delivered transaction that the sink already has are skipped by
 * number.
 */
final class ChangeDispatcher {
  /** Loads the value types of a Relation message's columns, so that their values convert by type. */
  interface TypeLoader {
    void load(List<Long> typeOids) throws SQLException;
  }

  private final SinkGate gate;
  private final ChangeRecords records;
  private final String database;
  private final Map<String, SyncTable> tables;
  private final Map<String, Long> positions;
  private final TypeLoader types;
  private final RelationCache relations = new RelationCache();
  /** The synced table of each relation id, found once per Relation message rather than per change. */
  private final Map<Long, SyncTable> tableByRelation = new HashMap<>();
  private long commitLsn;
  private String position;
  private long sequence;
  private long skipBelow;

  /**
   * @param tables the synced tables by {@code schema.table}
   * @param positions each stream's covered position: a change committed before it is not delivered again
   */
  ChangeDispatcher(SinkGate gate, ChangeRecords records, String database, Map<String, SyncTable> tables,
      Map<String, Long> positions, TypeLoader types) {
    this.types = types;
    this.gate = gate;
    this.records = records;
    this.database = database;
    this.tables = tables;
    this.positions = positions;
  }

  /** A new replication session: no Relation message is known yet. */
  void reset() {
    relations.clear();
    tableByRelation.clear();
    records.reset();
  }

  /**
   * A transaction starts.
   *
   * @param lsn its commit LSN, the position of its records
   * @param alreadyDelivered how many of its records the sink already received (after a reconnection)
   */
  void begin(long lsn, long alreadyDelivered) {
    commitLsn = lsn;
    position = PostgresCursors.PREFIX + Lsn.format(lsn);
    sequence = 0;
    skipBelow = alreadyDelivered;
  }

  long commitLsn() {
    return commitLsn;
  }

  /** The records numbered so far in the transaction (delivered or skipped as already delivered). */
  long sequence() {
    return sequence;
  }

  void relation(RelationMessage relation) throws SQLException {
    List<Long> oids = new ArrayList<>(relation.columns().size());
    for (RelationColumn column : relation.columns()) {
      oids.add(column.typeOid());
    }
    types.load(oids);
    Optional<RelationMessage> previous = relations.find(relation.relationId());
    relations.put(relation);
    SyncTable table = tables.get(relation.namespace() + "." + relation.name());
    if (table == null) {
      tableByRelation.remove(relation.relationId());
    } else {
      tableByRelation.put(relation.relationId(), table);
    }
    if (table == null || previous.isEmpty() || previous.get().columns().equals(relation.columns())
        || covered(table)) {
      return;
    }
    List<Field> fields = new ArrayList<>(relation.columns().size());
    for (RelationColumn column : relation.columns()) {
      fields.add(Field.of(column.name(), vitessType(column.typeOid())));
    }
    RecordPosition at = next();
    if (at != null) {
      gate.schemaChange(new SchemaChange(table.streamName(), database, PostgresCursors.SHARD, null, fields, at),
          table.stream());
    }
  }

  /** Delivers one change message (Insert, Update, Delete or Truncate). */
  void change(PgOutputMessage message) {
    Instant now = Instant.now();
    if (message instanceof InsertMessage insert) {
      RelationMessage relation = relations.require(insert.relationId(), insert.newTuple(), "Insert");
      SyncTable table = table(relation);
      RecordPosition at = table == null ? null : next();
      if (at != null) {
        deliver(records.insert(table, relation, insert.newTuple(), at, now), table);
      }
    } else if (message instanceof UpdateMessage update) {
      RelationMessage relation = relations.require(update.relationId(), update.newTuple(), "Update");
      SyncTable table = table(relation);
      RecordPosition at = table == null ? null : next();
      if (at != null) {
        deliver(records.update(table, relation, update, at, now), table);
      }
    } else if (message instanceof DeleteMessage delete) {
      RelationMessage relation = relations.require(delete.relationId(), delete.oldTuple(), "Delete");
      SyncTable table = table(relation);
      RecordPosition at = table == null ? null : next();
      if (at != null) {
        deliver(records.delete(table, relation, delete, at, now), table);
      }
    } else if (message instanceof TruncateMessage truncate) {
      for (long relationId : truncate.relationIds()) {
        Optional<RelationMessage> relation = relations.find(relationId);
        SyncTable table = relation.isEmpty() ? null : table(relation.get());
        RecordPosition at = table == null ? null : next();
        if (at != null) {
          deliver(records.truncate(table, at, now), table);
        }
      }
    }
  }

  /** The synced table of a relation, or null when it is not synced or its position covers this transaction. */
  private SyncTable table(RelationMessage relation) {
    SyncTable table = tableByRelation.get(relation.relationId());
    return table == null || covered(table) ? null : table;
  }

  private boolean covered(SyncTable table) {
    Long covered = positions.get(table.streamName());
    return covered != null && commitLsn < covered;
  }

  /** The next position in the transaction, or null when the sink already has it. */
  private RecordPosition next() {
    long number = sequence++;
    return number < skipBelow ? null : new RecordPosition(database, PostgresCursors.SHARD, position, number);
  }

  private void deliver(Record record, SyncTable table) {
    gate.record(record, table.stream());
  }

  /** The nearest Vitess type of a built-in PostgreSQL type, for schema-change fields. */
  static VitessType vitessType(long typeOid) {
    return switch ((int) typeOid) {
      case 16 -> VitessType.INT8;
      case 21 -> VitessType.INT16;
      case 23, 26 -> VitessType.INT32;
      case 20 -> VitessType.INT64;
      case 700 -> VitessType.FLOAT32;
      case 701 -> VitessType.FLOAT64;
      case 1700 -> VitessType.DECIMAL;
      case 17 -> VitessType.VARBINARY;
      case 1082 -> VitessType.DATE;
      case 1083, 1266 -> VitessType.TIME;
      case 1114 -> VitessType.DATETIME;
      case 1184 -> VitessType.TIMESTAMP;
      case 114, 3802 -> VitessType.JSON;
      case 25 -> VitessType.TEXT;
      case 1042 -> VitessType.CHAR;
      default -> VitessType.VARCHAR;
    };
  }
}
