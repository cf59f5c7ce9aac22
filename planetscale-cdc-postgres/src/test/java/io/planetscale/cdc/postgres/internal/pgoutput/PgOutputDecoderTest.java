package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The messages outside streamed transactions, which every protocol version (1 to 4) sends alike. */
class PgOutputDecoderTest {
  private static final Instant COMMIT_TIME = Instant.parse("2026-12-01T21:59:58.123456Z");
  // Above 2^31: oids and xids are unsigned on the wire.
  private static final long BIG_OID = 3_000_000_000L;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesBegin(int version) {
    byte[] bytes = PgOutputBytes.type('B').int64(0x16_B374_D848L).timestamp(COMMIT_TIME).int32(BIG_OID).bytes();
    assertThat(decode(version, bytes)).isEqualTo(new BeginMessage(0x16_B374_D848L, COMMIT_TIME, BIG_OID));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesCommit(int version) {
    byte[] bytes = PgOutputBytes.type('C').int8(0).int64(100).int64(148).timestamp(COMMIT_TIME).bytes();
    assertThat(decode(version, bytes)).isEqualTo(new CommitMessage(0, 100, 148, COMMIT_TIME));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesOrigin(int version) {
    byte[] bytes = PgOutputBytes.type('O').int64(77).string("node_a").bytes();
    assertThat(decode(version, bytes)).isEqualTo(new OriginMessage(77, "node_a"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesRelationWithKeyFlagsAndTypeModifiers(int version) {
    byte[] bytes = PgOutputBytes.type('R').int32(BIG_OID).string("public").string("orders").int8('f').int16(3)
        .int8(1).string("id").int32(23).int32(-1)
        .int8(0).string("name").int32(1043).int32(68)
        .int8(0).string("größe").int32(BIG_OID + 1).int32(-1).bytes();
    assertThat(decode(version, bytes)).isEqualTo(new RelationMessage(0, BIG_OID, "public", "orders",
        ReplicaIdentity.FULL, List.of(new RelationColumn(true, "id", 23, -1),
            new RelationColumn(false, "name", 1043, 68), new RelationColumn(false, "größe", BIG_OID + 1, -1))));
  }

  @Test
  void decodesEveryReplicaIdentityAndNamesPgCatalogForTheEmptyNamespace() {
    for (ReplicaIdentity identity : ReplicaIdentity.values()) {
      byte[] bytes = PgOutputBytes.type('R').int32(5).string("").string("pg_t").int8(identity.code()).int16(0)
          .bytes();
      RelationMessage relation = (RelationMessage) decode(1, bytes);
      assertThat(relation.replicaIdentity()).isEqualTo(identity);
      assertThat(relation.namespace()).isEqualTo("pg_catalog");
      assertThat(relation.columns()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesType(int version) {
    byte[] bytes = PgOutputBytes.type('Y').int32(16_400).string("public").string("mood").bytes();
    assertThat(decode(version, bytes)).isEqualTo(new TypeMessage(0, 16_400, "public", "mood"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesInsertWithTextNullAndBinaryValues(int version) {
    byte[] binary = {0, 1, (byte) 0xFF};
    byte[] bytes = PgOutputBytes.type('I').int32(16_385).int8('N').tuple("1", null, binary, "", "é").bytes();
    assertThat(decode(version, bytes)).isEqualTo(new InsertMessage(0, 16_385, TupleData.of(TupleValue.text("1"),
        TupleValue.NULL, TupleValue.binary(binary), TupleValue.text(""), TupleValue.text("é"))));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesUpdateWithoutOldTuple(int version) {
    byte[] bytes = PgOutputBytes.type('U').int32(16_385).int8('N').tuple("1", "new").bytes();
    assertThat(decode(version, bytes)).isEqualTo(new UpdateMessage(0, 16_385, OldTupleKind.NONE,
        Optional.empty(), TupleData.of(TupleValue.text("1"), TupleValue.text("new"))));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesUpdateWithOldKey(int version) {
    byte[] bytes = PgOutputBytes.type('U').int32(16_385).int8('K').tuple("1", null).int8('N').tuple("2", "v")
        .bytes();
    assertThat(decode(version, bytes)).isEqualTo(new UpdateMessage(0, 16_385, OldTupleKind.KEY,
        Optional.of(TupleData.of(TupleValue.text("1"), TupleValue.NULL)),
        TupleData.of(TupleValue.text("2"), TupleValue.text("v"))));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesUpdateWithFullOldRowAndUnchangedToast(int version) {
    byte[] bytes = PgOutputBytes.type('U').int32(16_385).int8('O').tuple("1", "old", null)
        .int8('N').tuple("1", "new", TupleValue.UNCHANGED_TOAST).bytes();
    UpdateMessage update = (UpdateMessage) decode(version, bytes);
    assertThat(update).isEqualTo(new UpdateMessage(0, 16_385, OldTupleKind.FULL,
        Optional.of(TupleData.of(TupleValue.text("1"), TupleValue.text("old"), TupleValue.NULL)),
        TupleData.of(TupleValue.text("1"), TupleValue.text("new"), TupleValue.UNCHANGED_TOAST)));
    // An unchanged TOASTed value is never taken for a null.
    assertThat(update.newTuple().get(2)).isNotEqualTo(TupleValue.NULL);
    assertThat(update.newTuple().get(2).kind()).isEqualTo('u');
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesDeleteWithKeyOrFullOldRow(int version) {
    byte[] key = PgOutputBytes.type('D').int32(16_385).int8('K').tuple("7", null).bytes();
    byte[] full = PgOutputBytes.type('D').int32(16_385).int8('O').tuple("7", "x").bytes();
    assertThat(decode(version, key)).isEqualTo(new DeleteMessage(0, 16_385, OldTupleKind.KEY,
        TupleData.of(TupleValue.text("7"), TupleValue.NULL)));
    assertThat(decode(version, full)).isEqualTo(new DeleteMessage(0, 16_385, OldTupleKind.FULL,
        TupleData.of(TupleValue.text("7"), TupleValue.text("x"))));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesTruncateWithOptionsAndRelationIds(int version) {
    byte[] bytes = PgOutputBytes.type('T').int32(3).int8(3).int32(16_385).int32(16_390).int32(BIG_OID).bytes();
    TruncateMessage truncate = (TruncateMessage) decode(version, bytes);
    assertThat(truncate).isEqualTo(new TruncateMessage(0, 3, List.of(16_385L, 16_390L, BIG_OID)));
    assertThat(truncate.cascade()).isTrue();
    assertThat(truncate.restartIdentity()).isTrue();
    TruncateMessage plain = (TruncateMessage) decode(version, PgOutputBytes.type('T').int32(1).int8(0)
        .int32(16_385).bytes());
    assertThat(plain.cascade()).isFalse();
    assertThat(plain.restartIdentity()).isFalse();
    TruncateMessage restartOnly = (TruncateMessage) decode(version, PgOutputBytes.type('T').int32(1).int8(2)
        .int32(16_385).bytes());
    assertThat(restartOnly.cascade()).isFalse();
    assertThat(restartOnly.restartIdentity()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void decodesTransactionalAndImmediateMessages(int version) {
    byte[] content = "hello\0world".getBytes(StandardCharsets.UTF_8);
    byte[] transactional = PgOutputBytes.type('M').int8(1).int64(500).string("probe").int32(content.length)
        .raw(content).bytes();
    byte[] immediate = PgOutputBytes.type('M').int8(0).int64(501).string("").int32(0).bytes();
    LogicalDecodingMessage message = (LogicalDecodingMessage) decode(version, transactional);
    assertThat(message).isEqualTo(new LogicalDecodingMessage(0, true, 500, "probe", content));
    assertThat(message.contentText()).isEqualTo("hello\0world");
    assertThat(decode(version, immediate)).isEqualTo(new LogicalDecodingMessage(0, false, 501, "", new byte[0]));
  }

  @Test
  void readsFromTheBufferPositionWithoutMovingIt() {
    byte[] message = PgOutputBytes.type('O').int64(1).string("n").bytes();
    ByteBuffer buffer = ByteBuffer.allocate(message.length + 5);
    buffer.position(3);
    buffer.put(message);
    buffer.position(3).limit(3 + message.length);
    assertThat(new PgOutputDecoder(1, false).decode(buffer)).isEqualTo(new OriginMessage(1, "n"));
    assertThat(buffer.position()).isEqualTo(3);
    ByteBuffer direct = ByteBuffer.allocateDirect(message.length).put(message).flip();
    assertThat(new PgOutputDecoder(1, false).decode(direct)).isEqualTo(new OriginMessage(1, "n"));
  }

  @Test
  void convertsTimestampsBeforeThePostgresEpoch() {
    Instant early = Instant.parse("1999-12-31T23:59:59.999999Z");
    byte[] bytes = PgOutputBytes.type('B').int64(1).int64(-1).int32(9).bytes();
    assertThat(((BeginMessage) decode(1, bytes)).commitTime()).isEqualTo(early);
  }

  @Test
  void messagesAreImmutable() {
    byte[] content = {1, 2};
    LogicalDecodingMessage message = new LogicalDecodingMessage(0, true, 1, "p", content);
    content[0] = 9;
    message.content()[1] = 9;
    assertThat(message.content()).containsExactly(1, 2);
    byte[] raw = {4};
    TupleValue binary = TupleValue.binary(raw);
    raw[0] = 5;
    assertThat(((TupleValue.Binary) binary).bytes()).containsExactly(4);
  }

  static PgOutputMessage decode(int version, byte[] bytes) {
    PgOutputDecoder decoder = new PgOutputDecoder(version, false);
    PgOutputMessage message = decoder.decode(ByteBuffer.wrap(bytes));
    assertThat(message.type()).isEqualTo((char) bytes[0]);
    return message;
  }
}
