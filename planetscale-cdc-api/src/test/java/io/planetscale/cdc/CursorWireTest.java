package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf form of TableCursor; CursorCodecTest holds the Go vectors. */
class CursorWireTest {
  @Test
  void rowExampleOfTheWireReference() {
    // wire-format.md §4.1: lengths [1,-1,3], values "abcd".
    byte[] row = CursorWire.encodeRow(new long[] {1, -1, 3}, "abcd".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(row)).isEqualTo("0a03020106120461626364");
  }

  @Test
  void everyFieldAttributeSurvivesARoundTrip() throws IOException {
    Field field = new Field("id", VitessType.UINT64, "t", "bigint unsigned", 63, 49667L, "t0", "ks", "id0",
        4294967295L, 0);
    QueryResult pk = new QueryResult(List.of(field), List.of(List.of(Value.of(VitessType.UINT64, "18446744073709551615"))));
    TableCursor cursor = new TableCursor("-80", "ks", "MySQL56/u:1-5", pk);
    TableCursor back = CursorWire.decode(CursorWire.encode(cursor));
    assertThat(back).isEqualTo(cursor);
    assertThat(back.lastKnownPk().fields().get(0)).isEqualTo(field);
  }

  @Test
  void nullsInALastKnownPkRoundTrip() throws IOException {
    List<Field> fields = List.of(Field.of("a", VitessType.INT64), Field.of("b", VitessType.VARCHAR));
    QueryResult pk = new QueryResult(fields, List.of(List.of(Value.NULL, Value.of(VitessType.VARCHAR, ""))));
    TableCursor back = CursorWire.decode(CursorWire.encode(new TableCursor("-", "ks", "", pk)));
    assertThat(back.lastKnownPk().rows().get(0).get(0).isNull()).isTrue();
    assertThat(back.lastKnownPk().rows().get(0).get(1).toStringUtf8()).isEmpty();
  }

  @Test
  void unknownFieldsAndUnpackedLengthsAreAccepted() throws IOException {
    // shard "-" (0a 01 2d), an unknown field 9 = 7 (48 07), then last_known_pk (22 11) holding the
    // field {name "id", type INT64} (0a 07 0a0269641089 02) and a row (22 06) whose lengths are
    // written unpacked (08 04 = zigzag 2) with values "42" (12 02 3432).
    byte[] bytes = HexFormat.of().parseHex("0a012d" + "4807" + "2211" + "0a07" + "0a026964108902" + "2206"
        + "0804" + "12023432");
    TableCursor cursor = CursorWire.decode(bytes);
    assertThat(cursor.shard()).isEqualTo("-");
    assertThat(cursor.lastKnownPk().rows()).hasSize(1);
    assertThat(cursor.lastKnownPk().rows().get(0).get(0).toLong()).isEqualTo(42L);
  }

  @Test
  void unknownTypeNumberNamesTheField() {
    // last_known_pk { fields { name: "x" type: 999 } }
    byte[] bytes = HexFormat.of().parseHex("22080a060a01781" + "0e707");
    assertThatThrownBy(() -> CursorWire.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field \"x\"")
        .hasMessageContaining("999");
  }
}
