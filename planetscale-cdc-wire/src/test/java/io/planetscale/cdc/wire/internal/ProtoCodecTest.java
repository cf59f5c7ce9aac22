package io.planetscale.cdc.wire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.QueryResult;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.Value;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoCodecTest {
  private static final Field EVERY_ATTRIBUTE =
      new Field("emp_no", VitessType.INT32, "employees", "int", 63, 49667, "employees_o", "ks", "emp_no_o", 11, 0);

  @Test
  void fieldMapsAllElevenAttributes() {
    io.planetscale.cdc.wire.internal.proto.query.Field proto = ProtoCodec.toProto(EVERY_ATTRIBUTE);
    assertThat(proto.getName()).isEqualTo("emp_no");
    assertThat(proto.getTypeValue()).isEqualTo(263);
    assertThat(proto.getTable()).isEqualTo("employees");
    assertThat(proto.getOrgTable()).isEqualTo("employees_o");
    assertThat(proto.getDatabase()).isEqualTo("ks");
    assertThat(proto.getOrgName()).isEqualTo("emp_no_o");
    assertThat(proto.getColumnLength()).isEqualTo(11);
    assertThat(proto.getCharset()).isEqualTo(63);
    assertThat(proto.getDecimals()).isZero();
    assertThat(proto.getFlags()).isEqualTo(49667);
    assertThat(proto.getColumnType()).isEqualTo("int");
    assertThat(ProtoCodec.fromProto(proto)).isEqualTo(EVERY_ATTRIBUTE);
  }

  @Test
  void unsignedThirtyTwoBitAttributesStayPositive() {
    Field big = new Field("b", VitessType.BLOB, "", "longblob", 63, 0xFFFF_FFFFL, "", "", "", 4_294_967_295L, 31);
    Field back = ProtoCodec.fromProto(ProtoCodec.toProto(big));
    assertThat(back.columnLength()).isEqualTo(4_294_967_295L);
    assertThat(back.flags()).isEqualTo(0xFFFF_FFFFL);
    assertThat(back.decimals()).isEqualTo(31);
  }

  @Test
  void unknownTypeNumberNamesFieldAndNumber() {
    io.planetscale.cdc.wire.internal.proto.query.Field proto =
        io.planetscale.cdc.wire.internal.proto.query.Field.newBuilder().setName("weird").setTypeValue(4242).build();
    assertThatThrownBy(() -> ProtoCodec.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"weird\"")
        .hasMessageContaining("4242");
  }

  @Test
  void rowEncodesTheWireExampleBytes() {
    List<Value> row = List.of(Value.of(VitessType.VARCHAR, "a"), Value.NULL, Value.of(VitessType.VARCHAR, "bcd"));
    Row proto = ProtoCodec.rowToProto(row);
    assertThat(HexFormat.of().formatHex(proto.toByteArray())).isEqualTo("0a03020106120461626364");
  }

  @Test
  void rowDecodesFromProtoWithFieldTypesAndCollations() {
    List<Field> fields = List.of(Field.of("a", VitessType.VARCHAR, "varchar(1)", 8), Field.of("b", VitessType.INT64),
        Field.of("c", VitessType.VARBINARY, "varbinary(3)", 63));
    Row proto = Row.newBuilder().addLengths(1).addLengths(-1).addLengths(3)
        .setValues(ByteString.copyFrom("abcd", StandardCharsets.US_ASCII)).build();
    List<Value> row = ProtoCodec.rowFromProto(fields, proto);
    assertThat(row).containsExactly(Value.of(VitessType.VARCHAR, "a"), Value.NULL, Value.of(VitessType.VARBINARY, "bcd"));
    assertThat(row.get(0).charset()).isEqualTo(8);
  }

  @Test
  void rowWithBadLengthsIsRejected() {
    Row proto = Row.newBuilder().addLengths(9).setValues(ByteString.copyFromUtf8("abc")).build();
    assertThatThrownBy(() -> ProtoCodec.rowFromProto(List.of(Field.of("a", VitessType.INT64)), proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[9]");
  }

  @Test
  void queryResultRoundTrips() {
    QueryResult result = new QueryResult(List.of(EVERY_ATTRIBUTE, Field.of("name", VitessType.TEXT, "text", 255)),
        List.of(List.of(Value.of(VitessType.INT32, "10001"), Value.of(VitessType.TEXT, "Georgi")),
            List.of(Value.of(VitessType.INT32, "10002"), Value.NULL),
            List.of(Value.of(VitessType.INT32, "10003"), Value.of(VitessType.TEXT, ""))));
    io.planetscale.cdc.wire.internal.proto.query.QueryResult proto = ProtoCodec.toProto(result);
    assertThat(proto.getRowsCount()).isEqualTo(3);
    assertThat(proto.getRows(1).getLengthsList()).containsExactly(5L, -1L);
    QueryResult back = ProtoCodec.fromProto(proto);
    assertThat(back).isEqualTo(result);
    assertThat(back.rows().get(0).get(1).charset()).isEqualTo(255);
  }

  private static final List<Field> TEXT_AND_BYTES = List.of(Field.of("a", VitessType.VARCHAR, "varchar(200)", 255),
      Field.of("b", VitessType.INT64), Field.of("c", VitessType.VARBINARY, "varbinary(200)", 63));

  private static Row row(ByteString values, long... lengths) {
    Row.Builder b = Row.newBuilder().setValues(values);
    for (long length : lengths) {
      b.addLengths(length);
    }
    return b.build();
  }

  @Test
  void rowsDecodeFromEveryKindOfByteString() {
    String a = "x".repeat(150);
    List<Value> expected = List.of(Value.of(VitessType.VARCHAR, a), Value.NULL, Value.of(VitessType.VARBINARY, "bcd"));
    ByteString flat = ByteString.copyFromUtf8(a + "bcd");
    // Over 128 bytes, concat makes a rope of two pieces: its bytes are copied, not shared.
    ByteString rope = ByteString.copyFromUtf8(a).concat(ByteString.copyFromUtf8("bcd"));
    assertThat(rope.getClass()).isNotEqualTo(flat.getClass());
    // A substring shares its parent's array from an offset.
    ByteString slice = ByteString.copyFromUtf8("##" + a + "bcd##").substring(2, 2 + a.length() + 3);
    ByteString buffer = ByteString.copyFrom(java.nio.ByteBuffer.wrap((a + "bcd").getBytes(StandardCharsets.UTF_8)));
    for (ByteString values : List.of(flat, rope, slice, buffer, com.google.protobuf.UnsafeByteOperations.unsafeWrap(
        java.nio.ByteBuffer.wrap(("##" + a + "bcd").getBytes(StandardCharsets.UTF_8), 2, a.length() + 3)))) {
      Row proto = row(values, a.length(), -1, 3);
      assertThat(ProtoCodec.rowFromProto(TEXT_AND_BYTES, proto)).as(values.getClass().getName()).isEqualTo(expected);
      var result = io.planetscale.cdc.wire.internal.proto.query.QueryResult.newBuilder()
          .addAllFields(TEXT_AND_BYTES.stream().map(ProtoCodec::toProto).toList()).addRows(proto).addRows(proto).build();
      assertThat(ProtoCodec.fromProto(result).rows()).containsExactly(expected, expected);
    }
  }

  @Test
  void aResultsRowsMayHaveFewerValuesThanFieldsButNotMore() {
    var fields = TEXT_AND_BYTES.stream().map(ProtoCodec::toProto).toList();
    var shorter = io.planetscale.cdc.wire.internal.proto.query.QueryResult.newBuilder().addAllFields(fields)
        .addRows(row(ByteString.copyFromUtf8("hi7"), 2, 1)).build();
    assertThat(ProtoCodec.fromProto(shorter).rows())
        .containsExactly(List.of(Value.of(VitessType.VARCHAR, "hi"), Value.of(VitessType.INT64, "7")));
    var longer = io.planetscale.cdc.wire.internal.proto.query.QueryResult.newBuilder().addAllFields(fields)
        .addRows(row(ByteString.copyFromUtf8("abcd"), 1, 1, 1, 1)).build();
    assertThatThrownBy(() -> ProtoCodec.fromProto(longer)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 values but only 3 fields");
  }

  @Test
  void someColumnsOfARowAreDecodedInPlaceOrPickedOneByOne() {
    List<Field> subset = List.of(TEXT_AND_BYTES.get(0), TEXT_AND_BYTES.get(2));
    List<Value> expected = List.of(Value.of(VitessType.VARCHAR, "hi"), Value.of(VitessType.VARBINARY, "bcd"));
    // Column b left out with length -1 (in place) or with bytes of its own in between (picked).
    assertThat(ProtoCodec.columnsFromProto(TEXT_AND_BYTES, subset, row(ByteString.copyFromUtf8("hibcd"), 2, -1, 3),
        new int[] {0, 2})).isEqualTo(expected);
    assertThat(ProtoCodec.columnsFromProto(TEXT_AND_BYTES, subset, row(ByteString.copyFromUtf8("hi{}bcd"), 2, 2, 3),
        new int[] {0, 2})).isEqualTo(expected);
    assertThat(ProtoCodec.columnsFromProto(TEXT_AND_BYTES, subset, row(ByteString.copyFromUtf8("hibcd"), 2, 0, 3),
        new int[] {0, 2})).isEqualTo(expected);
    List<Value> picked = ProtoCodec.columnsFromProto(TEXT_AND_BYTES, subset,
        row(ByteString.copyFromUtf8("hi{}bcd"), 2, 2, 3), new int[] {0, 2});
    assertThat(picked.get(1).charset()).isEqualTo(63);
    // The whole row is checked as rowFromProto checks it, whichever way the columns are read.
    assertThatThrownBy(() -> ProtoCodec.columnsFromProto(TEXT_AND_BYTES, subset,
        row(ByteString.copyFromUtf8("hibcd"), 2, -1, 9), new int[] {0, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row value 2 has length 9");
  }

  @Test
  void tableCursorWithoutPkLeavesItUnset() {
    TableCursor cursor = TableCursor.of("-80", "ks", "current");
    io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor proto = ProtoCodec.toProto(cursor);
    assertThat(proto.hasLastKnownPk()).isFalse();
    assertThat(proto.getPosition()).isEqualTo("current");
    assertThat(ProtoCodec.fromProto(proto)).isEqualTo(cursor);
  }

  @Test
  void tableCursorWithPkRoundTrips() {
    QueryResult pk = new QueryResult(List.of(Field.of("id", VitessType.INT64)), List.of(List.of(Value.of(VitessType.INT64, "42"))));
    TableCursor cursor = new TableCursor("-", "connect-test", "", pk);
    io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor proto = ProtoCodec.toProto(cursor);
    assertThat(proto.hasLastKnownPk()).isTrue();
    assertThat(ProtoCodec.fromProto(proto)).isEqualTo(cursor);
  }
}
