package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated, oversized, unknown and misplaced input: each rejected with the message type and the offset. */
class PgOutputMalformedInputTest {
  private static final Instant TIME = Instant.parse("2026-12-01T22:00:00Z");

  /** One valid message of every type (names as errors give them), decoded by a v4 parallel decoder. */
  private static Map<String, byte[]> samples() {
    Map<String, byte[]> samples = new LinkedHashMap<>();
    samples.put("Begin ('B')", PgOutputBytes.type('B').int64(1).timestamp(TIME).int32(2).bytes());
    samples.put("Commit ('C')", PgOutputBytes.type('C').int8(0).int64(1).int64(2).timestamp(TIME).bytes());
    samples.put("Origin ('O')", PgOutputBytes.type('O').int64(1).string("origin").bytes());
    samples.put("Relation ('R')", PgOutputBytes.type('R').int32(1).string("s").string("t").int8('d').int16(2)
        .int8(1).string("a").int32(23).int32(-1).int8(0).string("b").int32(25).int32(-1).bytes());
    samples.put("Type ('Y')", PgOutputBytes.type('Y').int32(1).string("s").string("mood").bytes());
    samples.put("Insert ('I')", PgOutputBytes.type('I').int32(1).int8('N').tuple("1", null, "xyz").bytes());
    samples.put("Update ('U')", PgOutputBytes.type('U').int32(1).int8('O').tuple("1", "a").int8('N')
        .tuple("1", TupleValue.UNCHANGED_TOAST).bytes());
    samples.put("Delete ('D')", PgOutputBytes.type('D').int32(1).int8('K').tuple("1", null).bytes());
    samples.put("Truncate ('T')", PgOutputBytes.type('T').int32(2).int8(1).int32(1).int32(2).bytes());
    samples.put("Message ('M')", PgOutputBytes.type('M').int8(1).int64(1).string("p").int32(3)
        .raw(new byte[] {1, 2, 3}).bytes());
    samples.put("Stream Start ('S')", PgOutputBytes.type('S').int32(1).int8(1).bytes());
    samples.put("Stream Commit ('c')", PgOutputBytes.type('c').int32(1).int8(0).int64(1).int64(2).timestamp(TIME)
        .bytes());
    samples.put("Stream Abort ('A')", PgOutputBytes.type('A').int32(1).int32(1).int64(5).timestamp(TIME).bytes());
    return samples;
  }

  @Test
  void everySampleIsValid() {
    samples().values().forEach(bytes -> new PgOutputDecoder(4, true).decode(ByteBuffer.wrap(bytes)));
  }

  @Test
  void rejectsEveryTruncationOfEveryMessageNamingTypeAndOffset() {
    samples().forEach((name, bytes) -> {
      for (int length = 1; length < bytes.length; length++) {
        byte[] prefix = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> new PgOutputDecoder(4, true).decode(ByteBuffer.wrap(prefix)))
            .as("%s cut to %d of %d bytes", name, length, bytes.length)
            .isInstanceOf(PgOutputFormatException.class)
            .hasMessageStartingWith("pgoutput " + name + ": truncated at offset ");
      }
    });
  }

  @Test
  void rejectsTruncatedMessagesInsideAStreamBlock() {
    byte[] insert = PgOutputBytes.type('I').int32(9).int32(1).int8('N').tuple("1").bytes();
    for (int length = 1; length < insert.length; length++) {
      PgOutputDecoder decoder = new PgOutputDecoder(2, false);
      decoder.decode(PgOutputBytes.type('S').int32(9).int8(1).buffer());
      byte[] prefix = Arrays.copyOf(insert, length);
      assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(prefix)))
          .isInstanceOf(PgOutputFormatException.class)
          .hasMessageStartingWith("pgoutput Insert ('I'): truncated at offset ");
    }
  }

  @Test
  void namesTheFieldAndOffsetOfATruncation() {
    byte[] begin = PgOutputBytes.type('B').int64(1).timestamp(TIME).int16(0).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(begin)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Begin ('B'): truncated at offset 17: xid needs 4 byte(s), 2 remain");
    byte[] origin = PgOutputBytes.type('O').int64(1).raw("abc".getBytes()).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(origin)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Origin ('O'): truncated at offset 9: origin name has no terminating NUL byte");
  }

  @Test
  void rejectsBytesAfterTheLastField() {
    byte[] stop = PgOutputBytes.type('C').int8(0).int64(1).int64(2).timestamp(TIME).int8(7).int8(7).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(stop)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Commit ('C'): 2 unexpected byte(s) after the last field, at offset 26");
    // A v4 Stream Abort with the parallel fields, read by a decoder that did not ask for parallel streaming.
    byte[] abort = PgOutputBytes.type('A').int32(1).int32(1).int64(5).timestamp(TIME).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(4, false).decode(ByteBuffer.wrap(abort)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("Stream Abort ('A'): 16 unexpected byte(s)");
  }

  @Test
  void rejectsAnEmptyMessage() {
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.allocate(0)))
        .isInstanceOf(PgOutputFormatException.class).hasMessageContaining("empty message");
  }

  @ParameterizedTest
  @ValueSource(ints = {'Z', 'x', 0, 0xFF})
  void rejectsUnknownMessageTypes(int type) {
    byte[] bytes = PgOutputBytes.type((char) type).int32(1).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(4, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("unknown message type")
        .hasMessageContaining(String.format("(0x%02X) at offset 0", type));
  }

  @ParameterizedTest
  @ValueSource(chars = {'b', 'P', 'K', 'r', 'p'})
  void rejectsTwoPhaseMessages(char type) {
    byte[] bytes = PgOutputBytes.type(type).int64(1).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(3, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("'" + type + "'").hasMessageContaining("two_phase");
  }

  @Test
  void rejectsAnUnknownTupleValueKind() {
    byte[] bytes = PgOutputBytes.type('I').int32(1).int8('N').int16(2).int8('n').int8('x').bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Insert ('I'): unknown value kind 'x' of new tuple column 1 at offset 9");
  }

  @Test
  void rejectsANegativeValueLength() {
    byte[] bytes = PgOutputBytes.type('I').int32(1).int8('N').int16(1).int8('t').int32(-5).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Insert ('I'): negative length -5 of new tuple column 0 at offset 9");
  }

  @Test
  void rejectsAnUnknownReplicaIdentity() {
    byte[] bytes = PgOutputBytes.type('R').int32(1).string("s").string("t").int8('z').int16(0).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Relation ('R'): unknown replica identity 'z' at offset 9");
  }

  @Test
  void rejectsWrongTupleMarkers() {
    byte[] insert = PgOutputBytes.type('I').int32(1).int8('K').tuple("1").bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(insert)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Insert ('I'): expected new tuple marker 'N' at offset 5, found 'K'");
    byte[] update = PgOutputBytes.type('U').int32(1).int8('K').tuple("1").int8('O').tuple("2").bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(update)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Update ('U'): expected new tuple marker 'N' at offset 14, found 'O'");
    byte[] noMarker = PgOutputBytes.type('U').int32(1).int8('X').tuple("1").bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(noMarker)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Update ('U'): expected tuple marker 'K', 'O' or 'N' at offset 5, found 'X'");
    byte[] delete = PgOutputBytes.type('D').int32(1).int8('N').tuple("1").bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(delete)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Delete ('D'): expected old tuple marker 'K' or 'O' at offset 5, found 'N'");
  }

  @Test
  void rejectsANegativeTruncateCount() {
    byte[] bytes = PgOutputBytes.type('T').int32(-1).int8(0).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessage("pgoutput Truncate ('T'): negative relation count -1 at offset 1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, -1})
  void rejectsUnknownProtocolVersions(int version) {
    assertThatThrownBy(() -> new PgOutputDecoder(version, false)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proto_version must be 1 to 4, not " + version);
  }

  @Test
  void aStreamXidIsOnlyReadInsideABlock() {
    // The same bytes mean different things inside and outside a block: outside, the first Int32 is the relation.
    byte[] insideBlock = PgOutputBytes.type('I').int32(9).int32(1).int8('N').tuple("1").bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(2, false).decode(ByteBuffer.wrap(insideBlock)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("expected new tuple marker 'N' at offset 5");
    assertThat(new PgOutputDecoder(2, false).inStream()).isFalse();
  }
}
