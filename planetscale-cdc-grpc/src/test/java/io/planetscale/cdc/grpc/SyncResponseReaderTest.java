package io.planetscale.cdc.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.KnownLength;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.TabletType;
import io.planetscale.cdc.wire.internal.ProtoCodec;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.DeletedRow;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncResponse;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.UpdatedRow;
import io.planetscale.cdc.wire.internal.proto.query.Field;
import io.planetscale.cdc.wire.internal.proto.query.QueryResult;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.query.Type;
import io.planetscale.cdc.wire.internal.proto.vtrpc.Code;
import io.planetscale.cdc.wire.internal.proto.vtrpc.RPCError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncResponseReader} reads every message exactly as protobuf's generated parser does: the
 * same results (as {@link ProtoCodec#fromProto} decodes them), the same cursor, error, updates and
 * deletes, or the same failure; and {@link ConnectProtocol} delivers the same from either.
 */
class SyncResponseReaderTest {
  private static final List<Field> FIELDS = List.of(
      Field.newBuilder().setName("id").setType(Type.INT64).setCharset(63).build(),
      Field.newBuilder().setName("name").setType(Type.VARCHAR).setCharset(255).setColumnType("varchar(20)").build(),
      Field.newBuilder().setName("blob").setType(Type.VARBINARY).setCharset(63).build());

  private static Row row(String values, long... lengths) {
    Row.Builder b = Row.newBuilder().setValues(ByteString.copyFromUtf8(values));
    for (long length : lengths) {
      b.addLengths(length);
    }
    return b.build();
  }

  private static QueryResult result(Row... rows) {
    return QueryResult.newBuilder().addAllFields(FIELDS).addAllRows(List.of(rows)).build();
  }

  private static TableCursor cursor(boolean withPk) {
    TableCursor.Builder c = TableCursor.newBuilder().setShard("-80").setKeyspace("ks")
        .setPosition("MySQL56/2bc2b8a4-8e07-11ee-a5f4-0242ac110002:1-42");
    if (withPk) {
      c.setLastKnownPk(QueryResult.newBuilder().addFields(FIELDS.get(0)).addRows(row("7", 1)));
    }
    return c.build();
  }

  /** A copy response, a change response and others, as the server's protobuf writes them. */
  private static List<SyncResponse> messages() {
    List<SyncResponse> messages = new ArrayList<>();
    List<Row> many = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String name = i % 7 == 0 ? "" : "name " + i + " é";
      int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
      many.add(i % 5 == 0 ? row(i + name, String.valueOf(i).length(), nameLength, -1)
          : row(i + name + "\u0001\u0002", String.valueOf(i).length(), nameLength, 2));
    }
    messages.add(SyncResponse.newBuilder().addResult(QueryResult.newBuilder().addAllFields(FIELDS).addAllRows(many))
        .setCursor(cursor(true)).build());
    messages.add(SyncResponse.newBuilder().addResult(result(row("1ab", 1, 2), row("2", 1), row(""))).addResult(
        result(row("3cd", 1, 2, 0))).addUpdates(UpdatedRow.newBuilder().setBefore(result(row("1ab", 1, 2)))
        .setAfter(result(row("1xy", 1, 2)))).addDeletes(DeletedRow.newBuilder().setResult(result(row("2", 1))))
        .setCursor(cursor(false)).build());
    messages.add(SyncResponse.newBuilder().setCursor(cursor(false)).build());
    messages.add(SyncResponse.newBuilder().setError(RPCError.newBuilder().setCode(Code.UNAVAILABLE)
        .setMessage("try again")).build());
    messages.add(SyncResponse.newBuilder().addResult(QueryResult.newBuilder().addAllFields(FIELDS)
        .setRowsAffected(3).setInsertId(9).setInfo("info ü").setSessionStateChanges("s").setInsertIdChanged(true)
        .addRows(row("1a", 1, 1))).build());
    // A row with more values than fields, and a field of an unknown type: decoding fails alike.
    messages.add(SyncResponse.newBuilder().addResult(result(row("1abc", 1, 1, 1, 1))).build());
    messages.add(SyncResponse.newBuilder().addResult(QueryResult.newBuilder()
        .addFields(Field.newBuilder().setName("odd").setTypeValue(4242)).addRows(row("1", 1))).build());
    messages.add(SyncResponse.newBuilder().addResult(QueryResult.newBuilder().addAllFields(FIELDS)).build());
    messages.add(SyncResponse.getDefaultInstance());
    return messages;
  }

  /** What a reading of a message amounts to: each result decoded (or its error), and the rest. */
  private static List<Object> outcome(SyncMessage m) {
    List<Object> out = new ArrayList<>();
    if (m.scanned() != null) {
      for (ScannedResult r : m.scanned()) {
        out.add(decoded(() -> r.toQueryResult()));
      }
    } else {
      for (QueryResult r : m.rest().getResultList()) {
        out.add(decoded(() -> ProtoCodec.fromProto(r)));
      }
    }
    out.add(m.rest().toBuilder().clearResult().build());
    return out;
  }

  private static Object decoded(java.util.function.Supplier<io.planetscale.cdc.QueryResult> decode) {
    try {
      return decode.get();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  /** Protobuf's reading: the generated parser, as gRPC's marshaller runs it. */
  private static Object expected(byte[] wire) {
    try {
      SyncResponse r = SyncResponse.parseFrom(wire);
      return outcome(SyncMessage.parsed(r, wire.length, wire));
    } catch (IOException e) {
      return "INTERNAL: Invalid protobuf byte sequence";
    }
  }

  private static Object actual(byte[] wire) {
    try {
      return outcome(SyncResponseReader.read(wire));
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    }
  }

  @Test
  void readsWhatProtobufWritesAsProtobufReadsIt() {
    for (SyncResponse m : messages()) {
      byte[] wire = m.toByteArray();
      SyncMessage read = SyncResponseReader.read(wire);
      assertThat(read.scanned()).as("taken apart by the reader, not left to protobuf").isNotNull();
      assertThat(read.size()).isEqualTo(wire.length);
      assertThat(actual(wire)).isEqualTo(expected(wire));
    }
  }

  @Test
  void theRowsOfACopyResponseDecodeToTheirValues() {
    SyncMessage read = SyncResponseReader.read(messages().get(1).toByteArray());
    io.planetscale.cdc.QueryResult first = read.scanned().get(0).toQueryResult();
    assertThat(first.rows()).hasSize(3);
    assertThat(first.rows().get(0).get(1).toStringUtf8()).isEqualTo("ab");
    assertThat(first.rows().get(1)).hasSize(1);
    assertThat(first.rows().get(2)).isEmpty();
    assertThat(read.rest().getUpdatesCount()).isEqualTo(1);
    assertThat(read.rest().getDeletesCount()).isEqualTo(1);
    assertThat(read.rest().getResultCount()).isZero();
  }

  /** A message written field by field, to spell what protobuf's writer never writes but its reader accepts. */
  private static byte[] written(IoWriter body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    body.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  @FunctionalInterface
  private interface IoWriter {
    void write(CodedOutputStream out) throws IOException;
  }

  private static byte[] resultOf(byte[] rowBytes) throws IOException {
    return written(out -> {
      for (Field f : FIELDS) {
        out.writeMessage(1, f);
      }
      out.writeByteArray(4, rowBytes);
    });
  }

  @Test
  void unpackedLengthsRepeatedValuesAndUnknownFieldsReadAsInProtobuf() throws IOException {
    byte[] rowBytes = written(out -> {
      out.writeSInt64(1, 1); // lengths one per tag
      out.writeFixed32(9, 5); // unknown fields of every wire type
      out.writeFixed64(10, 6);
      out.writeUInt64(11, 7);
      out.writeString(12, "unknown");
      out.writeBytes(2, ByteString.copyFromUtf8("zz")); // values twice: the last one counts
      out.writeSInt64(1, -1);
      out.writeBytes(2, ByteString.copyFromUtf8("9"));
    });
    byte[] wire = written(out -> {
      out.writeByteArray(1, resultOf(rowBytes));
      out.writeUInt64(15, 1); // unknown at the top
      out.writeMessage(2, cursor(false));
      out.writeMessage(2, TableCursor.newBuilder().setShard("80-").build()); // merged into the first, as protobuf does
    });
    SyncMessage read = SyncResponseReader.read(wire);
    assertThat(read.scanned()).isNotNull();
    assertThat(actual(wire)).isEqualTo(expected(wire));
    assertThat(read.rest().getCursor().getShard()).isEqualTo("80-");
    assertThat(read.rest().getCursor().getKeyspace()).isEqualTo("ks");
  }

  @Test
  void whatTheReaderDoesNotTakeApartIsLeftToProtobuf() throws IOException {
    byte[] withGroup = written(out -> {
      out.writeByteArray(1, resultOf(written(row -> {
        row.writeSInt64(1, 1);
        row.writeGroup(7, UnknownFieldSet.getDefaultInstance());
        row.writeBytes(2, ByteString.copyFromUtf8("5"));
      })));
      out.writeMessage(2, cursor(false));
    });
    SyncMessage read = SyncResponseReader.read(withGroup);
    assertThat(read.scanned()).isNull();
    assertThat(actual(withGroup)).isEqualTo(expected(withGroup));
    assertThat(read.rest().getResultCount()).isEqualTo(1);
  }

  @Test
  void invalidUtf8InAStringFailsAsInProtobuf() throws IOException {
    byte[] wire = written(out -> out.writeByteArray(1, written(r -> r.writeByteArray(6, new byte[] {(byte) 0xC3}))));
    assertThatThrownBy(() -> SyncResponse.parseFrom(wire)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> SyncResponseReader.read(wire)).isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  @Test
  void damagedMessagesReadOrFailExactlyAsInProtobuf() {
    Random random = new Random(11);
    List<SyncResponse> messages = messages();
    for (int i = 0; i < 5_000; i++) {
      byte[] wire = messages.get(random.nextInt(2)).toByteArray();
      if (random.nextBoolean()) {
        wire = java.util.Arrays.copyOf(wire, random.nextInt(wire.length));
      } else {
        for (int k = random.nextInt(3); k >= 0; k--) {
          wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
        }
      }
      assertThat(actual(wire)).as("case " + i).isEqualTo(expected(wire));
    }
  }

  @Test
  void aStreamOfKnownLengthOrNotIsReadWhole() {
    SyncResponse m = messages().get(1);
    byte[] wire = m.toByteArray();
    SyncMessage known = SyncResponseReader.SYNC.parseResponse(new KnownLengthStream(wire));
    assertThat(known.scanned()).isNotNull();
    assertThat(outcome(known)).isEqualTo(expected(wire));
    // A decompressing stream does not know its length.
    SyncMessage unknown = SyncResponseReader.SYNC.parseResponse(new ByteArrayInputStream(wire));
    assertThat(unknown.scanned()).isNotNull();
    assertThat(outcome(unknown)).isEqualTo(expected(wire));
    assertThat(unknown.size()).isEqualTo(wire.length);
    assertThat(SyncResponseReader.SYNC.parseResponse(new KnownLengthStream(new byte[0])).rest())
        .isEqualTo(SyncResponse.getDefaultInstance());
    assertThat(SyncResponseReader.SYNC.streamResponse(known)).hasBinaryContent(wire);
  }

  @Test
  void connectProtocolDeliversTheSameFromEitherReading() {
    ConnectProtocol protocol = new ConnectProtocol(null, "t", "-80", TabletType.PRIMARY, List.of(), List.of(), true,
        true, true);
    for (SyncResponse m : messages().subList(0, 3)) {
      byte[] wire = m.toByteArray();
      RecordingDelivery scanned = new RecordingDelivery();
      protocol.apply(SyncResponseReader.read(wire), scanned);
      RecordingDelivery parsed = new RecordingDelivery();
      protocol.apply(SyncMessage.parsed(m, wire.length, null), parsed);
      assertThat(scanned.lines).isEqualTo(parsed.lines).isNotEmpty();
      assertThat(scanned.results).isEqualTo(parsed.results);
      assertThat(scanned.cursors).isEqualTo(parsed.cursors);
    }
  }

  /** What gRPC hands a marshaller: a stream that knows its length. */
  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }
  }
}
