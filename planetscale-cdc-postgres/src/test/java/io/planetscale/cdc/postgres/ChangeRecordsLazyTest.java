package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaMismatchException;
import io.planetscale.cdc.postgres.internal.pgoutput.DeleteMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.OldTupleKind;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationColumn;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.ReplicaIdentity;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleData;
import io.planetscale.cdc.postgres.internal.pgoutput.TupleValue;
import io.planetscale.cdc.postgres.internal.pgoutput.UpdateMessage;
import io.planetscale.cdc.spi.LazyRowValues;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Records convert their values when first read, with the absent columns decided without converting. */
class ChangeRecordsLazyTest {
  private static final long INT8 = 20;
  private static final long TEXT = 25;
  private static final RelationMessage USERS = new RelationMessage(0, 16384, "public", "users",
      ReplicaIdentity.DEFAULT, List.of(new RelationColumn(true, "id", INT8, -1),
          new RelationColumn(false, "name", TEXT, -1), new RelationColumn(false, "bio", TEXT, -1)));
  private static final SyncTable ALL_COLUMNS = new SyncTable(TestCatalogs.stream("users", "id"), "public", "users",
      List.of("id"), List.of());
  private static final RecordPosition AT = new RecordPosition("db", "-", "pg:0/16B3748", 7);

  private final AtomicInteger conversions = new AtomicInteger();
  private final ChangeRecords records = new ChangeRecords((oid, text) -> {
    conversions.incrementAndGet();
    return new PgTypedValues().convert(oid, text);
  });

  @Test
  void anInsertConvertsItsValuesOnlyWhenOneIsRead() {
    Record record = records.insert(ALL_COLUMNS, USERS, TupleData.of(TupleValue.text("1"), TupleValue.text("ann"),
        TupleValue.NULL), AT, Instant.EPOCH);

    assertThat(record.data()).isInstanceOf(LazyRowValues.class);
    assertThat(List.copyOf(record.data().keySet())).containsExactly("id", "name", "bio");
    assertThat(record.data().containsKey("bio")).isTrue();
    assertThat(((LazyRowValues) record.data()).isConverted()).isFalse();
    assertThat(conversions).hasValue(0);
    assertThat(record.data().get("id")).isEqualTo(1L);
    assertThat(record.data()).containsEntry("name", "ann").containsEntry("bio", null);
    assertThat(conversions).hasValue(2); // two texts; SQL NULL needs no conversion
    assertThat(record.isComplete()).isTrue();
  }

  @Test
  void anUnchangedToastValueIsAbsentNotNullAndTheUsualShapeReturnsAfterIt() {
    UpdateMessage update = new UpdateMessage(0, 16384, OldTupleKind.NONE, Optional.empty(),
        TupleData.of(TupleValue.text("1"), TupleValue.text("bob"), TupleValue.UNCHANGED_TOAST));
    Record toasted = records.update(ALL_COLUMNS, USERS, update, AT, Instant.EPOCH);
    Record whole = records.insert(ALL_COLUMNS, USERS, TupleData.of(TupleValue.text("2"), TupleValue.text("cy"),
        TupleValue.text("long")), AT, Instant.EPOCH);

    assertThat(toasted.data()).containsOnlyKeys("id", "name").containsEntry("name", "bob");
    assertThat(toasted.absentColumns()).containsExactly("bio");
    assertThat(toasted.before()).isNull();
    assertThat(whole.data()).containsEntry("bio", "long");
    assertThat(whole.absentColumns()).isEmpty();
  }

  @Test
  void aKeyOnlyDeleteHasItsKeyAsDataAndNamesTheOtherColumnsAbsentFromBefore() {
    DeleteMessage delete = new DeleteMessage(0, 16384, OldTupleKind.KEY, TupleData.of(TupleValue.text("9"),
        TupleValue.NULL, TupleValue.NULL));
    Record record = records.delete(ALL_COLUMNS, USERS, delete, AT, Instant.EPOCH);

    assertThat(record.data()).containsExactly(java.util.Map.entry("id", 9L));
    assertThat(record.absentColumns()).isEmpty();
    assertThat(record.before()).containsOnlyKeys("id");
    assertThat(record.absentBeforeColumns()).containsExactly("name", "bio");
  }

  @Test
  void selectedColumnsKeepTheirOrderAndAColumnTheTableLostIsAbsent() {
    SyncTable selected = new SyncTable(TestCatalogs.stream("users", "id"), "public", "users", List.of("id"),
        List.of("name", "gone", "id"));
    Record record = records.insert(selected, USERS, TupleData.of(TupleValue.text("3"), TupleValue.text("di"),
        TupleValue.text("x")), AT, Instant.EPOCH);

    assertThat(List.copyOf(record.data().keySet())).containsExactly("name", "id");
    assertThat(record.data()).containsEntry("id", 3L);
    assertThat(record.absentColumns()).containsExactly("gone");
  }

  @Test
  void aValueThatDoesNotConvertFailsAtItsFirstReadNamingStreamColumnAndPosition() {
    Record record = records.insert(ALL_COLUMNS, USERS, TupleData.of(TupleValue.text("not a number"),
        TupleValue.text("ann"), TupleValue.NULL), AT, Instant.EPOCH);

    assertThat(record.data().containsKey("id")).isTrue();
    assertThatThrownBy(() -> record.data().get("name")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("stream \"users\"").hasMessageContaining("column \"id\"")
        .hasMessageContaining("pg:0/16B3748 #7").hasMessageContaining("not a number");
    assertThatThrownBy(() -> record.data().get("id")).isInstanceOf(SchemaMismatchException.class);
  }

  @Test
  void aSnapshotRowConvertsWhenRead() {
    TupleLayout.Shape shape = ChangeRecords.snapshotShape(ALL_COLUMNS, List.of("id", "name", "bio"),
        new long[] {INT8, TEXT, TEXT});
    Record record = records.snapshotRow(ALL_COLUMNS, shape, new String[] {"5", null, "b"}, AT, Instant.EPOCH);
    Record bad = records.snapshotRow(ALL_COLUMNS, shape, new String[] {"x5", null, "b"}, AT, Instant.EPOCH);

    assertThat(conversions).hasValue(0);
    assertThat(record.data()).containsEntry("id", 5L).containsEntry("name", null).containsEntry("bio", "b");
    assertThatThrownBy(() -> bad.data().get("bio")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("stream \"users\", column \"id\"");
  }
}
