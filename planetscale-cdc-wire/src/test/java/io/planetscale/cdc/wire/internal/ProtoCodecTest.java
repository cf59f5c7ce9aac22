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
