package io.planetscale.cdc.grpc;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.LastPKEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.ShardGtid;
import io.planetscale.cdc.wire.internal.proto.binlogdata.TableLastPK;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VGtid;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Hand-built VStream events, as vtgate sends them, for table {@code ks.t} on shard {@code -80}. */
final class VStreamEvents {
  static final String KS = "ks";
  static final String SHARD = "-80";
  static final String TABLE = "t";
  static final String POS1 = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-10";
  static final String POS2 = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-11";
  static final String POS3 = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-12";
  static final String POS4 = "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-13";

  static final Field ID = new Field("id", VitessType.INT64, "t", "bigint", 63, 49667, "t", "ks", "id", 20, 0);
  static final Field NAME = new Field("name", VitessType.VARCHAR, "t", "varchar(64)", 255, 0, "t", "ks", "name",
      256, 0);

  private VStreamEvents() {}

  /** A protocol for ks.t on -80 whose stub is never called (apply does not need the network). */
  static VStreamProtocol protocol() {
    return new VStreamProtocol(VitessGrpc.newStub(new UnusedChannel()), TABLE, KS, SHARD, TabletType.PRIMARY,
        List.of(), false, Duration.ZERO);
  }

  /** As {@link #protocol()}, for servers declared to write {@code rowImage} row images. */
  static VStreamProtocol protocol(BinlogRowImage rowImage) {
    return new VStreamProtocol(VitessGrpc.newStub(new UnusedChannel()), TABLE, KS, SHARD, TabletType.PRIMARY,
        List.of(), false, Duration.ZERO, rowImage);
  }

  /** The response holding {@code events}, as the client reads it off the wire ({@link VStreamResponseReader}). */
  static VStreamMessage response(VEvent... events) {
    return VStreamResponseReader.read(proto(events).toByteArray());
  }

  /** The response holding {@code events}, as the server sends it. */
  static VStreamResponse proto(VEvent... events) {
    return VStreamResponse.newBuilder().addAllEvents(List.of(events)).build();
  }

  static VEvent event(VEventType type) {
    return VEvent.newBuilder().setType(type).build();
  }

  static VEvent begin() {
    return event(VEventType.BEGIN);
  }

  static VEvent commit() {
    return event(VEventType.COMMIT);
  }

  static VEvent other() {
    return event(VEventType.OTHER);
  }

  static VEvent ddl(String statement) {
    return VEvent.newBuilder().setType(VEventType.DDL).setStatement(statement).build();
  }

  static VEvent copyCompleted(String keyspace, String shard) {
    return VEvent.newBuilder().setType(VEventType.COPY_COMPLETED).setKeyspace(keyspace).setShard(shard).build();
  }

  /** A FIELD event of {@code table} (vtgate names it {@code keyspace.table}), values as labels. */
  static VEvent field(String table, Field... fields) {
    return field(table, true, fields);
  }

  static VEvent field(String table, boolean enumSetStringValues, Field... fields) {
    FieldEvent.Builder f = FieldEvent.newBuilder().setTableName(table).setKeyspace(KS).setShard(SHARD)
        .setEnumSetStringValues(enumSetStringValues);
    for (Field field : fields) {
      f.addFields(ProtoCodec.toProto(field));
    }
    return VEvent.newBuilder().setType(VEventType.FIELD).setFieldEvent(f).build();
  }

  static VEvent rows(String table, RowChange... changes) {
    return VEvent.newBuilder().setType(VEventType.ROW)
        .setRowEvent(RowEvent.newBuilder().setTableName(table).setKeyspace(KS).setShard(SHARD)
            .addAllRowChanges(List.of(changes)))
        .build();
  }

  static RowChange insert(String... after) {
    return RowChange.newBuilder().setAfter(row(after)).build();
  }

  static RowChange delete(String... before) {
    return RowChange.newBuilder().setBefore(row(before)).build();
  }

  static RowChange update(String[] before, String[] after) {
    return RowChange.newBuilder().setBefore(row(before)).setAfter(row(after)).build();
  }

  /** A {@code query.Row} of text values; null is NULL (length -1). */
  static Row row(String... values) {
    Row.Builder r = Row.newBuilder();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String v : values) {
      if (v == null) {
        r.addLengths(-1);
      } else {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        r.addLengths(b.length);
        bytes.writeBytes(b);
      }
    }
    return r.setValues(ByteString.copyFrom(bytes.toByteArray())).build();
  }

  /** A bitmap of {@code count} columns with the given columns set. */
  static RowChange.Bitmap bitmap(int count, int... set) {
    byte[] cols = new byte[(count + 7) / 8];
    for (int i : set) {
      cols[i / 8] |= (byte) (1 << (i % 8));
    }
    return RowChange.Bitmap.newBuilder().setCount(count).setCols(ByteString.copyFrom(cols)).build();
  }

  /** A VGTID event holding {@code shardGtids}. */
  static VEvent vgtid(ShardGtid... shardGtids) {
    return VEvent.newBuilder().setType(VEventType.VGTID)
        .setVgtid(VGtid.newBuilder().addAllShardGtids(List.of(shardGtids))).build();
  }

  /** Our shard's position, with the given tables' copy progress. */
  static ShardGtid ours(String gtid, TableLastPK... lastPks) {
    return shardGtid(KS, SHARD, gtid, lastPks);
  }

  static ShardGtid shardGtid(String keyspace, String shard, String gtid, TableLastPK... lastPks) {
    return ShardGtid.newBuilder().setKeyspace(keyspace).setShard(shard).setGtid(gtid)
        .addAllTablePKs(List.of(lastPks)).build();
  }

  /** Copy progress of {@code table}: the last key {@code id}. */
  static TableLastPK lastPk(String table, long id) {
    return TableLastPK.newBuilder().setTableName(table).setLastpk(pkResult(id)).build();
  }

  static QueryResult pkResult(long id) {
    return QueryResult.newBuilder()
        .addFields(io.planetscale.cdc.wire.internal.proto.query.Field.newBuilder().setName("id")
            .setTypeValue(VitessType.INT64.code()).setCharset(63).setFlags(49667))
        .addRows(row(Long.toString(id))).build();
  }

  static VEvent lastPkEvent(String table, long id, boolean completed) {
    LastPKEvent.Builder e = LastPKEvent.newBuilder().setCompleted(completed);
    e.setTableLastPK(completed ? TableLastPK.newBuilder().setTableName(table).build() : lastPk(table, id));
    return VEvent.newBuilder().setType(VEventType.LASTPK).setLastPKEvent(e).build();
  }

  /** A channel for a stub that is never called. */
  private static final class UnusedChannel extends Channel {
    @Override
    public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
      throw new AssertionError("the test made a call: " + method.getFullMethodName());
    }

    @Override
    public String authority() {
      return "unused";
    }
  }
}
