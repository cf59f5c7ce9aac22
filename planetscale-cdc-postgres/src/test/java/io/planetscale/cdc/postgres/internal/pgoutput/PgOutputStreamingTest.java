package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streamed transactions (protocol 2+): stream blocks, the xid inside them, stream commit and abort. */
class PgOutputStreamingTest {
  private static final long XID = 3_000_000_123L;
  private static final Instant TIME = Instant.parse("2026-12-01T22:00:00.000001Z");

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void changesInsideAStreamBlockCarryTheTransactionId(int version) {
    PgOutputDecoder decoder = new PgOutputDecoder(version, false);
    byte[] content = "m".getBytes(StandardCharsets.UTF_8);
    List<byte[]> stream = List.of(
        PgOutputBytes.type('S').int32(XID).int8(1).bytes(),
        PgOutputBytes.type('R').int32(XID).int32(16_385).string("public").string("t").int8('d').int16(1)
            .int8(1).string("id").int32(23).int32(-1).bytes(),
        PgOutputBytes.type('Y').int32(XID).int32(16_400).string("public").string("mood").bytes(),
        PgOutputBytes.type('I').int32(XID).int32(16_385).int8('N').tuple("1").bytes(),
        PgOutputBytes.type('U').int32(XID).int32(16_385).int8('K').tuple("1").int8('N').tuple("2").bytes(),
        PgOutputBytes.type('D').int32(XID).int32(16_385).int8('K').tuple("2").bytes(),
        PgOutputBytes.type('T').int32(XID).int32(1).int8(0).int32(16_385).bytes(),
        PgOutputBytes.type('M').int32(XID).int8(1).int64(9).string("p").int32(1).raw(content).bytes(),
        PgOutputBytes.type('E').bytes(),
        PgOutputBytes.type('S').int32(XID).int8(0).bytes(),
        PgOutputBytes.type('I').int32(XID).int32(16_385).int8('N').tuple("3").bytes(),
        PgOutputBytes.type('E').bytes(),
        PgOutputBytes.type('c').int32(XID).int8(0).int64(1000).int64(1048).timestamp(TIME).bytes(),
        // After the stream: a plain transaction, whose changes have no xid again.
        PgOutputBytes.type('B').int64(2000).timestamp(TIME).int32(77).bytes(),
        PgOutputBytes.type('I').int32(16_385).int8('N').tuple("4").bytes());
    List<PgOutputMessage> decoded = stream.stream().map(bytes -> decoder.decode(ByteBuffer.wrap(bytes))).toList();
    assertThat(decoded).containsExactly(
        new StreamStartMessage(XID, true),
        new RelationMessage(XID, 16_385, "public", "t", ReplicaIdentity.DEFAULT,
            List.of(new RelationColumn(true, "id", 23, -1))),
        new TypeMessage(XID, 16_400, "public", "mood"),
        new InsertMessage(XID, 16_385, TupleData.of(TupleValue.text("1"))),
        new UpdateMessage(XID, 16_385, OldTupleKind.KEY, Optional.of(TupleData.of(TupleValue.text("1"))),
            TupleData.of(TupleValue.text("2"))),
        new DeleteMessage(XID, 16_385, OldTupleKind.KEY, TupleData.of(TupleValue.text("2"))),
        new TruncateMessage(XID, 0, List.of(16_385L)),
        new LogicalDecodingMessage(XID, true, 9, "p", content),
        new StreamStopMessage(),
        new StreamStartMessage(XID, false),
        new InsertMessage(XID, 16_385, TupleData.of(TupleValue.text("3"))),
        new StreamStopMessage(),
        new StreamCommitMessage(XID, 0, 1000, 1048, TIME),
        new BeginMessage(2000, TIME, 77),
        new InsertMessage(PgOutputMessage.NO_XID, 16_385, TupleData.of(TupleValue.text("4"))));
    assertThat(decoder.inStream()).isFalse();
  }

  @Test
  void tracksWhetherAStreamBlockIsOpen() {
    PgOutputDecoder decoder = new PgOutputDecoder(2, false);
    assertThat(decoder.inStream()).isFalse();
    decoder.decode(PgOutputBytes.type('S').int32(5).int8(1).buffer());
    assertThat(decoder.inStream()).isTrue();
    decoder.decode(PgOutputBytes.type('E').buffer());
    assertThat(decoder.inStream()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void decodesStreamAbortWithoutParallelFields(int version) {
    PgOutputDecoder decoder = new PgOutputDecoder(version, false);
    StreamAbortMessage whole = (StreamAbortMessage) decoder.decode(PgOutputBytes.type('A').int32(XID).int32(XID)
        .buffer());
    assertThat(whole).isEqualTo(new StreamAbortMessage(XID, XID, OptionalLong.empty(), Optional.empty()));
    assertThat(whole.wholeTransaction()).isTrue();
    StreamAbortMessage sub = (StreamAbortMessage) decoder.decode(PgOutputBytes.type('A').int32(XID).int32(XID + 1)
        .buffer());
    assertThat(sub.wholeTransaction()).isFalse();
    assertThat(sub.subXid()).isEqualTo(XID + 1);
  }

  @Test
  void decodesStreamAbortWithParallelFieldsOnProtocolFour() {
    PgOutputDecoder decoder = new PgOutputDecoder(4, true);
    byte[] bytes = PgOutputBytes.type('A').int32(XID).int32(XID + 2).int64(0x2_0000_0010L).timestamp(TIME).bytes();
    assertThat(decoder.decode(ByteBuffer.wrap(bytes))).isEqualTo(new StreamAbortMessage(XID, XID + 2,
        OptionalLong.of(0x2_0000_0010L), Optional.of(TIME)));
    // Without the parallel fields, the same decoder finds the message truncated.
    assertThatThrownBy(() -> decoder.decode(PgOutputBytes.type('A').int32(XID).int32(XID).buffer()))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("Stream Abort ('A')").hasMessageContaining("abort LSN")
        .hasMessageContaining("offset 9");
  }

  @Test
  void parallelStreamingNeedsProtocolFour() {
    assertThatThrownBy(() -> new PgOutputDecoder(3, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("proto_version 4");
  }

  @ParameterizedTest
  @ValueSource(chars = {'S', 'E', 'c', 'A'})
  void protocolOneHasNoStreamMessages(char type) {
    byte[] bytes = PgOutputBytes.type(type).int32(XID).int32(XID).bytes();
    assertThatThrownBy(() -> new PgOutputDecoder(1, false).decode(ByteBuffer.wrap(bytes)))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("('" + type + "')")
        .hasMessageContaining("protocol version 2 or later");
  }

  @Test
  void rejectsNestedStreamStartAndStrayStreamStop() {
    PgOutputDecoder decoder = new PgOutputDecoder(2, false);
    assertThatThrownBy(() -> decoder.decode(PgOutputBytes.type('E').buffer()))
        .isInstanceOf(PgOutputFormatException.class).hasMessageContaining("Stream Stop without Stream Start");
    decoder.decode(PgOutputBytes.type('S').int32(5).int8(1).buffer());
    assertThatThrownBy(() -> decoder.decode(PgOutputBytes.type('S').int32(6).int8(1).buffer()))
        .isInstanceOf(PgOutputFormatException.class).hasMessageContaining("already open");
    assertThat(decoder.inStream()).isTrue();
  }

  @Test
  void rejectsStreamCommitAndAbortInsideAStreamBlock() {
    PgOutputDecoder decoder = new PgOutputDecoder(2, false);
    decoder.decode(PgOutputBytes.type('S').int32(5).int8(1).buffer());
    assertThatThrownBy(() -> decoder.decode(PgOutputBytes.type('c').int32(5).int8(0).int64(1).int64(2)
        .timestamp(TIME).buffer())).isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("Stream Commit ('c')").hasMessageContaining("inside a stream block");
    assertThatThrownBy(() -> decoder.decode(PgOutputBytes.type('A').int32(5).int32(5).buffer()))
        .isInstanceOf(PgOutputFormatException.class)
        .hasMessageContaining("Stream Abort ('A')").hasMessageContaining("inside a stream block");
  }

  @Test
  void aRejectedMessageLeavesTheStreamStateAsItWas() {
    PgOutputDecoder decoder = new PgOutputDecoder(2, false);
    // A Stream Start missing its flag byte: rejected, and the decoder is still outside a block.
    assertThatThrownBy(() -> decoder.decode(PgOutputBytes.type('S').int32(5).buffer()))
        .isInstanceOf(PgOutputFormatException.class);
    assertThat(decoder.inStream()).isFalse();
    assertThat(decoder.decode(PgOutputBytes.type('I').int32(16_385).int8('N').tuple("1").buffer()))
        .isEqualTo(new InsertMessage(PgOutputMessage.NO_XID, 16_385, TupleData.of(TupleValue.text("1"))));
  }
}
