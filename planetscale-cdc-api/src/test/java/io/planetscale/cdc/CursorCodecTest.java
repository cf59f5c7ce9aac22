package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link CursorCodec} against every vector of reference-behavior.md §0.1. */
class CursorCodecTest {

  private static QueryResult pk(String name, String value) {
    return new QueryResult(List.of(Field.of(name, VitessType.INT64)),
        List.of(List.of(Value.of(VitessType.INT64, value))));
  }

  static Stream<Arguments> goVectors() {
    return Stream.of(
        Arguments.of(TableCursor.of("-", "SalesDB", ""), "CgEtEgdTYWxlc0RC"),
        Arguments.of(TableCursor.of("-40", "SalesDB", ""), "CgMtNDASB1NhbGVzREI="),
        Arguments.of(TableCursor.of("", "", "THIS_IS_A_VALID_GTID"), "GhRUSElTX0lTX0FfVkFMSURfR1RJRA=="),
        Arguments.of(TableCursor.of("-", "import-on-scaler", ""), "CgEtEhBpbXBvcnQtb24tc2NhbGVy"),
        Arguments.of(TableCursor.of("-", "connect-test", ""), "CgEtEgxjb25uZWN0LXRlc3Q="),
        Arguments.of(new TableCursor("-", "connect-test", "", pk("id", "42")),
            "CgEtEgxjb25uZWN0LXRlc3QiEgoHCgJpZBCJAiIHCgEEEgI0Mg=="),
        Arguments.of(new TableCursor("40-80", "connect", "THIS_IS_A_GTID", pk("emp_no", "49999")),
            "CgU0MC04MBIHY29ubmVjdBoOVEhJU19JU19BX0dUSUQiGQoLCgZlbXBfbm8QiQIiCgoBChIFNDk5OTk="));
  }

  @ParameterizedTest
  @MethodSource("goVectors")
  void encodesByteIdenticalToGo(TableCursor cursor, String expected) {
    assertThat(CursorCodec.encode(cursor)).isEqualTo(expected);
    assertThat(SerializedCursor.of(cursor).cursor()).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("goVectors")
  void decodesGoCursors(TableCursor expected, String text) {
    assertThat(CursorCodec.decode(text, null, null)).isEqualTo(expected);
    assertThat(new SerializedCursor(text).toTableCursor()).isEqualTo(expected);
  }

  @Test
  void absentLastKnownPkDecodesToNull() {
    TableCursor c = CursorCodec.decode("CgEtEgdTYWxlc0RC", null, null);
    assertThat(c.lastKnownPk()).isNull();
    assertThat(c.isCopying()).isFalse();
  }

  @Test
  void roundTripsAPrimaryKeyWithEveryFieldAttributeAndANull() {
    Field id = new Field("id", VitessType.UINT64, "users", "bigint unsigned", 63, 49667, "users_orig", "ks", "id_orig", 20, 0);
    Field name = new Field("name", VitessType.VARCHAR, "users", "varchar(120)", 255, 0, "", "", "", 480, 0);
    QueryResult lastPk = new QueryResult(List.of(id, name),
        List.of(List.of(Value.of(VitessType.UINT64, "18446744073709551615"), Value.NULL)));
    TableCursor cursor = new TableCursor("-80", "ks", "MySQL56/3e11fa47-71ca-11e1-9e33-c80aa9429562:1-42", lastPk);
    String text = CursorCodec.encode(cursor);
    TableCursor back = CursorCodec.decode(text, "users", "-80");
    assertThat(back).isEqualTo(cursor);
    assertThat(back.lastKnownPk().fields()).containsExactly(id, name);
    assertThat(CursorCodec.encode(back)).isEqualTo(text);
  }

  @Test
  void presentButEmptyLastKnownPkRoundTrips() {
    TableCursor cursor = new TableCursor("-", "ks", "", QueryResult.of(List.of()));
    String text = CursorCodec.encode(cursor);
    assertThat(Base64.getDecoder().decode(text)).endsWith(0x22, 0x00);
    assertThat(CursorCodec.decode(text, null, null).lastKnownPk()).isEqualTo(QueryResult.of(List.of()));
  }

  @Test
  void badBase64NamesStreamAndShard() {
    assertThatThrownBy(() -> CursorCodec.decode("not base64!", "users", "-80"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("stream \"users\" shard \"-80\": unable to decode table cursor: ");
  }

  @Test
  void badBase64WithoutStreamHasNoPrefix() {
    assertThatThrownBy(() -> new SerializedCursor("%%%").toTableCursor())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("unable to decode table cursor: ");
  }

  @Test
  void badProtobufNamesStreamAndShard() {
    String garbage = Base64.getEncoder().encodeToString(new byte[] {0x0A, 0x10, 'x'}); // truncated string field
    assertThatThrownBy(() -> new SerializedCursor(garbage).toTableCursor("orders", "40-80"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("stream \"orders\" shard \"40-80\": unable to deserialize table cursor: ");
  }

  @Test
  void unknownFieldTypeInCursorIsADeserializeError() {
    // last_known_pk { fields { name: "id" type: 9999 } }
    byte[] bytes = {0x22, 0x09, 0x0A, 0x07, 0x0A, 0x02, 'i', 'd', 0x10, (byte) 0x8F, 0x4E};
    assertThatThrownBy(() -> CursorCodec.decode(Base64.getEncoder().encodeToString(bytes), "s", "x"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("stream \"s\" shard \"x\": unable to deserialize table cursor: ")
        .hasMessageContaining("\"id\"")
        .hasMessageContaining("9999");
  }
}
