package io.planetscale.cdc.grpc;

import static io.planetscale.cdc.grpc.VStreamEvents.ID;
import static io.planetscale.cdc.grpc.VStreamEvents.KS;
import static io.planetscale.cdc.grpc.VStreamEvents.NAME;
import static io.planetscale.cdc.grpc.VStreamEvents.POS1;
import static io.planetscale.cdc.grpc.VStreamEvents.POS2;
import static io.planetscale.cdc.grpc.VStreamEvents.SHARD;
import static io.planetscale.cdc.grpc.VStreamEvents.begin;
import static io.planetscale.cdc.grpc.VStreamEvents.bitmap;
import static io.planetscale.cdc.grpc.VStreamEvents.commit;
import static io.planetscale.cdc.grpc.VStreamEvents.copyCompleted;
import static io.planetscale.cdc.grpc.VStreamEvents.ddl;
import static io.planetscale.cdc.grpc.VStreamEvents.delete;
import static io.planetscale.cdc.grpc.VStreamEvents.event;
import static io.planetscale.cdc.grpc.VStreamEvents.field;
import static io.planetscale.cdc.grpc.VStreamEvents.insert;
import static io.planetscale.cdc.grpc.VStreamEvents.lastPk;
import static io.planetscale.cdc.grpc.VStreamEvents.lastPkEvent;
import static io.planetscale.cdc.grpc.VStreamEvents.other;
import static io.planetscale.cdc.grpc.VStreamEvents.ours;
import static io.planetscale.cdc.grpc.VStreamEvents.proto;
import static io.planetscale.cdc.grpc.VStreamEvents.row;
import static io.planetscale.cdc.grpc.VStreamEvents.rows;
import static io.planetscale.cdc.grpc.VStreamEvents.shardGtid;
import static io.planetscale.cdc.grpc.VStreamEvents.update;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.KnownLength;
import io.grpc.StatusRuntimeException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.wire.internal.proto.binlogdata.Journal;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.query.Row;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VStreamResponseReader} reads every message as protobuf's generated parser does: the same
 * events in the same order, each row change's images with the same lengths and values, or the same
 * failure; and {@link VStreamProtocol} delivers the same from either reading.
 */
class VStreamResponseReaderTest {

  /** Every kind of event vtgate sends, with every field of a ROW event set. */
  private static VStreamResponse everyKind() {
    VEvent fullRow = VEvent.newBuilder().setType(VEventType.ROW).setTimestamp(1_700_000_000L)
        .setCurrentTime(1_700_000_000_123L).setKeyspace(KS).setShard(SHARD)
        .setRowEvent(RowEvent.newBuilder().setTableName("ks.t").setKeyspace(KS).setShard(SHARD).setFlags(7)
            .setIsInternalTable(false).addRowChanges(insert("1", "a")).addRowChanges(update(new String[] {"1", "a"},
                new String[] {"1", null})).addRowChanges(delete("2", "")))
        .build();
    VEvent partial = rows("ks.t", update(new String[] {"3", "b"}, new String[] {"3", "c"}).toBuilder()
        .setDataColumns(bitmap(2, 0, 1)).setJsonPartialValues(bitmap(2)).build());
    return proto(begin(), field("ks.t", ID, NAME), fullRow, partial, rows("ks.other", insert("9", "z")),
        vgtid(ours(POS1, lastPk("t", 3)), shardGtid(KS, "80-", POS2)), commit(), ddl("alter table t add c int"),
        other(), event(VEventType.HEARTBEAT).toBuilder().setTimestamp(5).setCurrentTime(6).build(),
        lastPkEvent("t", 4, false), lastPkEvent("t", 0, true), copyCompleted(KS, SHARD), copyCompleted("", ""),
        VEvent.newBuilder().setType(VEventType.JOURNAL).setJournal(Journal.newBuilder().setId(3)
            .addTables("t")).build(),
        VEvent.newBuilder().setType(VEventType.GTID).setGtid(POS2).build(),
        VEvent.newBuilder().setType(VEventType.INSERT).setDml("insert into t values (1)").build(),
        VEvent.newBuilder().setType(VEventType.VERSION).setThrottled(true).setThrottledReason("lag ü").build(),
        rows("ks.t"), VEvent.newBuilder().setType(VEventType.ROW).build());
  }

  /** Each event as read: a scanned ROW event as its table name and each change's images rebuilt from the scan. */
  private static List<Object> outcome(VStreamMessage m) {
    List<Object> out = new ArrayList<>();
    for (Object e : m.events()) {
      if (e instanceof ScannedRowEvent s) {
        List<RowChange> changes = new ArrayList<>();
        for (int i = 0; i < s.changeCount(); i++) {
          changes.add(s.change(i));
        }
        VEvent whole = s.toProto();
        out.add(s.tableName());
        out.add(whole.toBuilder().setRowEvent(whole.getRowEvent().toBuilder().clearRowChanges()
            .addAllRowChanges(changes)).build());
      } else {
        VEvent v = (VEvent) e;
        if (v.getType() == VEventType.ROW && v.hasRowEvent()) {
          out.add(v.getRowEvent().getTableName());
        }
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Protobuf's reading, its rows as the reader rebuilds them: lengths and values (a row's unknown
   * fields, which protobuf keeps aside and nothing reads, are left out).
   */
  private static Object expected(byte[] wire) {
    VStreamResponse r;
    try {
      r = VStreamResponse.parseFrom(wire);
    } catch (IOException e) {
      return "INTERNAL: Invalid protobuf byte sequence";
    }
    List<Object> out = new ArrayList<>();
    for (VEvent e : r.getEventsList()) {
      if (e.getType() != VEventType.ROW || !e.hasRowEvent()) {
        out.add(e);
        continue;
      }
      out.add(e.getRowEvent().getTableName());
      RowEvent.Builder rowEvent = e.getRowEvent().toBuilder().clearRowChanges();
      for (RowChange c : e.getRowEvent().getRowChangesList()) {
        boolean onlyImages = c.toBuilder().clearBefore().clearAfter().build().equals(RowChange.getDefaultInstance());
        if (!onlyImages) {
          rowEvent.addRowChanges(c);
          continue;
        }
        RowChange.Builder b = RowChange.newBuilder();
        if (c.hasBefore()) {
          b.setBefore(lengthsAndValues(c.getBefore()));
        }
        if (c.hasAfter()) {
          b.setAfter(lengthsAndValues(c.getAfter()));
        }
        rowEvent.addRowChanges(b);
      }
      out.add(e.toBuilder().setRowEvent(rowEvent).build());
    }
    return out;
  }

  private static Row lengthsAndValues(Row r) {
    return Row.newBuilder().addAllLengths(r.getLengthsList()).setValues(r.getValues()).build();
  }

  private static Object actual(byte[] wire) {
    try {
      return outcome(VStreamResponseReader.read(wire));
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    }
  }

  private static long scannedEvents(VStreamMessage m) {
    return m.events().stream().filter(e -> e instanceof ScannedRowEvent).count();
  }

  @Test
  void everyEventKindReadsAsProtobufReadsIt() {
    byte[] wire = everyKind().toByteArray();
    VStreamMessage read = VStreamResponseReader.read(wire);
    assertThat(actual(wire)).isEqualTo(expected(wire));
    assertThat(read.toProto()).isEqualTo(everyKind());
    assertThat(read.size()).isEqualTo(wire.length);
    // The ROW events of ks.t (two, one with a partial image), ks.other and the one without changes are scanned.
    assertThat(scannedEvents(read)).isEqualTo(4);
    ScannedRowEvent full = (ScannedRowEvent) read.events().get(2);
    assertThat(full.tableName()).isEqualTo("ks.t");
    assertThat(full.changeCount()).isEqualTo(3);
    assertThat(full.parsed(0)).isNull();
    assertThat(full.before(0)).isEqualTo(-1);
    assertThat(full.after(2)).isEqualTo(-1);
    assertThat(full.change(1)).isEqualTo(everyKind().getEvents(2).getRowEvent().getRowChanges(1));
    // A change with bitmaps is parsed by protobuf, from its own bytes.
    ScannedRowEvent partial = (ScannedRowEvent) read.events().get(3);
    assertThat(partial.parsed(0)).isEqualTo(everyKind().getEvents(3).getRowEvent().getRowChanges(0));
    // A ROW event without a row_event is protobuf's.
    assertThat(read.events().get(read.events().size() - 1)).isInstanceOf(VEvent.class);
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

  /** A response with one ROW event of ks.t whose one change is {@code change}. */
  private static byte[] rowMessage(byte[] change, IoWriter moreInEvent) throws IOException {
    byte[] rowEvent = written(out -> {
      out.writeByteArray(2, change); // the changes before the table name: any order is read
      out.writeString(1, "ks.t");
      out.writeUInt32(5, 3);
      out.writeString(15, "unknown in the RowEvent");
    });
    return written(out -> {
      out.writeByteArray(1, written(event -> {
        event.writeByteArray(5, rowEvent);
        event.writeFixed64(30, 1); // unknown in the VEvent
        event.writeEnum(1, VEventType.ROW_VALUE); // the type after the row event
        moreInEvent.write(event);
      }));
      out.writeFixed32(9, 4); // unknown in the response
      out.writeByteArray(1, commit().toByteArray());
    });
  }

  @Test
  void packedAndUnpackedLengthsAndUnknownFieldsReadAsInProtobuf() throws IOException {
    byte[] unpacked = written(out -> out.writeByteArray(2, written(row -> {
      row.writeSInt64(1, 2); // lengths one per tag, then a packed run: protobuf joins them
      row.writeFixed32(9, 5); // unknown fields of every wire type
      row.writeFixed64(10, 6);
      row.writeUInt64(11, 7);
      row.writeString(12, "unknown");
      row.writeBytes(2, ByteString.copyFromUtf8("zz")); // values twice: the last one counts
      row.writeSInt64(1, -1);
      row.writeByteArray(1, written(packed -> {
        packed.writeSInt64NoTag(1);
        packed.writeSInt64NoTag(0);
      }));
      row.writeBytes(2, ByteString.copyFromUtf8("12x"));
    })));
    byte[] wire = rowMessage(unpacked, event -> { });
    VStreamMessage read = VStreamResponseReader.read(wire);
    assertThat(scannedEvents(read)).isEqualTo(1);
    assertThat(actual(wire)).isEqualTo(expected(wire));
    Row after = ((ScannedRowEvent) read.events().get(0)).change(0).getAfter();
    assertThat(after.getLengthsList()).containsExactly(2L, -1L, 1L, 0L);
    assertThat(after.getValues().toStringUtf8()).isEqualTo("12x");

    // An unknown field in a change: protobuf parses that change (keeping the field aside).
    byte[] withUnknown = written(out -> {
      out.writeMessage(1, row("1", "a"));
      out.writeUInt64(9, 1);
    });
    byte[] wire2 = rowMessage(withUnknown, event -> event.writeString(22, KS));
    VStreamMessage read2 = VStreamResponseReader.read(wire2);
    assertThat(((ScannedRowEvent) read2.events().get(0)).parsed(0)).isNotNull();
    assertThat(actual(wire2)).isEqualTo(expected(wire2));
  }

  @Test
  void whatTheReaderDoesNotTakeApartIsLeftToProtobuf() throws IOException {
    List<byte[]> unusual = List.of(
        // a group in a row
        rowMessage(written(out -> out.writeByteArray(2, written(row -> {
          row.writeSInt64(1, 1);
          row.writeGroup(7, UnknownFieldSet.getDefaultInstance());
          row.writeBytes(2, ByteString.copyFromUtf8("5"));
        }))), event -> { }),
        // an image twice (protobuf merges them)
        rowMessage(written(out -> {
          out.writeMessage(2, row("1", "a"));
          out.writeMessage(2, row("2"));
        }), event -> { }),
        // a second row_event (merged)
        rowMessage(insert("1", "a").toByteArray(), event -> event.writeMessage(5, RowEvent.newBuilder()
            .setTableName("ks.u").addRowChanges(insert("2", "b")).build())),
        // a FIELD event's message inside a ROW event
        rowMessage(insert("1", "a").toByteArray(), event -> event.writeMessage(6,
            field("ks.t", ID).getFieldEvent())));
    for (byte[] wire : unusual) {
      VStreamMessage read = VStreamResponseReader.read(wire);
      assertThat(scannedEvents(read)).isZero();
      assertThat(read.toProto().getEventsList()).isEqualTo(VStreamResponse.parseFrom(wire).getEventsList());
    }
  }

  @Test
  void invalidUtf8FailsAsInProtobuf() throws IOException {
    byte[] badTable = written(out -> out.writeByteArray(1, written(event -> {
      event.writeEnum(1, VEventType.ROW_VALUE);
      event.writeByteArray(5, written(r -> r.writeByteArray(1, new byte[] {(byte) 0xC3})));
    })));
    byte[] badShard = written(out -> out.writeByteArray(1, written(event -> {
      event.writeEnum(1, VEventType.ROW_VALUE);
      event.writeByteArray(5, rows("ks.t", insert("1")).getRowEvent().toByteArray());
      event.writeByteArray(23, new byte[] {'-', (byte) 0xFF});
    })));
    for (byte[] wire : List.of(badTable, badShard)) {
      assertThat(expected(wire)).isEqualTo("INTERNAL: Invalid protobuf byte sequence");
      assertThat(actual(wire)).isEqualTo(expected(wire));
    }
  }

  @Test
  void damagedMessagesReadOrFailExactlyAsInProtobuf() {
    Random random = new Random(17);
    List<byte[]> messages = List.of(everyKind().toByteArray(), randomMessage(new Random(3)).toByteArray());
    for (int i = 0; i < 5_000; i++) {
      byte[] wire = messages.get(random.nextInt(messages.size())).clone();
      if (random.nextBoolean()) {
        wire = Arrays.copyOf(wire, random.nextInt(wire.length));
      } else {
        for (int k = random.nextInt(3); k >= 0; k--) {
          wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
        }
      }
      assertThat(actual(wire)).as("case " + i).isEqualTo(expected(wire));
    }
  }

  @Test
  void aStreamOfKnownLengthOrNotIsReadWholeAndStreamedAsItCame() {
    byte[] wire = everyKind().toByteArray();
    VStreamMessage known = VStreamResponseReader.VSTREAM.parseResponse(new KnownLengthStream(wire));
    assertThat(outcome(known)).isEqualTo(expected(wire));
    VStreamMessage unknown = VStreamResponseReader.VSTREAM.parseResponse(new ByteArrayInputStream(wire));
    assertThat(outcome(unknown)).isEqualTo(expected(wire));
    assertThat(VStreamResponseReader.VSTREAM.streamResponse(known)).hasBinaryContent(wire);
    assertThat(VStreamResponseReader.VSTREAM.parseResponse(new KnownLengthStream(new byte[0])).events()).isEmpty();
  }

  private static String[] randomImage(Random random) {
    String[] values = new String[2];
    values[0] = random.nextInt(8) == 0 ? null : Integer.toString(random.nextInt(1000));
    values[1] = switch (random.nextInt(5)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> "é" + random.nextInt(100);
      default -> "name " + random.nextInt(100);
    };
    return values;
  }

  private static RowChange randomChange(Random random) {
    RowChange c = switch (random.nextInt(3)) {
      case 0 -> insert(randomImage(random));
      case 1 -> update(randomImage(random), randomImage(random));
      default -> delete(randomImage(random));
    };
    if (random.nextInt(10) == 0) {
      c = c.toBuilder().setDataColumns(random.nextBoolean() ? bitmap(2, 0) : bitmap(2, 0, 1)).build();
    }
    return c;
  }

  /** A transaction or a copy batch of the kinds vtgate sends, now and then of another table. */
  private static VStreamResponse randomMessage(Random random) {
    List<VEvent> events = new ArrayList<>();
    if (random.nextBoolean()) {
      events.add(begin());
    }
    if (random.nextInt(4) != 0) {
      events.add(field("ks.t", ID, NAME));
    }
    int rowEvents = random.nextInt(6);
    for (int i = 0; i < rowEvents; i++) {
      RowChange[] changes = new RowChange[1 + random.nextInt(3)];
      for (int k = 0; k < changes.length; k++) {
        changes[k] = randomChange(random);
      }
      VEvent e = rows(random.nextInt(6) == 0 ? "ks.other" : "ks.t", changes);
      if (random.nextBoolean()) {
        e = e.toBuilder().setTimestamp(random.nextInt(1000)).setCurrentTime(random.nextLong()).build();
      }
      events.add(e);
    }
    switch (random.nextInt(4)) {
      case 0 -> events.add(vgtid(ours(POS1, lastPk("t", random.nextInt(100)))));
      case 1 -> events.add(vgtid(ours(POS2)));
      case 2 -> events.add(ddl("alter table t add c" + random.nextInt(9) + " int"));
      default -> events.add(event(VEventType.HEARTBEAT).toBuilder().setTimestamp(random.nextInt(99)).build());
    }
    if (random.nextBoolean()) {
      events.add(commit());
    }
    return proto(events.toArray(new VEvent[0]));
  }

  /** What a protocol delivers from a message, or how it fails. */
  private static List<Object> delivered(VStreamProtocol protocol, VStreamMessage message) {
    RecordingDelivery out = new RecordingDelivery();
    List<Object> what = new ArrayList<>();
    try {
      protocol.apply(message, out);
    } catch (PlanetScaleCdcException e) {
      what.add(e.getMessage());
      protocol.startAt(TableCursor.of(SHARD, KS, POS1));
    }
    what.add(out.lines);
    what.add(out.results);
    what.add(out.cursors);
    return what;
  }

  @Test
  void randomMessagesReadAndDeliverAsFromProtobuf() {
    Random random = new Random(20261201);
    VStreamProtocol fromScan = VStreamEvents.protocol();
    VStreamProtocol fromProtobuf = VStreamEvents.protocol();
    fromScan.startAt(TableCursor.of(SHARD, KS, POS1));
    fromProtobuf.startAt(TableCursor.of(SHARD, KS, POS1));
    int rowsDelivered = 0;
    for (int i = 0; i < 300; i++) {
      VStreamResponse m = randomMessage(random);
      byte[] wire = m.toByteArray();
      assertThat(actual(wire)).as("message " + i).isEqualTo(expected(wire));
      List<Object> scanned = delivered(fromScan, VStreamResponseReader.read(wire));
      List<Object> parsed = delivered(fromProtobuf, VStreamMessage.parsed(m, wire));
      assertThat(scanned).as("message " + i).isEqualTo(parsed);
      rowsDelivered += ((List<?>) scanned.get(scanned.size() - 2)).size();
    }
    assertThat(rowsDelivered).isGreaterThan(100);
  }

  @Test
  void aTransactionAcrossResponsesIsOneResultPerRun() {
    VStreamProtocol protocol = VStreamEvents.protocol();
    protocol.startAt(TableCursor.of(SHARD, KS, POS1));
    RecordingDelivery out = new RecordingDelivery();
    protocol.apply(VStreamEvents.response(begin(), field("ks.t", ID, NAME), rows("ks.t", insert("1", "a")),
        rows("ks.t", insert("2", null))), out);
    protocol.apply(VStreamEvents.response(rows("ks.t", insert("3", "c"), delete("1", "a")),
        rows("ks.t", update(new String[] {"2", null}, new String[] {"2", "b"})), vgtid(ours(POS2)), commit()), out);
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a] [2, NULL] [3, c]",
        "DELETE [1, a]", "UPDATE [2, b] before [2, NULL]", "cursor " + POS2);
  }

  /** What gRPC hands a marshaller: a stream that knows its length. */
  private static final class KnownLengthStream extends ByteArrayInputStream implements KnownLength {
    KnownLengthStream(byte[] bytes) {
      super(bytes);
    }
  }
}
