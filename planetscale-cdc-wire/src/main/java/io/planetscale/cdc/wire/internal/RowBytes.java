package io.planetscale.cdc.wire.internal;

import com.google.protobuf.ByteOutput;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResults;
import io.planetscale.cdc.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Finds the array behind a row's {@code values} so that the row can be decoded without copying it:
 * {@link UnsafeByteOperations#unsafeWriteTo} hands over a {@link ByteString}'s own array when it
 * has one. That is safe to keep because a {@code ByteString} never changes, and neither does the
 * array behind it (gRPC's parser copies every {@code bytes} field into an array of its own); the
 * decoded values only read it. A {@code ByteString} made of several pieces or of a buffer is
 * copied instead, as before. One instance serves the rows of one result, on one thread.
 */
final class RowBytes extends ByteOutput {
  private byte[] array;
  private int offset;
  private int length;
  /** How the bytes arrived: 1 = exactly one array to share; anything else = copy them. */
  private int pieces;

  /**
   * Decodes a row with {@link QueryResults#decodeRow(List, long[], int, byte[], int, int)},
   * sharing the array behind {@code values} when it has exactly one.
   */
  static List<Value> decode(List<Field> fields, long[] lengths, int count, ByteString values, RowBytes scratch) {
    scratch.array = null;
    scratch.pieces = 0;
    try {
      UnsafeByteOperations.unsafeWriteTo(values, scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // this output throws none
    }
    if (scratch.pieces == 1) {
      byte[] shared = scratch.array;
      scratch.array = null; // not kept beyond the row
      return QueryResults.decodeRow(fields, lengths, count, shared, scratch.offset, scratch.length);
    }
    byte[] copy = values.toByteArray();
    return QueryResults.decodeRow(fields, lengths, count, copy, 0, copy.length);
  }

  @Override
  public void writeLazy(byte[] value, int off, int len) {
    if (pieces++ == 0) {
      array = value;
      offset = off;
      length = len;
    }
  }

  // Bytes handed over for copying (the caller may reuse them) or as a buffer: not shared; copy the row.

  @Override
  public void write(byte value) {
    pieces = 2;
  }

  @Override
  public void write(byte[] value, int off, int len) {
    pieces = 2;
  }

  @Override
  public void write(ByteBuffer value) {
    pieces = 2;
  }

  @Override
  public void writeLazy(ByteBuffer value) {
    pieces = 2;
  }
}
