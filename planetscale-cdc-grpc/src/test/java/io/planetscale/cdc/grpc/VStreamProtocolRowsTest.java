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
import static io.planetscale.cdc.grpc.VStreamEvents.delete;
import static io.planetscale.cdc.grpc.VStreamEvents.field;
import static io.planetscale.cdc.grpc.VStreamEvents.insert;
import static io.planetscale.cdc.grpc.VStreamEvents.ours;
import static io.planetscale.cdc.grpc.VStreamEvents.response;
import static io.planetscale.cdc.grpc.VStreamEvents.row;
import static io.planetscale.cdc.grpc.VStreamEvents.rows;
import static io.planetscale.cdc.grpc.VStreamEvents.update;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How row images are read: partial images, ENUM/SET numbers, table names, grouping, bad rows. */
class VStreamProtocolRowsTest {
  private final VStreamProtocol protocol = VStreamEvents.protocol();
  private final RecordingDelivery out = new RecordingDelivery();

  @BeforeEach
  void startAtAPosition() {
    protocol.startAt(TableCursor.of(SHARD, KS, POS1));
  }

  private void apply(VEvent... events) {
    assertThat(protocol.apply(response(events), out)).isNull();
  }

  /** Columns c0..c{n-1}, all VARCHAR. */
  private static Field[] columns(int n) {
    Field[] fields = new Field[n];
    for (int i = 0; i < n; i++) {
      fields[i] = Field.of("c" + i, VitessType.VARCHAR, "varchar(10)", 255);
    }
    return fields;
  }

  @Test
  void bitmapBitsAreReadByteByByteLeastSignificantFirst() {
    RowChange.Bitmap b = RowChange.Bitmap.newBuilder().setCount(12)
        .setCols(ByteString.copyFrom(new byte[] {0b0000_0101, (byte) 0b1000_1000})).build();
    List<Integer> set = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      if (VStreamFields.isSet(b, i)) {
        set.add(i);
      }
    }
    // Bit 15 is set in the bytes but lies beyond the 12 columns the bitmap counts.
    assertThat(set).containsExactly(0, 2, 11);
  }

  @Test
  void aPartialImageCarriesOnlyThePresentColumnsWhateverTheRowsWidth() {
    apply(begin(), field("ks.t", columns(10)));
    // Columns 0, 3 and 9 present (9 is in the second byte). Full width: the others are -1, not NULL.
    String[] before = {"1", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9"};
    String[] after = {"1", null, null, "x", null, null, null, null, null, "y"};
    RowChange fullWidth = update(before, after).toBuilder().setDataColumns(bitmap(10, 0, 3, 9)).build();
    // The same change with just the present columns.
    RowChange compact = RowChange.newBuilder().setBefore(row("1", "b3", "b9")).setAfter(row("2", "x", "y"))
        .setDataColumns(bitmap(10, 0, 3, 9)).build();
    // A bitmap with every column set is a full image.
    String[] all = {"3", "a", "b", "c", "d", "e", "f", "g", "h", "i"};
    RowChange full = RowChange.newBuilder().setAfter(row(all)).setDataColumns(bitmap(10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
        .build();
    apply(rows("ks.t", fullWidth, compact, full), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (c0,c1,c2,c3,c4,c5,c6,c7,c8,c9)",
        // A full-width previous image keeps every column it logged; a narrower one is read with the
        // new image's columns.
        "partial UPDATE (c0,c3,c9) [1, x, y] before (c0,c1,c2,c3,c4,c5,c6,c7,c8,c9) "
            + "[1, b1, b2, b3, b4, b5, b6, b7, b8, b9]",
        "partial UPDATE (c0,c3,c9) [2, x, y] before (c0,c3,c9) [1, b3, b9]",
        "INSERT [3, a, b, c, d, e, f, g, h, i]",
        "cursor " + POS2);
  }

  @Test
  void partialJsonValuesAreLeftOutOfTheImage() {
    Field doc = Field.of("doc", VitessType.JSON, "json", 63);
    apply(begin(), field("ks.t", ID, doc));
    RowChange change = update(new String[] {"1", "{\"a\": 1}"}, new String[] {"1", "JSON_REPLACE(%s, '$.a', 2)"})
        .toBuilder().setDataColumns(bitmap(2, 0, 1)).setJsonPartialValues(bitmap(2, 1)).build();
    apply(rows("ks.t", change), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,doc)",
        "partial UPDATE (id) [1] before (id,doc) [1, {\"a\": 1}]", "cursor " + POS2);
  }

  @Test
  void enumAndSetNumbersBecomeLabelsWhenTheFieldEventSaysTheyAreNumbers() {
    Field e = Field.of("e", VitessType.ENUM, "enum('a','b','c')", 255);
    Field s = Field.of("s", VitessType.SET, "set('x','y','z')", 255);
    apply(begin(), field("ks.t", false, ID, e, s));
    apply(rows("ks.t", insert("1", "2", "5"), insert("2", "0", "0"), insert("3", null, null), insert("4", "9", "8")),
        vgtid(ours(POS2)), commit());
    // 2 = b; 5 = bits 0 and 2 = x,z; 0 = '' for both; NULL stays NULL; out of range stays a number.
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,e,s)",
        "INSERT [1, b, x,z] [2, , ] [3, NULL, NULL] [4, 9, 8]",
        "cursor " + POS2);
    assertThat(out.results.get(0).rows().get(0).get(1).type()).isEqualTo(VitessType.ENUM);

    apply(begin(), field("ks.t", true, ID, e, s), rows("ks.t", insert("5", "b", "x,y")), vgtid(ours(POS2)), commit());
    assertThat(out.take()).contains("INSERT [5, b, x,y]");
  }

  @Test
  void enumNumbersInPartialImagesAreMappedByTheirColumn() {
    Field e = Field.of("e", VitessType.ENUM, "enum('on','off')", 255);
    apply(begin(), field("ks.t", false, ID, NAME, e));
    RowChange change = RowChange.newBuilder().setAfter(row("1", null, "2")).setDataColumns(bitmap(3, 0, 2)).build();
    apply(rows("ks.t", change), vgtid(ours(POS2)), commit());
    assertThat(out.take()).contains("partial INSERT (id,e) [1, off]");
  }

  @Test
  void tableNamesAreMatchedBareOrQualified() {
    assertThat(protocol.isOurTable("t")).isTrue();
    assertThat(protocol.isOurTable("ks.t")).isTrue();
    assertThat(protocol.isOurTable("other.t")).isTrue();
    assertThat(protocol.isOurTable("ks.tt")).isFalse();
    assertThat(protocol.isOurTable("ks.u")).isFalse();
    assertThat(protocol.isOurTable("kst")).isFalse();

    apply(begin(), field("ks.u", ID), field("ks.t", ID, NAME), rows("ks.u", insert("9")), rows("t", insert("1", "a")),
        vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a]", "cursor " + POS2);
  }

  @Test
  void consecutiveRowsOfOneOperationShareOneResultWithTheFieldEventsColumns() {
    apply(begin(), field("ks.t", ID, NAME));
    apply(rows("ks.t", insert("1", "a"), insert("2", "b")), rows("ks.t", update(new String[] {"1", "a"},
        new String[] {"1", "c"}), update(new String[] {"2", "b"}, new String[] {"2", "d"})),
        rows("ks.t", insert("3", "e"), delete("3", "e"), delete("2", "d")), vgtid(ours(POS2)), commit());
    assertThat(out.take()).containsExactly("begin " + POS2, "schema - (id,name)", "INSERT [1, a] [2, b]",
        "UPDATE [1, c] [2, d] before [1, a] [2, b]", "INSERT [3, e]", "DELETE [3, e] [2, d]", "cursor " + POS2);
    assertThat(out.results).hasSize(4);
    assertThat(out.results.get(0).fields()).containsExactly(ID, NAME);
  }

  @Test
  void aRowThatDoesNotFitItsFieldsIsAnErrorNamingTableAndShard() {
    apply(begin(), field("ks.t", ID, NAME));
    assertThatThrownBy(() -> apply(rows("ks.t", insert("1", "a", "extra"))))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageStartingWith("reading table \"t\" shard \"-80\" failed: row has 3 values but only 2 fields");
  }

  @Test
  void aPartialImageOfAnUnexpectedWidthIsAnError() {
    apply(begin(), field("ks.t", columns(4)));
    RowChange change = RowChange.newBuilder().setAfter(row("1", "2", "3")).setDataColumns(bitmap(4, 0, 1)).build();
    assertThatThrownBy(() -> apply(rows("ks.t", change)))
        .isInstanceOf(PlanetScaleCdcException.class)
        .hasMessageContaining("table \"t\" shard \"-80\"")
        .hasMessageContaining("a partial row image has 3 values, but the table has 4 columns of which 2 are present");
  }
}
