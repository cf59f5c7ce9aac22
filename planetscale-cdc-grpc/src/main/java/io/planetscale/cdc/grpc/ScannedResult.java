package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.internal.EncodedRows;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code query.QueryResult} of a response as {@link SyncResponseReader} found it in the
 * message's bytes: its fields, parsed, and for each row where its values lie in those bytes and
 * their lengths. {@link #toQueryResult} makes the API result, whose rows stay in the message's bytes
 * ({@link EncodedRows}).
 * Written by the reader on the transport's thread, read on the reading thread after the hand-over.
 */
final class ScannedResult {
  private final byte[] wire;
  private final List<io.planetscale.cdc.wire.internal.proto.query.Field> fields;
  /** Every row's lengths, one row after the other. */
  private long[] lengths = new long[64];
  private int lengthCount;
  /** Per row: where its lengths start in {@link #lengths}, how many, where its values start, how many bytes. */
  private int[] rows = new int[16];
  private int rowCount;

  ScannedResult(byte[] wire, List<io.planetscale.cdc.wire.internal.proto.query.Field> fields) {
    this.wire = wire;
    this.fields = fields;
  }

  void addLength(long length) {
    if (lengthCount == lengths.length) {
      lengths = Arrays.copyOf(lengths, lengths.length * 2);
    }
    lengths[lengthCount++] = length;
  }

  /** Ends a row whose lengths were added since the last row, with its values' place in the message. */
  void addRow(int firstLength, int valuesOffset, int valuesSize) {
    if (4 * rowCount + 4 > rows.length) {
      rows = Arrays.copyOf(rows, rows.length * 2);
    }
    int r = 4 * rowCount++;
    rows[r] = firstLength;
    rows[r + 1] = lengthCount - firstLength;
    rows[r + 2] = valuesOffset;
    rows[r + 3] = valuesSize;
  }

  int lengthCount() {
    return lengthCount;
  }

  int rowCount() {
    return rowCount;
  }

  /**
   * The API result, decoded as {@link ProtoCodec#fromProto(io.planetscale.cdc.wire.internal.proto.query.QueryResult)}
   * decodes the same message.
   *
   * @throws IllegalArgumentException if a field type is unknown or a row does not fit its fields
   */
  QueryResult toQueryResult() {
    List<Field> apiFields = ProtoCodec.fieldsFromProto(fields);
    return new QueryResult(apiFields, EncodedRows.of(apiFields, wire, lengths, rows, rowCount));
  }
}
