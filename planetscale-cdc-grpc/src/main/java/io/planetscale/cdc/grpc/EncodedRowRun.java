package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.internal.EncodedRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows gathered into one result from the messages' bytes ({@link ScannedRows}) without decoding
 * them: a run of row changes of one operation. A run usually lies in one message and its rows then
 * stay in that message's bytes; a run that spans messages (a transaction sent in several
 * responses) has its rows' bytes copied into one array when it is delivered.
 */
final class EncodedRowRun {
  /** The rows of earlier messages, one segment per message. */
  private List<Segment> earlier;
  private ScannedRows source;
  /** Four numbers per row, as {@link EncodedRows#of} takes them, pointing into {@link #source}. */
  private int[] rows = new int[16];
  private int count;

  /** Adds row {@code row} of {@code from}. */
  void add(ScannedRows from, int row) {
    if (from != source) {
      if (count > 0) {
        if (earlier == null) {
          earlier = new ArrayList<>(2);
        }
        earlier.add(new Segment(source, Arrays.copyOf(rows, 4 * count), count));
        count = 0;
      }
      source = from;
    }
    if (4 * count + 4 > rows.length) {
      rows = Arrays.copyOf(rows, rows.length * 2);
    }
    System.arraycopy(from.rows(), 4 * row, rows, 4 * count, 4);
    count++;
  }

  /**
   * The rows, as {@link EncodedRows} over the bytes they came in.
   *
   * @throws IllegalArgumentException if a row does not fit {@code fields}
   */
  EncodedRows toRows(List<Field> fields) {
    if (earlier == null) {
      return EncodedRows.of(fields, source.wire(), source.lengths(), rows, count);
    }
    List<Segment> all = new ArrayList<>(earlier);
    all.add(new Segment(source, rows, count));
    int bytes = 0;
    int lengthCount = 0;
    int rowCount = 0;
    for (Segment s : all) {
      for (int r = 0; r < s.count(); r++) {
        lengthCount += s.rows()[4 * r + 1];
        bytes += s.rows()[4 * r + 3];
      }
      rowCount += s.count();
    }
    byte[] buffer = new byte[bytes];
    long[] lengths = new long[lengthCount];
    int[] joined = new int[4 * rowCount];
    int atByte = 0;
    int atLength = 0;
    int atRow = 0;
    for (Segment s : all) {
      for (int r = 0; r < s.count(); r++, atRow++) {
        int[] q = s.rows();
        System.arraycopy(s.source().lengths(), q[4 * r], lengths, atLength, q[4 * r + 1]);
        System.arraycopy(s.source().wire(), q[4 * r + 2], buffer, atByte, q[4 * r + 3]);
        joined[4 * atRow] = atLength;
        joined[4 * atRow + 1] = q[4 * r + 1];
        joined[4 * atRow + 2] = atByte;
        joined[4 * atRow + 3] = q[4 * r + 3];
        atLength += q[4 * r + 1];
        atByte += q[4 * r + 3];
      }
    }
    return EncodedRows.of(fields, buffer, lengths, joined, rowCount);
  }

  /** Rows of one message. */
  private record Segment(ScannedRows source, int[] rows, int count) {}
}
