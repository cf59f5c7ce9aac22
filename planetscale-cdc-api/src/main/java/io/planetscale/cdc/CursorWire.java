package io.planetscale.cdc;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf binary form of {@code psdbconnect.v1alpha1.TableCursor} (with its
 * {@code query.QueryResult}, {@code Field} and {@code Row}), written by hand on protobuf-java's
 * coded streams so that the api module carries no generated classes. Like Go's marshaller and
 * protobuf-java's generated code it writes fields in number order and omits proto3 defaults, so
 * the bytes are identical; the grpc module's tests check that against the generated messages.
 */
final class CursorWire {
  // TableCursor
  private static final int CURSOR_SHARD = 1;
  private static final int CURSOR_KEYSPACE = 2;
  private static final int CURSOR_POSITION = 3;
  private static final int CURSOR_LAST_KNOWN_PK = 4;
  // QueryResult (2 rows_affected, 3 insert_id, 6.. are never set in a cursor; skipped on read)
  private static final int RESULT_FIELDS = 1;
  private static final int RESULT_ROWS = 4;
  // Row
  private static final int ROW_LENGTHS = 1;
  private static final int ROW_VALUES = 2;

  private CursorWire() {}

  static byte[] encode(TableCursor cursor) {
    return write(out -> {
      writeString(out, CURSOR_SHARD, cursor.shard());
      writeString(out, CURSOR_KEYSPACE, cursor.keyspace());
      writeString(out, CURSOR_POSITION, cursor.position());
      if (cursor.lastKnownPk() != null) {
        out.writeByteArray(CURSOR_LAST_KNOWN_PK, encodeResult(cursor.lastKnownPk()));
      }
    });
  }

  /**
   * @throws IOException if the bytes are not a TableCursor (protobuf-java's
   *     InvalidProtocolBufferException)
   * @throws IllegalArgumentException if a field's type number or a row's lengths are invalid
   */
  static TableCursor decode(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    String shard = "";
    String keyspace = "";
    String position = "";
    QueryResult lastKnownPk = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (CURSOR_SHARD << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          shard = in.readStringRequireUtf8();
          break;
        case (CURSOR_KEYSPACE << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          keyspace = in.readStringRequireUtf8();
          break;
        case (CURSOR_POSITION << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          position = in.readStringRequireUtf8();
          break;
        case (CURSOR_LAST_KNOWN_PK << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED:
          lastKnownPk = decodeResult(in.readByteArray());
          break;
        default:
          in.skipField(tag);
      }
    }
    return new TableCursor(shard, keyspace, position, lastKnownPk);
  }

  static byte[] encodeResult(QueryResult result) {
    return write(out -> {
      for (Field f : result.fields()) {
        out.writeByteArray(RESULT_FIELDS, encodeField(f));
      }
      for (List<Value> row : result.rows()) {
        long[] lengths = new long[row.size()];
        byte[] values = QueryResults.encodeRow(row, lengths);
        out.writeByteArray(RESULT_ROWS, encodeRow(lengths, values));
      }
    });
  }

  /** A {@code query.Row}: lengths packed as ZigZag varints (-1 = NULL), then the values. */
  static byte[] encodeRow(long[] lengths, byte[] values) {
    return write(out -> {
      if (lengths.length > 0) {
        int size = 0;
        for (long l : lengths) {
          size += CodedOutputStream.computeSInt64SizeNoTag(l);
        }
        out.writeTag(ROW_LENGTHS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(size);
        for (long l : lengths) {
          out.writeSInt64NoTag(l);
        }
      }
      if (values.length > 0) {
        out.writeByteArray(ROW_VALUES, values);
      }
    });
  }

  private static byte[] encodeField(Field f) {
    return write(out -> {
      writeString(out, 1, f.name());
      if (f.type().code() != 0) {
        out.writeEnum(2, f.type().code());
      }
      writeString(out, 3, f.table());
      writeString(out, 4, f.orgTable());
      writeString(out, 5, f.database());
      writeString(out, 6, f.orgName());
      writeUInt32(out, 7, f.columnLength());
      writeUInt32(out, 8, f.charset());
      writeUInt32(out, 9, f.decimals());
      writeUInt32(out, 10, f.flags());
      writeString(out, 11, f.columnType());
    });
  }

  private static QueryResult decodeResult(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<Field> fields = new ArrayList<>();
    List<byte[]> rows = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == ((RESULT_FIELDS << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        fields.add(decodeField(in.readByteArray()));
      } else if (tag == ((RESULT_ROWS << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        rows.add(in.readByteArray()); // decoded once all fields are known: fields may follow rows
      } else {
        in.skipField(tag);
      }
    }
    List<List<Value>> decoded = new ArrayList<>(rows.size());
    for (byte[] row : rows) {
      decoded.add(decodeRow(fields, row));
    }
    return new QueryResult(fields, decoded);
  }

  private static List<Value> decodeRow(List<Field> fields, byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long[] lengths = new long[8];
    int count = 0;
    byte[] values = new byte[0];
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == ((ROW_LENGTHS << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
          lengths = grow(lengths, count);
          lengths[count++] = in.readSInt64();
        }
        in.popLimit(limit);
      } else if (tag == ((ROW_LENGTHS << 3) | WireFormat.WIRETYPE_VARINT)) {
        // Parsers must accept unpacked repeated scalars too.
        lengths = grow(lengths, count);
        lengths[count++] = in.readSInt64();
      } else if (tag == ((ROW_VALUES << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
        values = in.readByteArray();
      } else {
        in.skipField(tag);
      }
    }
    long[] exact = new long[count];
    System.arraycopy(lengths, 0, exact, 0, count);
    return QueryResults.decodeRow(fields, exact, values);
  }

  private static Field decodeField(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    String name = "";
    int type = 0;
    String[] text = {"", "", "", "", ""}; // table, org_table, database, org_name, column_type
    long columnLength = 0;
    long charset = 0;
    long decimals = 0;
    long flags = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int number = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED && (number == 1 || (number >= 3 && number <= 6)
          || number == 11)) {
        String s = in.readStringRequireUtf8();
        if (number == 1) {
          name = s;
        } else {
          text[number == 11 ? 4 : number - 3] = s;
        }
      } else if (wireType == WireFormat.WIRETYPE_VARINT && number == 2) {
        type = in.readEnum();
      } else if (wireType == WireFormat.WIRETYPE_VARINT && number >= 7 && number <= 10) {
        long v = Integer.toUnsignedLong(in.readUInt32());
        if (number == 7) {
          columnLength = v;
        } else if (number == 8) {
          charset = v;
        } else if (number == 9) {
          decimals = v;
        } else {
          flags = v;
        }
      } else {
        in.skipField(tag);
      }
    }
    VitessType vitessType;
    try {
      vitessType = VitessType.fromCode(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field \"" + name + "\": " + e.getMessage(), e);
    }
    return new Field(name, vitessType, text[0], text[4], (int) charset, flags, text[1], text[2], text[3],
        columnLength, (int) decimals);
  }

  private static long[] grow(long[] array, int count) {
    if (count < array.length) {
      return array;
    }
    long[] bigger = new long[array.length * 2];
    System.arraycopy(array, 0, bigger, 0, count);
    return bigger;
  }

  private static void writeString(CodedOutputStream out, int number, String value) throws IOException {
    if (!value.isEmpty()) {
      out.writeString(number, value);
    }
  }

  private static void writeUInt32(CodedOutputStream out, int number, long value) throws IOException {
    if (value != 0) {
      out.writeUInt32(number, (int) value);
    }
  }

  private interface Body {
    void writeTo(CodedOutputStream out) throws IOException;
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      body.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }
}
