package io.planetscale.cdc.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.KnownLength;
import java.io.IOException;
import java.io.InputStream;

/**
 * A position in a protobuf message's bytes, up to a limit, with what the response readers
 * ({@link SyncResponseReader}, {@link VStreamResponseReader}) need to walk the wire format
 * themselves: varints, tags, lengths, skipping a field, and locating a {@code query.Row}. Whatever
 * it does not know, or finds malformed, it answers with {@link Unusual}: the reader then leaves the
 * whole message to protobuf's own parser.
 */
final class WireScanner {
  static final int WIRE_VARINT = 0;
  static final int WIRE_FIXED64 = 1;
  static final int WIRE_LENGTH = 2;
  static final int WIRE_FIXED32 = 5;
  /** Row.lengths (1, sint64, packed or one per tag) and Row.values (2). */
  private static final int ROW_LENGTHS_PACKED = 1 << 3 | WIRE_LENGTH;
  private static final int ROW_LENGTH = 1 << 3 | WIRE_VARINT;
  private static final int ROW_VALUES = 2 << 3 | WIRE_LENGTH;

  private final byte[] bytes;
  int pos;
  int end;

  WireScanner(byte[] bytes, int pos, int end) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  /**
   * Takes a message's bytes into a fresh array (gRPC hands over a stream that knows its length, or
   * a decompressing one that does not).
   */
  static byte[] readAll(InputStream stream) {
    try {
      if (stream instanceof KnownLength) {
        int size = stream.available();
        byte[] wire = stream.readNBytes(size);
        if (wire.length != size) {
          throw new RuntimeException("size inaccurate: " + size + " != " + wire.length);
        }
        return wire;
      }
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
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

  /**
   * Passes over a length-delimited string field's value, which must be UTF-8: proto3 rejects the
   * message otherwise, so protobuf decides.
   */
  void skipUtf8() throws Unusual {
    int stringEnd = lengthEnd();
    requireUtf8(pos, stringEnd);
    pos = stringEnd;
  }

  /** Checks that {@code [from, to)} is UTF-8 (ASCII checked here, anything else by protobuf). */
  void requireUtf8(int from, int to) throws Unusual {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        if (!UnsafeByteOperations.unsafeWrap(bytes, i, to - i).isValidUtf8()) {
          throw Unusual.INSTANCE;
        }
        return;
      }
    }
  }

  /**
   * Locates the {@code query.Row} in {@code [pos, to)} in {@code into} and moves past it: its
   * lengths (packed or not, several packed runs joined as protobuf joins them) and its values (the
   * last {@code values} field counts, as in protobuf); unknown fields are skipped.
   *
   * @return the row's index in {@code into}
   */
  int scanRow(int to, ScannedRows into) throws Unusual {
    int outerEnd = end;
    end = to;
    int firstLength = into.lengthCount();
    int valuesOffset = pos;
    int valuesSize = 0; // no values field: empty
    while (more()) {
      int tag = tag();
      if (tag == ROW_LENGTHS_PACKED) {
        int packedEnd = lengthEnd();
        end = packedEnd; // a packed varint may not run past its field
        while (more()) {
          into.addLength(zigZag(varint()));
        }
        end = to;
      } else if (tag == ROW_LENGTH) {
        into.addLength(zigZag(varint()));
      } else if (tag == ROW_VALUES) {
        int valuesEnd = lengthEnd();
        valuesOffset = pos;
        valuesSize = valuesEnd - pos;
        pos = valuesEnd;
      } else {
        skip(tag);
      }
    }
    end = outerEnd;
    return into.addRow(firstLength, valuesOffset, valuesSize);
  }

  private static long zigZag(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private void advance(int n) throws Unusual {
    if (n > end - pos) {
      throw Unusual.INSTANCE;
    }
    pos += n;
  }

  /** The message needs protobuf's own parser. Thrown without a stack trace: a decision, not a failure. */
  static final class Unusual extends Exception {
    private static final long serialVersionUID = 1L;
    static final Unusual INSTANCE = new Unusual();

    private Unusual() {
      super(null, null, false, false);
    }
  }
}
