package io.planetscale.cdc.wire.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.QueryResults;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the API records ({@link QueryResult}, {@link Field}, {@link TableCursor}, rows
 * of {@link Value}s) and the generated protobuf messages, in both directions.
 *
 * <p><b>Internal, not API:</b> this class is public only so that the SDK's grpc and testkit
 * modules can share it; it may change in any release. It runs on the row-decoding hot path, so it
 * copies no row's bytes: a decoded row shares the array behind the message's {@code values}
 * (a {@link ByteString} is immutable, and so is the array behind it; see {@code RowBytes}), and
 * keeps each value's place in it rather than a {@link Value} per column
 * ({@link QueryResults#decodeRow(List, long[], int, byte[], int, int)}).
 *
 * <p>Every {@code query.Field} attribute maps to a {@link Field} component; the unsigned 32-bit
 * {@code column_length} and {@code flags} become non-negative {@code long}s.
 * {@code QueryResult}'s {@code rows_affected}, {@code insert_id}, {@code info},
 * {@code session_state_changes} and {@code insert_id_changed} have no record component and are
 * dropped (they are never set on the Sync stream).
 */
public final class ProtoCodec {
  private ProtoCodec() {}

  /**
   * @param proto a {@code query.Field}
   * @return the field
   * @throws IllegalArgumentException if the type number is not a known {@code query.Type}, naming
   *     the field and the number
   */
  public static Field fromProto(io.planetscale.cdc.wire.internal.proto.query.Field proto) {
    VitessType type;
    try {
      type = VitessType.fromCode(proto.getTypeValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field \"" + proto.getName() + "\" has unknown query.Type "
          + proto.getTypeValue(), e);
    }
    return new Field(proto.getName(), type, proto.getTable(), proto.getColumnType(), proto.getCharset(),
        Integer.toUnsignedLong(proto.getFlags()), proto.getOrgTable(), proto.getDatabase(), proto.getOrgName(),
        Integer.toUnsignedLong(proto.getColumnLength()), proto.getDecimals());
  }

  /**
   * @param field a field
   * @return the {@code query.Field}; {@code flags} and {@code columnLength} keep their low 32 bits
   */
  public static io.planetscale.cdc.wire.internal.proto.query.Field toProto(Field field) {
    return io.planetscale.cdc.wire.internal.proto.query.Field.newBuilder()
        .setName(field.name())
        .setTypeValue(field.type().code())
        .setTable(field.table())
        .setOrgTable(field.orgTable())
        .setDatabase(field.database())
        .setOrgName(field.orgName())
        .setColumnLength((int) field.columnLength())
        .setCharset(field.charset())
        .setDecimals(field.decimals())
        .setFlags((int) field.flags())
        .setColumnType(field.columnType())
        .build();
  }

  /**
   * @param protos {@code query.Field}s
   * @return the fields, an unmodifiable list
   * @throws IllegalArgumentException if a type number is unknown
   */
  public static List<Field> fieldsFromProto(List<io.planetscale.cdc.wire.internal.proto.query.Field> protos) {
    Field[] fields = new Field[protos.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = fromProto(protos.get(i));
    }
    return List.of(fields);
  }

  /**
   * Decodes a {@code query.Row} with its fields ({@link QueryResults#decodeRow}).
   *
   * @param fields the columns
   * @param row the row
   * @return the values, an unmodifiable list
   * @throws IllegalArgumentException if the lengths do not fit the fields or the bytes
   */
  public static List<Value> rowFromProto(List<Field> fields, Row row) {
    int n = row.getLengthsCount();
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = row.getLengths(i);
    }
    return RowBytes.decode(fields, lengths, n, row.getValues(), new RowBytes());
  }

  /**
   * Decodes some columns of a row that has a value (or a placeholder) for every field: the values
   * of the columns {@code columns}, in that order, typed by {@code subset} (their fields). The whole
   * row is checked against {@code fields} first, as {@link #rowFromProto} checks it. When the other
   * columns hold no bytes (length -1 or 0), the chosen values lie one after another and are decoded
   * in place; otherwise they are taken from the decoded row one by one.
   *
   * @param fields the columns of the whole row
   * @param subset the fields of {@code columns}
   * @param row the row
   * @param columns the indexes of the columns to keep, ascending
   * @return the values of those columns, an unmodifiable list
   * @throws IllegalArgumentException if the lengths do not fit the fields or the bytes
   */
  public static List<Value> columnsFromProto(List<Field> fields, List<Field> subset, Row row, int[] columns) {
    List<Value> all = rowFromProto(fields, row);
    long[] lengths = new long[columns.length];
    boolean inPlace = true;
    int next = 0;
    for (int i = 0; i < row.getLengthsCount(); i++) {
      long length = row.getLengths(i);
      if (next < columns.length && columns[next] == i) {
        lengths[next++] = length;
      } else if (length > 0) {
        inPlace = false; // bytes between the chosen values (a partial JSON expression)
      }
    }
    if (inPlace && next == columns.length) {
      return RowBytes.decode(subset, lengths, lengths.length, row.getValues(), new RowBytes());
    }
    Value[] picked = new Value[columns.length];
    for (int k = 0; k < columns.length; k++) {
      picked[k] = all.get(columns[k]);
    }
    return List.of(picked);
  }

  /**
   * @param values a row's values
   * @return the {@code query.Row} (lengths, {@code -1} for NULL, and the concatenated bytes)
   */
  public static Row rowToProto(List<Value> values) {
    long[] lengths = new long[values.size()];
    byte[] bytes = QueryResults.encodeRow(values, lengths);
    Row.Builder row = Row.newBuilder();
    for (long length : lengths) {
      row.addLengths(length);
    }
    // The array is fresh and owned by the message from here on, so wrapping it without a copy is safe.
    return row.setValues(UnsafeByteOperations.unsafeWrap(bytes)).build();
  }

  /**
   * @param proto a {@code query.QueryResult}
   * @return the result
   * @throws IllegalArgumentException if a field type is unknown or a row does not fit its fields
   */
  public static QueryResult fromProto(io.planetscale.cdc.wire.internal.proto.query.QueryResult proto) {
    List<Field> fields = fieldsFromProto(proto.getFieldsList());
    int n = proto.getRowsCount();
    List<List<Value>> rows = new ArrayList<>(n);
    long[] lengths = new long[fields.size()]; // reused: a decoded row keeps the values' places, not the lengths
    RowBytes bytes = new RowBytes();
    for (int i = 0; i < n; i++) {
      Row row = proto.getRows(i);
      int count = row.getLengthsCount();
      if (count > lengths.length) {
        rows.add(rowFromProto(fields, row)); // more values than fields: let the general path report it
        continue;
      }
      for (int j = 0; j < count; j++) {
        lengths[j] = row.getLengths(j);
      }
      rows.add(RowBytes.decode(fields, lengths, count, row.getValues(), bytes));
    }
    return new QueryResult(fields, rows);
  }

  /**
   * @param result a result
   * @return the {@code query.QueryResult}
   */
  public static io.planetscale.cdc.wire.internal.proto.query.QueryResult toProto(QueryResult result) {
    io.planetscale.cdc.wire.internal.proto.query.QueryResult.Builder b =
        io.planetscale.cdc.wire.internal.proto.query.QueryResult.newBuilder();
    for (Field field : result.fields()) {
      b.addFields(toProto(field));
    }
    for (List<Value> row : result.rows()) {
      b.addRows(rowToProto(row));
    }
    return b.build();
  }

  /**
   * @param proto a {@code psdbconnect.v1alpha1.TableCursor}
   * @return the cursor; an absent {@code last_known_pk} becomes {@code null}
   * @throws IllegalArgumentException if the last known primary key does not decode
   */
  public static TableCursor fromProto(io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor proto) {
    QueryResult lastKnownPk = proto.hasLastKnownPk() ? fromProto(proto.getLastKnownPk()) : null;
    return new TableCursor(proto.getShard(), proto.getKeyspace(), proto.getPosition(), lastKnownPk);
  }

  /**
   * @param cursor a cursor
   * @return the {@code psdbconnect.v1alpha1.TableCursor}; {@code last_known_pk} is set only when
   *     {@link TableCursor#lastKnownPk()} is not null
   */
  public static io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor toProto(TableCursor cursor) {
    io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor.Builder b =
        io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor.newBuilder()
            .setShard(cursor.shard())
            .setKeyspace(cursor.keyspace())
            .setPosition(cursor.position());
    if (cursor.lastKnownPk() != null) {
      b.setLastKnownPk(toProto(cursor.lastKnownPk()));
    }
    return b.build();
  }
}
