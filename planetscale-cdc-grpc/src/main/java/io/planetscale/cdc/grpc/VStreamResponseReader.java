package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.WireScanner.WIRE_LENGTH;
import static io.planetscale.cdc.grpc.WireScanner.WIRE_VARINT;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.planetscale.cdc.grpc.WireScanner.Unusual;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamRequest;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import io.planetscale.cdc.wire.internal.proto.vtgateservice.VitessGrpc;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Reads the responses of vtgate's {@code Vitess/VStream} without a protobuf object per row. The
 * message's bytes are taken into one array; its ROW events are read straight from it: the table
 * name decoded, each row change's images only located (lengths and where the values lie,
 * {@link ScannedRows}), so that the rows decode later over that same array. Every other event is
 * parsed by protobuf from its own bytes, in stream order; so is a row change that carries more
 * than its images (the bitmaps of a partial image, unknown fields).
 *
 * <p>Anything this reader does not take apart itself, or finds malformed, goes to protobuf's own
 * parser for the whole message: groups, a field repeated where protobuf would merge it, a message
 * field in a ROW event where none belongs, a field of unexpected size, invalid UTF-8 in a string.
 * So a message reads as protobuf reads it, or fails as it fails (the call then ends with INTERNAL
 * "Invalid protobuf byte sequence", as with the generated marshaller). Unknown fields are skipped,
 * as protobuf keeps them aside; repeated lengths are read packed or not.
 */
final class VStreamResponseReader implements MethodDescriptor.Marshaller<VStreamMessage> {
  /** {@code Vitess/VStream} with this reader for its responses. */
  static final MethodDescriptor<VStreamRequest, VStreamMessage> VSTREAM = VitessGrpc.getVStreamMethod()
      .toBuilder(VitessGrpc.getVStreamMethod().getRequestMarshaller(), new VStreamResponseReader()).build();

  private static final MethodDescriptor.Marshaller<VStreamResponse> PROTOBUF =
      VitessGrpc.getVStreamMethod().getResponseMarshaller();

  /** VStreamResponse.events (1). */
  private static final int EVENTS = 1 << 3 | WIRE_LENGTH;
  /** VEvent.type (1), timestamp (2), row_event (5), keyspace (22), shard (23). */
  private static final int TYPE = 1 << 3 | WIRE_VARINT;
  private static final int TIMESTAMP = 2 << 3 | WIRE_VARINT;
  private static final int EVENT_KEYSPACE = 22 << 3 | WIRE_LENGTH;
  private static final int EVENT_SHARD = 23 << 3 | WIRE_LENGTH;
  private static final int ROW_EVENT = 5 << 3 | WIRE_LENGTH;
  /** RowEvent.table_name (1), row_changes (2), keyspace (3), shard (4). */
  private static final int TABLE_NAME = 1 << 3 | WIRE_LENGTH;
  private static final int ROW_CHANGES = 2 << 3 | WIRE_LENGTH;
  private static final int ROW_KEYSPACE = 3 << 3 | WIRE_LENGTH;
  private static final int ROW_SHARD = 4 << 3 | WIRE_LENGTH;
  /** RowChange.before (1), after (2). */
  private static final int BEFORE = 1 << 3 | WIRE_LENGTH;
  private static final int AFTER = 2 << 3 | WIRE_LENGTH;

  private VStreamResponseReader() {}

  /**
   * The stub's {@code vStream} with its channel, interceptors and call options (deadline
   * included), but the responses read by this reader.
   */
  static BiConsumer<VStreamRequest, StreamObserver<VStreamMessage>> vStream(VitessGrpc.VitessStub stub) {
    return (request, observer) -> ClientCalls.asyncServerStreamingCall(
        stub.getChannel().newCall(VSTREAM, stub.getCallOptions()), request, observer);
  }

  /** The message's bytes as they came (responses are only read here; this serves gRPC's binary log). */
  @Override
  public InputStream stream(VStreamMessage value) {
    return value.wire() != null ? new ByteArrayInputStream(value.wire()) : PROTOBUF.stream(value.toProto());
  }

  /** Takes the message's bytes into a fresh array and reads them. */
  @Override
  public VStreamMessage parse(InputStream stream) {
    return read(WireScanner.readAll(stream));
  }

  /** Reads a whole message (see the class comment). */
  static VStreamMessage read(byte[] wire) {
    try {
      return new Scan(wire).message();
    } catch (Unusual e) {
      try {
        return VStreamMessage.parsed(VStreamResponse.parseFrom(wire), wire);
      } catch (InvalidProtocolBufferException ipbe) {
        throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(ipbe).asRuntimeException();
      }
    }
  }

  /** Whether {@code tag} is one of VEvent's string fields: gtid, statement, dml, keyspace, shard, throttled_reason. */
  private static boolean isEventString(int tag) {
    if ((tag & 7) != WIRE_LENGTH) {
      return false;
    }
    int field = tag >>> 3;
    return field == 3 || field == 4 || field == 9 || field == 22 || field == 23 || field == 25;
  }

  /** Whether {@code tag} is one of VEvent's message fields other than row_event (which belong to other types). */
  private static boolean isEventMessage(int tag) {
    if ((tag & 7) != WIRE_LENGTH) {
      return false;
    }
    int field = tag >>> 3;
    return field == 6 || field == 7 || field == 8 || field == 21;
  }

  /** One message being read. */
  private static final class Scan {
    private final byte[] wire;
    private final ScannedRows rows;
    private final List<Object> events = new ArrayList<>();
    // The last table name decoded, and where its bytes were: the events of a message name one table.
    private String lastTable;
    private int lastTableFrom;
    private int lastTableTo;
    private String lastKeyspace;
    private int lastKeyspaceFrom;
    private int lastKeyspaceTo;
    private String lastShard;
    private int lastShardFrom;
    private int lastShardTo;

    Scan(byte[] wire) {
      this.wire = wire;
      this.rows = new ScannedRows(wire);
    }

    VStreamMessage message() throws Unusual {
      WireScanner in = new WireScanner(wire, 0, wire.length);
      while (in.more()) {
        int tag = in.tag();
        if (tag == EVENTS) {
          int end = in.lengthEnd();
          events.add(event(in.pos, end));
          in.pos = end;
        } else {
          in.skip(tag); // unknown: protobuf keeps it aside
        }
      }
      return new VStreamMessage(events, wire.length, wire);
    }

    /** The VEvent in {@code [from, to)}: scanned if it is a plain ROW event, else parsed by protobuf. */
    private Object event(int from, int to) throws Unusual {
      WireScanner in = new WireScanner(wire, from, to);
      int type = 0;
      long timestamp = 0;
      int rowEventFrom = -1;
      int rowEventTo = -1;
      int keyspaceFrom = 0;
      int keyspaceTo = 0;
      int shardFrom = 0;
      int shardTo = 0;
      boolean plain = true;
      while (in.more()) {
        int tag = in.tag();
        if (tag == TYPE) {
          type = (int) in.varint(); // an enum reads as int32, the last one counting
        } else if (tag == TIMESTAMP) {
          timestamp = in.varint();
        } else if (tag == EVENT_KEYSPACE) {
          keyspaceTo = in.lengthEnd();
          keyspaceFrom = in.pos;
          in.requireUtf8(keyspaceFrom, keyspaceTo);
          in.pos = keyspaceTo;
        } else if (tag == EVENT_SHARD) {
          shardTo = in.lengthEnd();
          shardFrom = in.pos;
          in.requireUtf8(shardFrom, shardTo);
          in.pos = shardTo;
        } else if (tag == ROW_EVENT) {
          plain &= rowEventFrom < 0; // a second one merges into the first: protobuf's business
          rowEventTo = in.lengthEnd();
          rowEventFrom = in.pos;
          in.pos = rowEventTo;
        } else if (isEventString(tag)) {
          in.skipUtf8();
        } else {
          plain &= !isEventMessage(tag);
          in.skip(tag);
        }
      }
      if (type == VEventType.ROW_VALUE && rowEventFrom >= 0) {
        if (!plain) {
          throw Unusual.INSTANCE;
        }
        ScannedRowEvent event = rowEvent(from, to, rowEventFrom, rowEventTo);
        event.origin(timestamp, keyspace(keyspaceFrom, keyspaceTo), shard(shardFrom, shardTo));
        return event;
      }
      try {
        return VEvent.parser().parseFrom(wire, from, to - from);
      } catch (InvalidProtocolBufferException e) {
        throw Unusual.INSTANCE;
      }
    }

    private ScannedRowEvent rowEvent(int eventFrom, int eventTo, int from, int to) throws Unusual {
      WireScanner in = new WireScanner(wire, from, to);
      int tableFrom = 0;
      int tableTo = 0;
      // The table name comes first as protobuf writes it, but any order is read: changes wait for it.
      List<int[]> changeRanges = null;
      int changesFrom = -1;
      int changesTo = -1;
      while (in.more()) {
        int tag = in.tag();
        if (tag == TABLE_NAME) {
          tableTo = in.lengthEnd();
          tableFrom = in.pos;
          in.pos = tableTo;
        } else if (tag == ROW_CHANGES) {
          int end = in.lengthEnd();
          if (changesFrom < 0) {
            changesFrom = in.pos;
            changesTo = end;
          } else {
            if (changeRanges == null) {
              changeRanges = new ArrayList<>();
            }
            changeRanges.add(new int[] {in.pos, end});
          }
          in.pos = end;
        } else if (tag == ROW_KEYSPACE || tag == ROW_SHARD) {
          in.skipUtf8();
        } else {
          in.skip(tag); // flags, is_internal_table, or unknown
        }
      }
      ScannedRowEvent event = new ScannedRowEvent(wire, eventFrom, eventTo, tableName(in, tableFrom, tableTo),
          rows);
      if (changesFrom >= 0) {
        change(event, changesFrom, changesTo);
        if (changeRanges != null) {
          for (int[] range : changeRanges) {
            change(event, range[0], range[1]);
          }
        }
      }
      return event;
    }

    /** The keyspace in {@code [from, to)}, decoded once for a run of events naming the same one. */
    private String keyspace(int from, int to) {
      if (lastKeyspace == null || !Arrays.equals(wire, from, to, wire, lastKeyspaceFrom, lastKeyspaceTo)) {
        lastKeyspace = new String(wire, from, to - from, StandardCharsets.UTF_8);
        lastKeyspaceFrom = from;
        lastKeyspaceTo = to;
      }
      return lastKeyspace;
    }

    /** The shard in {@code [from, to)}, decoded once for a run of events naming the same one. */
    private String shard(int from, int to) {
      if (lastShard == null || !Arrays.equals(wire, from, to, wire, lastShardFrom, lastShardTo)) {
        lastShard = new String(wire, from, to - from, StandardCharsets.UTF_8);
        lastShardFrom = from;
        lastShardTo = to;
      }
      return lastShard;
    }

    /** The table name in {@code [from, to)}, decoded once for a run of events naming the same table. */
    private String tableName(WireScanner in, int from, int to) throws Unusual {
      if (lastTable == null || !Arrays.equals(wire, from, to, wire, lastTableFrom, lastTableTo)) {
        in.requireUtf8(from, to);
        lastTable = new String(wire, from, to - from, StandardCharsets.UTF_8);
        lastTableFrom = from;
        lastTableTo = to;
      }
      return lastTable;
    }

    /** Locates the images of the RowChange in {@code [from, to)}; a change with more is left to protobuf. */
    private void change(ScannedRowEvent event, int from, int to) throws Unusual {
      WireScanner in = new WireScanner(wire, from, to);
      int before = -1;
      int after = -1;
      boolean more = false;
      while (in.more()) {
        int tag = in.tag();
        if (tag == BEFORE || tag == AFTER) {
          int end = in.lengthEnd();
          if ((tag == BEFORE ? before : after) >= 0) {
            throw Unusual.INSTANCE; // a second image merges into the first: protobuf's business
          }
          int row = in.scanRow(end, rows);
          if (tag == BEFORE) {
            before = row;
          } else {
            after = row;
          }
        } else {
          more = true; // bitmaps, or unknown
          in.skip(tag);
        }
      }
      RowChange parsed = null;
      if (more) {
        try {
          parsed = RowChange.parser().parseFrom(wire, from, to - from);
        } catch (InvalidProtocolBufferException e) {
          throw Unusual.INSTANCE;
        }
      }
      event.addChange(before, after, parsed);
    }
  }
}
