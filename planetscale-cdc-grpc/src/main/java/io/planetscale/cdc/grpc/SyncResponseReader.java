package io.planetscale.cdc.grpc;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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

  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LENGTH = 2;
  private static final int WIRE_FIXED32 = 5;
  /** SyncResponse.result (1), a QueryResult. */
  private static final int RESULT = 1 << 3 | WIRE_LENGTH;
  /** QueryResult.fields (1), rows (4), info (6), session_state_changes (7). */
  private static final int FIELD = 1 << 3 | WIRE_LENGTH;
  private static final int ROW = 4 << 3 | WIRE_LENGTH;
  private static final int INFO = 6 << 3 | WIRE_LENGTH;
  private static final int SESSION_STATE_CHANGES = 7 << 3 | WIRE_LENGTH;
  /** Row.lengths (1, sint64, packed or one per tag) and Row.values (2). */
  private static final int LENGTHS_PACKED = 1 << 3 | WIRE_LENGTH;
  private static final int LENGTH = 1 << 3 | WIRE_VARINT;
  private static final int VALUES = 2 << 3 | WIRE_LENGTH;

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
    byte[] wire;
    try {
      if (stream instanceof KnownLength) {
        int size = stream.available();
        wire = stream.readNBytes(size);
        if (wire.length != size) {
          throw new RuntimeException("size inaccurate: " + size + " != " + wire.length);
        }
      } else {
        wire = stream.readAllBytes();
      }
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
    return read(wire);
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
    Cursor in = new Cursor(wire, 0, wire.length);
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
    Cursor in = new Cursor(wire, from, to);
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
        scanRow(result, in, end);
        in.pos = end;
      } else if (tag == INFO || tag == SESSION_STATE_CHANGES) {
        int end = in.lengthEnd();
        // proto3 strings must be UTF-8: protobuf rejects the message otherwise, so it decides.
        if (end > in.pos && !UnsafeByteOperations.unsafeWrap(wire, in.pos, end - in.pos).isValidUtf8()) {
          throw Unusual.INSTANCE;
        }
        in.pos = end;
      } else {
        in.skip(tag); // rows_affected, insert_id, insert_id_changed, or unknown
      }
    }
    return result;
  }

  /** Reads the row in {@code [in.pos, to)} into {@code result}. */
  private static void scanRow(ScannedResult result, Cursor in, int to) throws Unusual {
    int outerEnd = in.end;
    in.end = to;
    int firstLength = result.lengthCount();
    int valuesOffset = in.pos;
    int valuesSize = 0; // no values field: empty
    while (in.more()) {
      int tag = in.tag();
      if (tag == LENGTHS_PACKED) {
        int end = in.lengthEnd();
        int rowEnd = in.end;
        in.end = end; // a packed varint may not run past its field
        while (in.more()) {
          result.addLength(zigZag(in.varint()));
        }
        in.end = rowEnd;
      } else if (tag == LENGTH) {
        result.addLength(zigZag(in.varint()));
      } else if (tag == VALUES) {
        int end = in.lengthEnd();
        valuesOffset = in.pos; // a repeated singular field: the last one counts, as in protobuf
        valuesSize = end - in.pos;
        in.pos = end;
      } else {
        in.skip(tag);
      }
    }
    result.addRow(firstLength, valuesOffset, valuesSize);
    in.end = outerEnd;
  }

  private static long zigZag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  /** A position in a message's bytes, up to a limit. */
  private static final class Cursor {
    private final byte[] bytes;
    int pos;
    int end;

    Cursor(byte[] bytes, int pos, int end) {
      this.bytes = bytes;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() throws Unusual {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw Unusual.INSTANCE;
        }
        byte b = bytes[pos++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw Unusual.INSTANCE; // more than ten bytes
    }

    /** A tag with a field number and a wire type protobuf knows. */
    int tag() throws Unusual {
      long tag = varint();
      if (tag >>> 3 == 0 || tag > Integer.MAX_VALUE) {
        throw Unusual.INSTANCE;
      }
      return (int) tag;
    }

    /** Reads a length and returns where the field it announces ends. */
    int lengthEnd() throws Unusual {
      long length = varint();
      if (length < 0 || length > end - pos) {
        throw Unusual.INSTANCE;
      }
      return pos + (int) length;
    }

    /** Passes over the value of a field with tag {@code tag}. */
    void skip(int tag) throws Unusual {
      switch (tag & 7) {
        case WIRE_VARINT:
          varint();
          break;
        case WIRE_FIXED64:
          advance(8);
          break;
        case WIRE_LENGTH:
          pos = lengthEnd();
          break;
        case WIRE_FIXED32:
          advance(4);
          break;
        default:
          throw Unusual.INSTANCE; // groups, or no wire type at all
      }
    }

    private void advance(int n) throws Unusual {
      if (n > end - pos) {
        throw Unusual.INSTANCE;
      }
      pos += n;
    }
  }

  /** The message needs protobuf's own parser. Thrown without a stack trace: a decision, not a failure. */
  private static final class Unusual extends Exception {
    private static final long serialVersionUID = 1L;
    static final Unusual INSTANCE = new Unusual();

    private Unusual() {
      super(null, null, false, false);
    }
  }
}
