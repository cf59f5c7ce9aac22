package io.planetscale.cdc.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.planetscale.cdc.grpc.WireScanner.Unusual;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the responses of psdbconnect {@code Connect/Sync} without a protobuf object per row. The
 * message's bytes are taken into one array; its {@code result}s are read straight from it: their
 * {@code fields} parsed by protobuf, their rows only located (each row's lengths and where its
 * values lie), so that the rows decode later over that same array ({@link ScannedResult}). The
 * other fields (cursor, error, updates, deletes) are parsed by protobuf from their own bytes.
 *
 * <p>Anything this reader does not take apart itself, or finds malformed, goes to protobuf's own
 * parser for the whole message: groups, a field of unexpected size, invalid UTF-8 in a string. So
 * a message reads as protobuf reads it, or fails as it fails (the call then ends with INTERNAL
 * "Invalid protobuf byte sequence", as with the generated marshaller). Unknown fields are skipped,
 * as protobuf keeps them aside; repeated lengths are read packed or not.
 */
final class SyncResponseReader implements MethodDescriptor.Marshaller<SyncMessage> {
  /** {@code Connect/Sync} with this reader for its responses. */
  static final MethodDescriptor<SyncRequest, SyncMessage> SYNC = ConnectGrpc.getSyncMethod()
      .toBuilder(ConnectGrpc.getSyncMethod().getRequestMarshaller(), new SyncResponseReader()).build();

  private static final MethodDescriptor.Marshaller<SyncResponse> PROTOBUF =
      ConnectGrpc.getSyncMethod().getResponseMarshaller();

  /** SyncResponse.result (1), a QueryResult. */
  private static final int RESULT = 1 << 3 | WireScanner.WIRE_LENGTH;
  /** QueryResult.fields (1), rows (4), info (6), session_state_changes (7). */
  private static final int FIELD = 1 << 3 | WireScanner.WIRE_LENGTH;
  private static final int ROW = 4 << 3 | WireScanner.WIRE_LENGTH;
  private static final int INFO = 6 << 3 | WireScanner.WIRE_LENGTH;
  private static final int SESSION_STATE_CHANGES = 7 << 3 | WireScanner.WIRE_LENGTH;

  private SyncResponseReader() {}

  /** The message's bytes as they came (responses are only read here; this serves gRPC's binary log). */
  @Override
  public InputStream stream(SyncMessage value) {
    return value.wire() != null ? new ByteArrayInputStream(value.wire()) : PROTOBUF.stream(value.rest());
  }

  /**
   * Takes the message's bytes into a fresh array (gRPC hands over a stream that knows its length,
   * or a decompressing one that does not) and reads them.
   */
  @Override
  public SyncMessage parse(InputStream stream) {
    return read(WireScanner.readAll(stream));
  }

  /** Reads a whole message (see the class comment). */
  static SyncMessage read(byte[] wire) {
    try {
      return scan(wire);
    } catch (Unusual e) {
      try {
        return SyncMessage.parsed(SyncResponse.parseFrom(wire), wire.length, wire);
      } catch (InvalidProtocolBufferException ipbe) {
        throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(ipbe).asRuntimeException();
      }
    }
  }

  private static SyncMessage scan(byte[] wire) throws Unusual {
    WireScanner in = new WireScanner(wire, 0, wire.length);
    List<ScannedResult> results = new ArrayList<>(1);
    List<int[]> rest = new ArrayList<>(2);
    int restSize = 0;
    while (in.more()) {
      int start = in.pos;
      int tag = in.tag();
      if (tag == RESULT) {
        int end = in.lengthEnd();
        results.add(scanResult(wire, in.pos, end));
        in.pos = end;
      } else {
        in.skip(tag);
        rest.add(new int[] {start, in.pos});
        restSize += in.pos - start;
      }
    }
    SyncResponse others;
    try {
      if (rest.isEmpty()) {
        others = SyncResponse.getDefaultInstance();
      } else if (rest.size() == 1) {
        others = SyncResponse.parser().parseFrom(wire, rest.get(0)[0], restSize);
      } else {
        byte[] joined = new byte[restSize];
        int at = 0;
        for (int[] range : rest) {
          System.arraycopy(wire, range[0], joined, at, range[1] - range[0]);
          at += range[1] - range[0];
        }
        others = SyncResponse.parseFrom(joined); // in their order, so repeated and merged fields read as they would
      }
    } catch (InvalidProtocolBufferException e) {
      throw Unusual.INSTANCE;
    }
    return new SyncMessage(others, results, wire.length, wire);
  }

  private static ScannedResult scanResult(byte[] wire, int from, int to) throws Unusual {
    WireScanner in = new WireScanner(wire, from, to);
    List<Field> fields = new ArrayList<>();
    ScannedResult result = new ScannedResult(wire, fields);
    while (in.more()) {
      int tag = in.tag();
      if (tag == FIELD) {
        int end = in.lengthEnd();
        try {
          fields.add(Field.parser().parseFrom(wire, in.pos, end - in.pos));
        } catch (InvalidProtocolBufferException e) {
          throw Unusual.INSTANCE;
        }
        in.pos = end;
      } else if (tag == ROW) {
        int end = in.lengthEnd();
        in.scanRow(end, result.rows());
      } else if (tag == INFO || tag == SESSION_STATE_CHANGES) {
        in.skipUtf8();
      } else {
        in.skip(tag); // rows_affected, insert_id, insert_id_changed, or unknown
      }
    }
    return result;
  }
}
