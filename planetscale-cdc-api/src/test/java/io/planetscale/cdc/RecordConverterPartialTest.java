package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RecordConverter} with partial row images, and after schema changes. */
class RecordConverterPartialTest {
  private static final RecordPosition AT = new RecordPosition("ks", "-", "MySQL56/u:1-9", 0);
  private static final List<String> SELECTED = List.of("id", "name", "bio");
  /** id (key), name and bio selected; the table also has "notes", not selected. */
  private final Stream users = TestStreams.named("users").selected().key("id", INTEGER, true)
      .column("name", STRING).column("bio", STRING).build();
  private final RecordConverter converter = new RecordConverter(users, SELECTED, "-");

  /** A result with the named columns (VARCHAR, id INT64) and one row of "column=value" cells. */
  private static QueryResult row(String... cells) {
    List<Field> fields = new ArrayList<>();
    List<Value> values = new ArrayList<>();
    for (String cell : cells) {
      String[] kv = cell.split("=", 2);
      VitessType type = kv[0].equals("id") ? VitessType.INT64 : VitessType.VARCHAR;
      fields.add(Field.of(kv[0], type));
      values.add(kv[1].equals("NULL") ? Value.NULL : Value.of(type, kv[1]));
    }
    return new QueryResult(fields, List.of(values));
  }

  private static List<Field> fields(String... names) {
    List<Field> fields = new ArrayList<>();
    for (String name : names) {
      fields.add(Field.of(name, name.equals("id") ? VitessType.INT64 : VitessType.VARCHAR));
    }
    return fields;
  }

  private Record partial(Operation op, QueryResult result, QueryResult before) {
    return converter.toPartialRecord(op, result, 0, before, AT, Instant.EPOCH);
  }

  private Record complete(Operation op, QueryResult result, QueryResult before) {
    return converter.toRecord(op, result, 0, before, AT, Instant.EPOCH);
  }

  @Test
  void partialInsertCarriesOnlyThePresentColumnsAndNamesTheRest() {
    Record r = partial(Operation.INSERT, row("id=1", "name=ann"), null);
    assertThat(r.data()).containsExactly(entry("id", 1L), entry("name", "ann"));
    assertThat(r.data()).doesNotContainKey("bio");
    assertThat(r.absentColumns()).containsExactly("bio");
    assertThat(r.absentBeforeColumns()).isEmpty();
    assertThat(r.isComplete()).isFalse();
  }

  @Test
  void anAbsentColumnIsNotANullColumn() {
    Record r = partial(Operation.INSERT, row("id=1", "bio=NULL"), null);
    assertThat(r.data()).containsExactly(entry("id", 1L), entry("bio", null));
    assertThat(r.absentColumns()).containsExactly("name");
    assertThat(r.data().containsKey("name")).isFalse();
  }

  @Test
  void partialUpdateImagesArePartialIndependently() {
    // Minimal images: the previous image is the key, the new one the changed column.
    Record r = partial(Operation.UPDATE, row("name=bea"), row("id=4"));
    assertThat(r.operation()).isEqualTo(Operation.UPDATE);
    assertThat(r.data()).containsExactly(entry("name", "bea"));
    assertThat(r.absentColumns()).containsExactly("id", "bio");
    assertThat(r.before()).containsExactly(entry("id", 4L));
    assertThat(r.absentBeforeColumns()).containsExactly("name", "bio");
  }

  @Test
  void partialUpdateWithACompleteBeforeImage() {
    Record r = partial(Operation.UPDATE, row("id=4", "name=bea"), row("id=4", "name=ann", "bio=x"));
    assertThat(r.absentColumns()).containsExactly("bio");
    assertThat(r.before()).containsExactly(entry("id", 4L), entry("name", "ann"), entry("bio", "x"));
    assertThat(r.absentBeforeColumns()).isEmpty();
  }

  @Test
  void partialDeleteWithAKeyOnlyImageHasTheKeyAsData() {
    Record r = partial(Operation.DELETE, row("id=8"), null);
    assertThat(r.data()).containsExactly(entry("id", 8L));
    assertThat(r.absentColumns()).isEmpty();
    assertThat(r.before()).containsExactly(entry("id", 8L));
    assertThat(r.absentBeforeColumns()).containsExactly("name", "bio");
  }

  @Test
  void partialDeleteWithoutTheKeyNamesTheKeyAbsent() {
    Record r = partial(Operation.DELETE, row("name=ann"), null);
    assertThat(r.data()).isEmpty();
    assertThat(r.absentColumns()).containsExactly("id");
  }

  @Test
  void valuesLandInTheirColumnsWhateverFieldListEachCallBrings() {
    // Alternating field lists (and orders) must each use their own plan.
    for (int i = 0; i < 3; i++) {
      assertThat(partial(Operation.UPDATE, row("bio=b" + i, "id=" + i), row("id=" + i)).data())
          .containsExactly(entry("id", (long) i), entry("bio", "b" + i));
      assertThat(partial(Operation.UPDATE, row("name=n" + i), row("id=" + i, "bio=old")).data())
          .containsExactly(entry("name", "n" + i));
      assertThat(partial(Operation.INSERT, row("id=" + i, "name=n", "bio=b"), null).isComplete()).isTrue();
    }
  }

  @Test
  void aCompleteImageLackingASelectedColumnIsStillAMismatch() {
    assertThatThrownBy(() -> complete(Operation.INSERT, row("id=1", "name=ann"), null))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("lacks the selected column(s) [bio]");
  }

  @Test
  void afterASchemaChangeDropsAColumnCompleteImagesOmitItWithoutError() {
    assertThat(converter.schemaChanged("ALTER TABLE users DROP COLUMN bio", fields("id", "name", "notes"))).isTrue();
    Record r = complete(Operation.INSERT, row("id=1", "name=ann", "notes=n"), null);
    assertThat(r.data()).containsExactly(entry("id", 1L), entry("name", "ann"));
    assertThat(r.absentColumns()).containsExactly("bio");
    // A column that no change announced gone is still a mismatch.
    assertThatThrownBy(() -> complete(Operation.INSERT, row("id=2", "notes=n"), null))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("[name]");
  }

  @Test
  void aSelectedColumnThatComesBackIsEmittedAgain() {
    converter.schemaChanged("ALTER TABLE users DROP COLUMN bio", fields("id", "name"));
    converter.schemaChanged("ALTER TABLE users ADD COLUMN bio TEXT", fields("id", "name", "bio"));
    Record r = complete(Operation.INSERT, row("id=1", "name=ann", "bio=hi"), null);
    assertThat(r.data()).containsExactly(entry("id", 1L), entry("name", "ann"), entry("bio", "hi"));
    assertThat(r.isComplete()).isTrue();
    assertThatThrownBy(() -> complete(Operation.INSERT, row("id=1", "name=ann"), null))
        .isInstanceOf(SchemaMismatchException.class);
  }

  @Test
  void anAddedColumnIsEmittedOnlyIfSelected() {
    converter.schemaChanged("ALTER TABLE users ADD COLUMN phone TEXT", fields("id", "name", "bio", "phone"));
    Record r = complete(Operation.INSERT, row("id=1", "name=a", "bio=b", "phone=5"), null);
    assertThat(r.data()).containsOnlyKeys("id", "name", "bio");

    Stream all = TestStreams.named("users").selected().build();
    RecordConverter everything = new RecordConverter(all, List.of(), "-");
    everything.schemaChanged("ALTER TABLE users ADD COLUMN phone TEXT", fields("id", "name", "phone"));
    Record r2 = everything.toRecord(Operation.INSERT, row("id=1", "name=a", "phone=5"), 0, null, AT, Instant.EPOCH);
    assertThat(r2.data()).containsExactly(entry("id", "1"), entry("name", "a"), entry("phone", "5"));
  }

  @Test
  void aStreamSelectingEveryColumnJudgesPartialImagesAgainstTheLastKnownFields() {
    Stream all = TestStreams.named("users").selected().build();
    RecordConverter everything = new RecordConverter(all, List.of(), "-");
    Record before = everything.toPartialRecord(Operation.INSERT, row("id=1"), 0, null, AT, Instant.EPOCH);
    assertThat(before.absentColumns()).isEmpty(); // nothing known about the table yet

    assertThat(everything.schemaChanged(null, fields("id", "name", "bio"))).isFalse();
    Record r = everything.toPartialRecord(Operation.INSERT, row("id=1", "extra=e"), 0, null, AT, Instant.EPOCH);
    assertThat(r.data()).containsOnlyKeys("id", "extra");
    assertThat(r.absentColumns()).containsExactly("name", "bio");
  }

  @Test
  void whatCountsAsASchemaChange() {
    // A read's first field list with every selected column is what the records assume already.
    assertThat(converter.schemaChanged(null, fields("id", "name", "bio", "notes"))).isFalse();
    assertThat(converter.schemaChanged(null, fields("id", "name", "bio", "notes"))).isFalse();
    assertThat(converter.schemaChanged(null, fields("id", "name", "bio"))).isTrue();
    assertThat(converter.schemaChanged("ALTER TABLE users ADD INDEX (name)", fields("id", "name", "bio"))).isTrue();

    RecordConverter fresh = new RecordConverter(users, SELECTED, "-");
    assertThat(fresh.schemaChanged(null, fields("id", "name"))).isTrue(); // bio is gone
    assertThat(fresh.toRecord(Operation.INSERT, row("id=1", "name=a"), 0, null, AT, Instant.EPOCH).absentColumns())
        .containsExactly("bio");
  }

  @Test
  void completeImagesKeepNamingNoAbsentColumns() {
    Record r = complete(Operation.UPDATE, row("id=1", "name=a", "bio=b"), row("id=1", "name=z", "bio=b"));
    assertThat(r.isComplete()).isTrue();
    assertThat(r.absentColumns()).isEmpty();
    // A delete whose image is only the key (psdbconnect) says the rest of its before image is absent.
    Record delete = complete(Operation.DELETE, row("id=3"), null);
    assertThat(delete.data()).containsExactly(entry("id", 3L));
    assertThat(delete.absentColumns()).isEmpty();
    assertThat(delete.absentBeforeColumns()).containsExactly("name", "bio");
  }
}
