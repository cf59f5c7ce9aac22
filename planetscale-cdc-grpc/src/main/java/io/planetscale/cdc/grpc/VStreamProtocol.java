package io.planetscale.cdc.grpc;

import io.grpc.Status;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.LastPKEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table on one shard over Vitess's {@code vtgateservice.Vitess/VStream} (wire-format §7).
 *
 * <p><b>Transactions.</b> Row changes are held from one transaction boundary to the next (a
 * transaction may span several responses) and delivered together with the cursor that follows
 * them: {@code beginResponse(end)}, the rows, {@code onCursor(end)}. The boundaries are the events
 * after which vtgate sends what it has collected: COMMIT, DDL, OTHER and the global
 * COPY_COMPLETED. A BEGIN opens nothing of its own, so a copy batch without BEGIN and a BEGIN
 * without COMMIT (both legal in the copy phase) need no special case.
 *
 * <p><b>Cursors.</b> A cursor is the table's projection of the last VGTID before a boundary: the
 * {@code ShardGtid} of this keyspace and shard (other shards' entries are ignored), with the
 * table's {@code lastpk} if the VGTID carries one. Outside a copy every such VGTID is a cursor, so
 * transactions of other tables, and {@code [VGTID, DDL]} / {@code [VGTID, OTHER]}, advance it too.
 * In the copy phase (the call started from {@code ""} or with a last key) a VGTID carrying the
 * table's {@code lastpk} is a cursor. A VGTID without it is one only once the table's copy
 * progressed, since vtgate drops the table's {@code lastpk} exactly when its copy completes: then it
 * is the cursor {@code {gtid, no lastpk}} from which the table continues as replication. Before any
 * progress (the snapshot VGTID right after {@code [BEGIN, FIELD]}) it is not a cursor: resuming
 * from it would skip the copy. An empty table therefore gets its cursor at the global
 * COPY_COMPLETED (empty keyspace and shard), the end of the copy; a per-shard COPY_COMPLETED is not
 * the end. A VGTID without a position and without a {@code lastpk} is never a cursor.
 *
 * <p><b>Schema changes.</b> A FIELD event of the table replaces the columns rows are read with. The
 * first one of a read, and each one whose columns (name, type, column type, collation) differ from
 * the previous FIELD event's, is reported as {@code onSchemaChange(null, fields)} in stream order,
 * before the rows that have them; the engine decides whether the first is a change (a column may
 * have been dropped while nothing was reading). An identical FIELD event later is not reported.
 * A DDL event is reported at once, as {@code onSchemaChange(ddl, null)} followed by its cursor: the
 * new columns are not known until the table's next FIELD event, and holding the statement back
 * until then would lose it if the saved cursor (already past the DDL) is resumed from first. The
 * table's next FIELD event after a DDL is always reported, changed or not, so every DDL is followed
 * by the columns it left. Vitess sends DDL events only for statements that match the filter (or that
 * it cannot parse), so every DDL event is reported.
 *
 * <p>Not thread-safe: one per read, driven by one thread.
 */
final class VStreamProtocol implements ShardProtocol<VStreamMessage> {
  private static final Logger LOG = LoggerFactory.getLogger(VStreamProtocol.class);

  private final VitessGrpc.VitessStub stub;
  private final VStreamTableRequest requests;
  private final String keyspace;
  private final String shard;
  private final String where;
  private final VStreamTransaction transaction = new VStreamTransaction();
  private final TableName tableName;
  private final BinlogRowImage rowImage;

  // Copy progress, from the cursor a call starts at and then from the stream.
  private boolean copying;
  private boolean lastPkSeen;
  private String startPosition = "";

  // One call's state: forgotten by restart().
  private VStreamFields fields;
  private ShardGtid latest;
  private Pending pending;

  // What the next FIELD event is compared with, and whether it must be reported; "delivered" is the
  // same as of the last delivery, which a restart goes back to (anything after it comes again).
  private List<Field> seenFields;
  private List<Field> deliveredFields;
  private boolean reportNextFields;
  private boolean reportNextFieldsDelivered;

  /**
   * @param stub the vtgate stub (a deadline is set per call)
   * @param table the table
   * @param keyspace the keyspace (database)
   * @param shard the shard, e.g. {@code -} or {@code -80}
   * @param tabletType the tablet type to read from
   * @param cells the cells to read from; empty for every cell
   * @param minimizeSkew whether to set vtgate's {@code minimize_skew}
   * @param heartbeatInterval how often an idle vtgate sends HEARTBEAT events; zero for never
   */
  VStreamProtocol(VitessGrpc.VitessStub stub, String table, String keyspace, String shard, TabletType tabletType,
      List<String> cells, boolean minimizeSkew, Duration heartbeatInterval) {
    this(stub, table, keyspace, shard, tabletType, cells, minimizeSkew, heartbeatInterval, BinlogRowImage.FULL);
  }

  /**
   * As above, for servers that write {@code rowImage}: it says which -1 lengths of a previous image
   * are columns not logged (absent) rather than NULL.
   */
  VStreamProtocol(VitessGrpc.VitessStub stub, String table, String keyspace, String shard, TabletType tabletType,
      List<String> cells, boolean minimizeSkew, Duration heartbeatInterval, BinlogRowImage rowImage) {
    this.rowImage = Objects.requireNonNull(rowImage, "rowImage");
    this.stub = Objects.requireNonNull(stub, "stub");
    this.requests = new VStreamTableRequest(table, keyspace, shard, tabletType, cells, minimizeSkew,
        heartbeatInterval);
    this.tableName = new TableName(keyspace, table);
    this.keyspace = keyspace;
    this.shard = shard;
    this.where = "table \"" + table + "\" shard \"" + shard + "\"";
  }

  /** The request {@link #open} sends. */
  VStreamRequest request(TableCursor from) {
    return requests.request(from);
  }

  @Override
  public StreamCall<VStreamMessage> open(TableCursor from, Duration window) {
    VStreamRequest request = requests.request(from);
    startAt(from);
    VitessGrpc.VitessStub withDeadline = stub.withDeadlineAfter(window.toNanos(), TimeUnit.NANOSECONDS);
    return StreamCall.open(VStreamResponseReader.vStream(withDeadline), request);
  }

  /** Readies the state for a call from {@code from}: a copy if it has no position or a last key. */
  void startAt(TableCursor from) {
    restart();
    copying = from.position().isEmpty() || from.lastKnownPk() != null;
    lastPkSeen = from.lastKnownPk() != null;
    startPosition = from.position();
  }

  @Override
  public String currentPosition(VStreamMessage response) {
    for (Object event : response.events()) {
      if (event instanceof VEvent e && e.getType() == io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType.VGTID) {
        ShardGtid ours = ours(e.getVgtid());
        if (ours != null) {
          return ours.getGtid();
        }
      }
    }
    return null;
  }

  /**
   * Delivers the transactions {@code response} completes, in stream order.
   *
   * @return null: VStream responses carry no error of their own
   * @throws PlanetScaleCdcException naming the table and shard if the response cannot be read (rows
   *     before their FIELD event, a row that does not fit its fields, copy progress without fields)
   */
  @Override
  public Status apply(VStreamMessage response, ShardDelivery out) {
    for (Object event : response.events()) {
      if (event instanceof ScannedRowEvent scanned) {
        onRow(scanned);
        continue;
      }
      VEvent e = (VEvent) event;
      switch (e.getType()) {
        case FIELD:
          onField(e.getFieldEvent());
          break;
        case ROW:
          onRow(e.getRowEvent());
          break;
        case VGTID:
          onVgtid(e.getVgtid());
          break;
        case LASTPK:
          onLastPk(e.getLastPKEvent());
          break;
        case COMMIT:
        case OTHER:
          deliver(out);
          break;
        case DDL:
          if (!e.getStatement().isEmpty()) {
            transaction.addSchemaChange(e.getStatement(), null);
          }
          reportNextFields = true;
          deliver(out);
          break;
        case COPY_COMPLETED:
          if (e.getKeyspace().isEmpty() && e.getShard().isEmpty()) {
            copyCompleted(out);
          }
          break;
        case INSERT:
        case UPDATE:
        case DELETE:
        case REPLACE:
          // Statement-based binlogs only; PlanetScale logs rows. The change cannot be delivered as rows.
          LOG.warn("{}: the server sent a statement-based {} event, which carries no rows; it is skipped", where,
              e.getType());
          break;
        default:
          // BEGIN opens nothing of its own; HEARTBEAT, JOURNAL, GTID, SAVEPOINT, VERSION, ROLLBACK,
          // SET and event types added after this code have nothing to deliver.
          break;
      }
    }
    return null;
  }

  @Override
  public void restart() {
    transaction.clear();
    pending = null;
    latest = null;
    fields = null;
    seenFields = deliveredFields;
    reportNextFields = reportNextFieldsDelivered;
  }

  /** VStream never ends by itself: a call the server completes ended early. */
  @Override
  public Status completion() {
    return Status.UNAVAILABLE.withDescription("the server ended the VStream unexpectedly (EOF)");
  }

  /** A VGTID follows all rows of its transaction, so a cursor at the stop position is exact. */
  @Override
  public boolean exactStop() {
    return true;
  }

  private void onField(FieldEvent e) {
    if (!isOurTable(e.getTableName())) {
      return;
    }
    VStreamFields next;
    try {
      next = VStreamFields.of(e, rowImage);
    } catch (IllegalArgumentException ex) {
      throw new PlanetScaleCdcException("reading " + where + " failed: " + ex.getMessage(), ex);
    }
    // The first column list of a call is reported too: the engine tells whether it differs from what
    // the records assume (a column dropped while nothing was reading), and it is what a later DDL
    // is compared with.
    if (reportNextFields || seenFields == null || !VStreamFields.sameColumns(seenFields, next.fields())) {
      transaction.addSchemaChange(null, next.fields());
    }
    reportNextFields = false;
    seenFields = next.fields();
    fields = next;
  }

  /** Whether rows of {@code tableName} are this table's, which must have had its FIELD event. */
  private boolean ourRows(String tableName) {
    if (!isOurTable(tableName)) {
      return false;
    }
    if (fields == null) {
      throw new PlanetScaleCdcException("reading " + where + " failed: the server sent rows of the table before "
          + "its FIELD event");
    }
    return true;
  }

  private void onRow(RowEvent e) {
    if (!ourRows(e.getTableName())) {
      return;
    }
    try {
      for (RowChange change : e.getRowChangesList()) {
        fields.addRow(change, transaction);
      }
    } catch (IllegalArgumentException ex) {
      throw new PlanetScaleCdcException("reading " + where + " failed: " + ex.getMessage(), ex);
    }
  }

  /** A ROW event found in the message's bytes ({@link VStreamFields#addRows}). */
  private void onRow(ScannedRowEvent e) {
    try {
      if (ourRows(e.tableName())) {
        fields.addRows(e, transaction);
      }
    } catch (IllegalArgumentException ex) {
      throw new PlanetScaleCdcException("reading " + where + " failed: " + ex.getMessage(), ex);
    }
  }

  private void onVgtid(VGtid vgtid) {
    ShardGtid ours = ours(vgtid);
    if (ours == null) {
      return;
    }
    latest = ours;
    TableLastPK lastPk = lastPk(ours);
    if (lastPk != null) {
      VStreamCursors.requireFields(lastPk, where);
    }
    progress(ours.getGtid(), lastPk);
  }

  /** LASTPK events are turned into VGTIDs by vtgate; handled in case one comes through. */
  private void onLastPk(LastPKEvent e) {
    if (!e.hasTableLastPK() || !isOurTable(e.getTableLastPK().getTableName())) {
      return;
    }
    String gtid = latest != null ? latest.getGtid() : startPosition;
    if (e.getCompleted()) {
      copying = false;
      pending = null;
      pend(gtid, null);
      return;
    }
    VStreamCursors.requireFields(e.getTableLastPK(), where);
    progress(gtid, e.getTableLastPK());
  }

  /** A position (with the table's copy progress, if any) seen: whether it is a cursor (class Javadoc). */
  private void progress(String gtid, TableLastPK lastPk) {
    if (!copying) {
      pend(gtid, lastPk);
    } else if (lastPk != null) {
      lastPkSeen = true;
      pend(gtid, lastPk);
    } else if (lastPkSeen) {
      copying = false; // the table's copy completed: from here it is replication
      pend(gtid, null);
    }
  }

  private void copyCompleted(ShardDelivery out) {
    if (copying) {
      copying = false;
      pending = null; // the copy is complete: no last key any more
      if (latest != null) {
        pend(latest.getGtid(), null);
      }
    }
    deliver(out);
  }

  /** The cursor at the next boundary, unless it is one that cannot be resumed from. */
  private void pend(String gtid, TableLastPK lastPk) {
    if (lastPk == null && (gtid.isEmpty() || TableCursor.CURRENT.equals(gtid))) {
      return; // resuming from it would copy the table again (or start at an unknown place)
    }
    pending = new Pending(gtid, lastPk);
  }

  /** A transaction boundary: the rows held, then the cursor, if there is anything to deliver. */
  private void deliver(ShardDelivery out) {
    Pending end = pending;
    pending = null;
    if (end != null || !transaction.isEmpty()) {
      EncodedCursor cursor = end == null ? null
          : VStreamCursors.encode(keyspace, shard, end.gtid(), end.lastPk(), where);
      out.beginResponse(cursor == null ? null : cursor.cursor());
      transaction.deliver(out);
      if (cursor != null) {
        out.onCursor(cursor);
      }
    }
    deliveredFields = seenFields;
    reportNextFieldsDelivered = reportNextFields;
  }

  private ShardGtid ours(VGtid vgtid) {
    for (ShardGtid g : vgtid.getShardGtidsList()) {
      if (g.getKeyspace().equals(keyspace) && g.getShard().equals(shard)) {
        return g;
      }
    }
    return null;
  }

  private TableLastPK lastPk(ShardGtid g) {
    for (TableLastPK pk : g.getTablePKsList()) {
      if (isOurTable(pk.getTableName())) {
        return pk;
      }
    }
    return null;
  }

  /** Whether a table name from the stream is this table ({@link TableName}). */
  boolean isOurTable(String name) {
    return tableName.matches(name);
  }

  /** A cursor not yet delivered: the position and the table's copy progress (null outside a copy). */
  private record Pending(String gtid, TableLastPK lastPk) {}
}
