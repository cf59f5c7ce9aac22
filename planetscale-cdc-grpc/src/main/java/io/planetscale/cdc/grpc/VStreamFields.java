package io.planetscale.cdc.grpc;

import io.planetscale.cdc.Field;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of one FIELD event, decoded once, and how the table's row images are read against
 * them: full images value for value, partial images (a {@code RowChange.data_columns} bitmap, or
 * a previous image whose -1 lengths the declared {@link BinlogRowImage} says are columns not logged)
 * as the subset of columns present, and ENUM/SET numbers turned into labels when the event says the
 * values are not labels already.
 */
final class VStreamFields {
  private final List<Field> fields;
  private final EnumSetNumbers enumSet;
  private final BinlogRowImage rowImage;
  /** Per column: whether NOBLOB may leave it out of a previous image (BLOB, TEXT, JSON). */
  private final boolean[] blobLike;
  private final int[] allColumns;
  // The last partial column set and its fields: a run of partial images usually shares one.
  private int[] lastPresent;
  private List<Field> lastSubset;

  private VStreamFields(List<Field> fields, EnumSetNumbers enumSet, BinlogRowImage rowImage) {
    this.fields = fields;
    this.enumSet = enumSet;
    this.rowImage = rowImage;
    this.blobLike = new boolean[fields.size()];
    this.allColumns = new int[fields.size()];
    for (int i = 0; i < blobLike.length; i++) {
      VitessType t = fields.get(i).type();
      blobLike[i] = t == VitessType.BLOB || t == VitessType.TEXT || t == VitessType.JSON;
      allColumns[i] = i;
    }
  }

  /**
   * The columns of a FIELD event of a server writing full row images.
   *
   * @throws IllegalArgumentException if a field's type number is unknown
   */
  static VStreamFields of(FieldEvent event) {
    return of(event, BinlogRowImage.FULL);
  }

  /**
   * The columns of a FIELD event of a server writing {@code rowImage} row images.
   *
   * @throws IllegalArgumentException if a field's type number is unknown
   */
  static VStreamFields of(FieldEvent event, BinlogRowImage rowImage) {
    List<Field> fields = ProtoCodec.fieldsFromProto(event.getFieldsList());
    return new VStreamFields(fields, event.getEnumSetStringValues() ? null : EnumSetNumbers.of(fields), rowImage);
  }

  List<Field> fields() {
    return fields;
  }

  /**
   * A full image.
   *
   * @throws IllegalArgumentException if the row does not fit the fields
   */
  List<Value> decode(Row row) {
    List<Value> values = ProtoCodec.rowFromProto(fields, row);
    return enumSet == null ? values : enumSet.convert(values, null);
  }

  /**
   * Reads the row changes of a ROW event found in a message's bytes into {@code transaction}:
   * complete images left in those bytes ({@link #addEncoded}), the others decoded ({@link #addRow}).
   *
   * @throws IllegalArgumentException if an image does not fit the fields
   */
  void addRows(ScannedRowEvent event, VStreamTransaction transaction) {
    for (int i = 0; i < event.changeCount(); i++) {
      RowChange parsed = event.parsed(i);
      if (parsed != null) {
        addRow(parsed, transaction);
      } else if (!addEncoded(event.rows(), event.before(i), event.after(i), transaction)) {
        addRow(event.change(i), transaction);
      }
    }
  }

  /**
   * Reads a row change found in a message's bytes ({@code before}, {@code after}: its images' rows
   * in {@code rows}, -1 for none) into {@code transaction} without decoding it, when its images are
   * complete for sure: no ENUM/SET numbers to turn into labels, and no previous image that a
   * declared row image other than FULL may have left partial. Such a change comes without bitmaps
   * (the reader leaves those to protobuf), so its images carry every column.
   *
   * @return false if the change needs {@link #addRow} instead (nothing was added)
   * @throws IllegalArgumentException if an image does not fit the fields (as {@link #decode} fails)
   */
  boolean addEncoded(ScannedRows rows, int before, int after, VStreamTransaction transaction) {
    if (enumSet != null || (before >= 0 && rowImage != BinlogRowImage.FULL)) {
      return false;
    }
    if (before >= 0 && after >= 0) {
      check(rows, before);
      check(rows, after);
      transaction.addEncodedRow(Operation.UPDATE, fields, rows, after, before);
    } else if (after >= 0) {
      check(rows, after);
      transaction.addEncodedRow(Operation.INSERT, fields, rows, after, -1);
    } else if (before >= 0) {
      check(rows, before);
      transaction.addEncodedRow(Operation.DELETE, fields, rows, before, -1);
    }
    return true;
  }

  /** Fails as {@link io.planetscale.cdc.QueryResults#decodeRow} fails for a row that does not fit the fields. */
  private void check(ScannedRows rows, int row) {
    int count = rows.width(row);
    int first = rows.firstLength(row);
    long[] lengths = rows.lengths();
    if (count > fields.size()) {
      throw new IllegalArgumentException("row has " + count + " values but only " + fields.size()
          + " fields; lengths " + Arrays.toString(Arrays.copyOfRange(lengths, first, first + count)));
    }
    int size = rows.valuesSize(row);
    long remaining = size;
    for (int i = 0; i < count; i++) {
      long length = lengths[first + i];
      if (length == -1) {
        continue;
      }
      if (length < -1 || length > remaining) {
        throw new IllegalArgumentException("row value " + i + " has length " + length + " but only " + remaining
            + " of " + size + " bytes remain; lengths "
            + Arrays.toString(Arrays.copyOfRange(lengths, first, first + count)));
      }
      remaining -= length;
    }
  }

  /**
   * The columns a row change's after image carries, or null when it carries all of them (no
   * bitmaps, or every column present). A column is present when its {@code data_columns} bit is
   * set and its {@code json_partial_values} bit is not: a partial JSON value is an expression to
   * apply to the old document, not the document, so it is left out rather than passed on as one.
   */
  int[] presentColumns(RowChange change) {
    boolean data = change.hasDataColumns();
    boolean json = change.hasJsonPartialValues();
    if (!data && !json) {
      return null;
    }
    int n = fields.size();
    int[] present = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if ((!data || isSet(change.getDataColumns(), i)) && !(json && isSet(change.getJsonPartialValues(), i))) {
        present[count++] = i;
      }
    }
    return count == n ? null : Arrays.copyOf(present, count);
  }

  /**
   * Reads one row change into {@code transaction}: insert = new image, delete = previous image,
   * update = both; complete images with all the columns, partial ones with those present.
   *
   * @throws IllegalArgumentException if an image does not fit the fields
   */
  void addRow(RowChange change, VStreamTransaction transaction) {
    boolean hasBefore = change.hasBefore();
    boolean hasAfter = change.hasAfter();
    if (!hasBefore && !hasAfter) {
      return;
    }
    Operation operation = hasAfter ? (hasBefore ? Operation.UPDATE : Operation.INSERT) : Operation.DELETE;
    int[] present = presentColumns(change);
    if (operation == Operation.UPDATE) {
      addUpdate(change, present, transaction);
      return;
    }
    if (present == null && hasBefore) {
      // A delete's image has no bitmap: the declared row image says which -1 are columns not logged.
      present = loggedIn(change.getBefore());
    }
    if (present == null) {
      List<Value> image = decode(hasAfter ? change.getAfter() : change.getBefore());
      transaction.addRow(operation, fields, null, image, null);
      return;
    }
    List<Value> image = decodePartial(hasAfter ? change.getAfter() : change.getBefore(), present);
    transaction.addRow(operation, subset(present), present, image, null);
  }

  /**
   * An update. A bitmap ({@code present} not null) describes the new image only; the previous image
   * has none: a column the server did not log comes with length -1, like NULL. With a partial new
   * image every such -1 is taken as absent (under NOBLOB, only a blob-like column's); with a complete
   * one the declared row image decides (FULL: none). A value is never invented, at the price of
   * reporting some NULL previous values as absent.
   */
  private void addUpdate(RowChange change, int[] present, VStreamTransaction transaction) {
    int[] beforePresent = present != null ? presentIn(change.getBefore(), present)
        : loggedIn(change.getBefore());
    if (present == null && beforePresent == null) {
      List<Value> before = decode(change.getBefore());
      List<Value> after = decode(change.getAfter());
      transaction.addRow(Operation.UPDATE, fields, null, after, before);
      return;
    }
    List<Value> before = decodePartial(change.getBefore(), beforePresent);
    List<Field> beforeFields = subset(beforePresent);
    if (present == null) {
      List<Value> after = decode(change.getAfter());
      transaction.addRow(Operation.UPDATE, fields, allColumns(), after, before, beforeFields);
      return;
    }
    List<Value> after = decodePartial(change.getAfter(), present);
    transaction.addRow(Operation.UPDATE, subset(present), present, after, before, beforeFields);
  }

  /** Bit {@code i} of a row-change bitmap: byte {@code i/8}, bit {@code i%8} (least significant first). */
  static boolean isSet(RowChange.Bitmap bitmap, int i) {
    if (i >= bitmap.getCount() || i / 8 >= bitmap.getCols().size()) {
      return false;
    }
    return (bitmap.getCols().byteAt(i / 8) >> (i % 8) & 1) != 0;
  }

  /** The fields of the columns {@code present}. */
  List<Field> subset(int[] present) {
    if (!Arrays.equals(present, lastPresent)) {
      Field[] subset = new Field[present.length];
      for (int k = 0; k < present.length; k++) {
        subset[k] = fields.get(present[k]);
      }
      lastPresent = present;
      lastSubset = List.of(subset);
    }
    return lastSubset;
  }

  /** Every column's index, in order: the "present" columns of a complete image delivered as partial. */
  int[] allColumns() {
    return allColumns;
  }

  /**
   * The columns an update's before image carries when the after image is partial: at full width,
   * those whose length is not -1 (the server marks a column it did not log that way, and sends no
   * bitmap for before images), except that under a declared NOBLOB only a BLOB, TEXT or JSON
   * column can be left out, so another column's -1 is NULL; a narrower image is taken to have the
   * after image's columns.
   */
  int[] presentIn(Row before, int[] afterPresent) {
    if (before.getLengthsCount() != fields.size()) {
      return afterPresent;
    }
    int[] present = logged(before);
    return present != null ? present : allColumns;
  }

  /**
   * The columns a previous image (an update's or a delete's) carries when nothing else says so (no
   * bitmap), judged by the declared row image: none left out under FULL; under NOBLOB, the BLOB,
   * TEXT and JSON columns with length -1; under MINIMAL every column with length -1.
   *
   * @return the present columns, or null when the image is to be read as complete (FULL, every
   *     column present, or a row not at full width, which {@link #decode} then rejects)
   */
  int[] loggedIn(Row before) {
    if (rowImage == BinlogRowImage.FULL || before.getLengthsCount() != fields.size()) {
      return null;
    }
    return logged(before);
  }

  /** The columns of a full-width previous image not marked as unlogged; null if that is all of them. */
  private int[] logged(Row before) {
    int width = before.getLengthsCount();
    boolean noblob = rowImage == BinlogRowImage.NOBLOB;
    int[] present = new int[width];
    int count = 0;
    for (int i = 0; i < width; i++) {
      if (before.getLengths(i) >= 0 || (noblob && !blobLike[i])) {
        present[count++] = i;
      }
    }
    return count == width ? null : Arrays.copyOf(present, count);
  }

  /**
   * A partial image: the values of the columns {@code present}. The server sends such a row either
   * at full width, with length -1 for each column left out (which must not be read as NULL) and a
   * partial JSON column's expression in place, or with just the present columns; both are read.
   *
   * @throws IllegalArgumentException if the row has neither width or does not fit the fields
   */
  List<Value> decodePartial(Row row, int[] present) {
    List<Field> subset = subset(present);
    int width = row.getLengthsCount();
    List<Value> values;
    if (width == fields.size()) {
      values = ProtoCodec.columnsFromProto(fields, subset, row, present);
    } else if (width == present.length) {
      values = ProtoCodec.rowFromProto(subset, row);
    } else {
      throw new IllegalArgumentException("a partial row image has " + width + " values, but the table has "
          + fields.size() + " columns of which " + present.length + " are present");
    }
    return enumSet == null ? values : enumSet.convert(values, present);
  }

  /**
   * Whether two field lists describe the same columns: name, type, column type and collation, what
   * a consumer reads values by. Flags and lengths are left out, so that metadata the server fills
   * differently on different paths (copy or replication, tablet switch) is not reported as a change.
   */
  static boolean sameColumns(List<Field> a, List<Field> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Field x = a.get(i);
      Field y = b.get(i);
      if (!x.name().equals(y.name()) || x.type() != y.type() || !x.columnType().equals(y.columnType())
          || x.charset() != y.charset()) {
        return false;
      }
    }
    return true;
  }
}
