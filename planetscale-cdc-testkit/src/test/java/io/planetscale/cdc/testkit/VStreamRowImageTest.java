package io.planetscale.cdc.testkit;

import static io.planetscale.cdc.testkit.VStreamTestSupport.after;
import static io.planetscale.cdc.testkit.VStreamTestSupport.before;
import static io.planetscale.cdc.testkit.VStreamTestSupport.changes;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.testkit.VStreamTestSupport.Env;
import io.planetscale.cdc.wire.internal.proto.binlogdata.RowChange;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEvent;
import io.planetscale.cdc.wire.internal.proto.binlogdata.VEventType;
import io.planetscale.cdc.wire.internal.proto.vtgate.VStreamResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Partial row images (binlog_row_image) and ENUM/SET values as strings or numbers. */
class VStreamRowImageTest {
  private static final String DOCS = "docs";
  private static final String SHIRTS = "shirts";

  /** docs(id bigint PK, title varchar(20), body text, qty int). */
  private static Env docs() {
    Env env = new Env(FakePlanetScale.builder());
    env.fake.createTable(TableSpec.builder(DOCS).column("id", "bigint").column("title", "varchar(20)")
        .column("body", "text").column("qty", "int").primaryKey("id").build());
    return env;
  }

  @Test
  void minimalImagesCarryTheKeyBeforeAndTheChangedColumnsAfterWithABitmap() throws Exception {
    try (Env env = docs()) {
      env.fake.insert(DOCS, Map.of("id", 1, "title", "t", "body", "b", "qty", 1)); // FULL: written before the switch
      String start = env.fake.position("-");
      env.fake.update(DOCS, 1, Map.of("title", "t0"));
      env.fake.binlogRowImage(RowImage.MINIMAL);
      env.fake.insert(DOCS, Map.of("id", 2, "title", "u", "body", "c", "qty", 2));
      env.fake.update(DOCS, 2, Map.of("title", "u2", "qty", 3));
      env.fake.delete(DOCS, 1);
      List<RowChange> c = changes(read(env, DOCS, start, 4));

      assertThat(c.get(0).hasDataColumns()).as("written under FULL").isFalse();
      assertThat(before(c.get(0))).containsExactly("1", "t", "b", "1");
      assertThat(c.get(1).hasDataColumns()).as("an insert is complete").isFalse();
      assertThat(after(c.get(1))).containsExactly("2", "u", "c", "2");

      RowChange update = c.get(2);
      // Full width, as vttablet sends them: a column not logged has length -1 (read here as null).
      assertThat(before(update)).containsExactly("2", null, null, null);
      assertThat(after(update)).containsExactly(null, "u2", null, "3");
      assertThat(update.getDataColumns().getCount()).isEqualTo(4);
      assertThat(bits(update.getDataColumns())).containsExactly(false, true, false, true);

      RowChange delete = c.get(3);
      assertThat(before(delete)).containsExactly("1", null, null, null);
      assertThat(delete.hasDataColumns()).as("vttablet sends data_columns only with an after image").isFalse();
    }
  }

  @Test
  void noblobImagesLeaveOutUnchangedTextAndBlobColumns() throws Exception {
    try (Env env = docs()) {
      env.fake.binlogRowImage(RowImage.NOBLOB);
      String start = env.fake.position("-");
      env.fake.insert(DOCS, Map.of("id", 1, "title", "t", "body", "b", "qty", 1));
      env.fake.update(DOCS, 1, Map.of("qty", 2));
      env.fake.update(DOCS, 1, Map.of("body", "b2"));
      env.fake.delete(DOCS, 1);
      List<RowChange> c = changes(read(env, DOCS, start, 4));

      assertThat(c.get(0).hasDataColumns()).isFalse();
      assertThat(after(c.get(0))).containsExactly("1", "t", "b", "1");
      assertThat(before(c.get(1))).containsExactly("1", "t", null, "1");
      assertThat(after(c.get(1))).containsExactly("1", "t", null, "2");
      assertThat(bits(c.get(1).getDataColumns())).containsExactly(true, true, false, true);
      assertThat(c.get(2).hasDataColumns()).as("the blob changed: the after-image is complete").isFalse();
      assertThat(after(c.get(2))).containsExactly("1", "t", "b2", "2");
      assertThat(before(c.get(2))).as("NOBLOB leaves the old blob out even when it changed")
          .containsExactly("1", "t", null, "2");
      assertThat(c.get(2).getBefore().getLengths(2)).isEqualTo(-1);
      assertThat(before(c.get(3))).containsExactly("1", "t", null, "2");
      assertThat(c.get(3).getBefore().getLengthsCount()).as("full width").isEqualTo(4);
      assertThat(c.get(3).hasDataColumns()).as("a delete carries no bitmap, as from vttablet").isFalse();

      env.fake.binlogRowImage(RowImage.FULL);
      String later = env.fake.position("-");
      env.fake.insert(DOCS, Map.of("id", 5, "title", "t", "body", "b", "qty", 1));
      env.fake.update(DOCS, 5, Map.of("qty", 9));
      RowChange full = changes(read(env, DOCS, later, 2)).get(1);
      assertThat(full.hasDataColumns()).isFalse();
      assertThat(before(full)).containsExactly("5", "t", "b", "1");
    }
  }

  @Test
  void enumAndSetValuesAreStringsByDefault() throws Exception {
    try (Env env = shirts()) {
      String start = env.fake.position("-");
      env.fake.insert(SHIRTS, Map.of("id", 2, "size", "large", "tags", "c"));
      RawVStreamClient.Stream copy = env.client.open(RawVStreamClient.request(env.fake, SHIRTS, "-", ""));
      List<VStreamResponse> copied = copy.until(VStreamTestSupport.GLOBAL_COPY_COMPLETED);
      assertThat(field(copied).getEnumSetStringValues()).isTrue();
      assertThat(after(changes(copied).get(0))).containsExactly("1", "medium", "a,c");
      copy.cancel();

      List<VStreamResponse> replicated = read(env, SHIRTS, start, 1);
      assertThat(field(replicated).getEnumSetStringValues()).isTrue();
      assertThat(after(changes(replicated).get(0))).containsExactly("2", "large", "c");
    }
  }

  @Test
  void enumAndSetValuesAsNumbersLikeOlderVitess() throws Exception {
    try (Env env = shirts()) {
      env.fake.vstream().enumSetValuesAsStrings(false);
      String start = env.fake.position("-");
      env.fake.insert(SHIRTS, Map.of("id", 2, "size", "large", "tags", "a,b,c"));
      env.fake.insert(SHIRTS, Map.of("id", 3, "size", "", "tags", ""));
      List<VStreamResponse> replicated = read(env, SHIRTS, start, 2);
      assertThat(field(replicated).getEnumSetStringValues()).isFalse();
      assertThat(after(changes(replicated).get(0))).containsExactly("2", "3", "7");
      assertThat(after(changes(replicated).get(1))).containsExactly("3", "0", "0");

      RawVStreamClient.Stream copy = env.client.open(RawVStreamClient.request(env.fake, SHIRTS, "-", ""));
      List<VStreamResponse> copied = copy.until(VStreamTestSupport.GLOBAL_COPY_COMPLETED);
      assertThat(field(copied).getEnumSetStringValues()).isFalse();
      assertThat(after(changes(copied).get(0))).as("MySQL's SELECT gives strings").containsExactly("1", "medium", "a,c");
      copy.cancel();
    }
  }

  @Test
  void aTableWithoutEnumOrSetSaysSoInReplication() throws Exception {
    try (Env env = docs()) {
      String start = env.fake.position("-");
      env.fake.insert(DOCS, Map.of("id", 1));
      assertThat(field(read(env, DOCS, start, 1)).getEnumSetStringValues()).isFalse();
    }
  }

  /** shirts(id, size enum('small','medium','large'), tags set('a','b','c')) with (1, medium, a,c). */
  private static Env shirts() {
    Env env = new Env(FakePlanetScale.builder());
    env.fake.createTable(TableSpec.builder(SHIRTS).column("id", "bigint")
        .column("size", "enum('small','medium','large')").column("tags", "set('a','b','c')").primaryKey("id").build());
    env.fake.insert(SHIRTS, Map.of("id", 1, "size", "medium", "tags", "a,c"));
    return env;
  }

  /** The first {@code transactions} transactions after {@code start}. */
  private static List<VStreamResponse> read(Env env, String table, String start, int transactions)
      throws InterruptedException {
    RawVStreamClient.Stream s = env.client.open(RawVStreamClient.request(env.fake, table, "-", start));
    List<VStreamResponse> out = new ArrayList<>();
    for (int i = 0; i < transactions; i++) {
      out.addAll(s.until(VStreamTestSupport.COMMITS));
    }
    s.cancel();
    return out;
  }

  private static io.planetscale.cdc.wire.internal.proto.binlogdata.FieldEvent field(List<VStreamResponse> rs) {
    for (VEvent e : VStreamTestSupport.ofType(rs, VEventType.FIELD)) {
      return e.getFieldEvent();
    }
    throw new AssertionError("no FIELD event");
  }

  /** Bit i = (cols[i/8] >> (i%8)) & 1, for i below count. */
  private static List<Boolean> bits(RowChange.Bitmap bitmap) {
    List<Boolean> out = new ArrayList<>();
    byte[] cols = bitmap.getCols().toByteArray();
    for (int i = 0; i < bitmap.getCount(); i++) {
      out.add(((cols[i / 8] >> (i % 8)) & 1) == 1);
    }
    return out;
  }
}
