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
import static io.planetscale.cdc.grpc.VStreamEvents.rows;
import static io.planetscale.cdc.grpc.VStreamEvents.update;
import static io.planetscale.cdc.grpc.VStreamEvents.vgtid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.Field;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.VitessType;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Previous images without a bitmap, read by the declared {@code binlog_row_image}: which -1 lengths
 * are columns the server did not log (absent) and which are NULL.
 */
class VStreamDeclaredRowImageTest {
  private static final Field BODY = Field.of("body", VitessType.TEXT, "text", 255);
  private static final Field DOC = Field.of("doc", VitessType.JSON, "json", 63);

  /** The lines a protocol declared {@code image} delivers for one transaction of t(id, name, body text, doc json). */
  private static List<String> read(BinlogRowImage image, RowChange... changes) {
    VStreamProtocol protocol = VStreamEvents.protocol(image);
    protocol.startAt(TableCursor.of(SHARD, KS, POS1));
    RecordingDelivery out = new RecordingDelivery();
    assertThat(protocol.apply(response(begin(), field("ks.t", ID, NAME, BODY, DOC), rows("ks.t", changes),
        vgtid(ours(POS2)), commit()), out)).isNull();
    List<String> lines = out.take();
    assertThat(lines.subList(0, 2)).containsExactly("begin " + POS2, "schema - (id,name,body,doc)");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("cursor " + POS2);
    return lines.subList(2, lines.size() - 1);
  }

  private static String[] values(String... v) {
    return v;
  }

  @Test
  void underFullEveryMinusOneWithoutABitmapIsNull() {
    assertThat(read(BinlogRowImage.FULL,
        update(values("1", null, null, null), values("1", "a", "b", "{}")),
        delete("2", null, null, null)))
        .containsExactly("UPDATE [1, a, b, {}] before [1, NULL, NULL, NULL]", "DELETE [2, NULL, NULL, NULL]");
  }

  @Test
  void underNoblobAMissingBlobOrJsonInAPreviousImageIsAbsentAndOtherMinusOnesAreNull() {
    assertThat(read(BinlogRowImage.NOBLOB,
        // The blob changed: the new image is complete and there is no bitmap.
        update(values("1", null, null, null), values("1", "a", "b2", "{}")),
        delete("2", "n", null, null),
        insert("3", null, null, null),
        // A partial new image: the previous image's NULL name stays NULL, its missing blob is absent.
        update(values("1", null, null, "{}"), values("1", "x", null, "{}")).toBuilder()
            .setDataColumns(bitmap(4, 0, 1, 3)).build(),
        update(values("4", "m", "old", "[]"), values("4", "m", "new", "[]"))))
        .containsExactly(
            "partial UPDATE (id,name,body,doc) [1, a, b2, {}] before (id,name) [1, NULL]",
            "partial DELETE (id,name) [2, n]",
            "INSERT [3, NULL, NULL, NULL]",
            "partial UPDATE (id,name,doc) [1, x, {}] before (id,name,doc) [1, NULL, {}]",
            "UPDATE [4, m, new, []] before [4, m, old, []]");
  }

  @Test
  void underMinimalEveryMinusOneInAPreviousImageIsAbsent() {
    assertThat(read(BinlogRowImage.MINIMAL,
        // Every column changed: the new image is complete, the previous one is the key.
        update(values("1", null, null, null), values("1", "a", "b", "{}")),
        delete("2", null, null, null),
        insert("3", "c", null, null)))
        .containsExactly(
            "partial UPDATE (id,name,body,doc) [1, a, b, {}] before (id) [1]",
            "partial DELETE (id) [2]",
            "INSERT [3, c, NULL, NULL]");
  }

  @Test
  void theOptionDefaultsToFullAndIsCarriedByToBuilder() {
    assertThat(ConnectOptions.defaults().binlogRowImage()).isEqualTo(BinlogRowImage.FULL);
    ConnectOptions noblob = ConnectOptions.builder().binlogRowImage(BinlogRowImage.NOBLOB).build();
    assertThat(noblob.binlogRowImage()).isEqualTo(BinlogRowImage.NOBLOB);
    assertThat(noblob.toBuilder().build().binlogRowImage()).isEqualTo(BinlogRowImage.NOBLOB);
    assertThatThrownBy(() -> ConnectOptions.builder().binlogRowImage(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void configNamesAreReadIgnoringCaseAndOthersAreRejectedByName() {
    assertThat(BinlogRowImage.fromConfig("binlog_row_image", " NoBlob ")).isEqualTo(BinlogRowImage.NOBLOB);
    assertThat(BinlogRowImage.fromConfig("binlog_row_image", "minimal")).isEqualTo(BinlogRowImage.MINIMAL);
    assertThat(BinlogRowImage.fromConfig("binlog_row_image", "FULL")).isEqualTo(BinlogRowImage.FULL);
    assertThatThrownBy(() -> BinlogRowImage.fromConfig("binlog_row_image", "compact"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binlog_row_image: unknown binlog row image \"compact\"; use \"full\", \"noblob\" or \"minimal\"");
    assertThatThrownBy(() -> BinlogRowImage.fromConfig("binlog_row_image", null))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("binlog_row_image");
  }
}
