package io.planetscale.cdc;

import static io.planetscale.cdc.TestStreams.INTEGER;
import static io.planetscale.cdc.TestStreams.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SchemaChange}: validation, and what it says about the columns records carry. */
class SchemaChangeTest {
  private static final RecordPosition AT = new RecordPosition("ks", "-", "MySQL56/u:1-3", 2);
  /** Selects id, name and email; the table also has an unselected column "notes". */
  private static final Stream USERS = TestStreams.named("users").selected().key("id", INTEGER, true)
      .column("name", STRING).column("email", STRING).build();
  private static final Stream ALL_COLUMNS = TestStreams.named("users").selected().build();

  private static List<Field> fields(String... names) {
    List<Field> fields = new ArrayList<>();
    for (String name : names) {
      fields.add(Field.of(name, VitessType.VARCHAR));
    }
    return fields;
  }

  private static SchemaChange change(String ddl, String... columns) {
    return new SchemaChange("users", "ks", "-", ddl, fields(columns), AT);
  }

  @Test
  void componentsAreKeptAndFieldsCopied() {
    List<Field> fields = fields("id", "name");
    SchemaChange c = new SchemaChange("users", "ks", "-80", "ALTER TABLE users DROP COLUMN email", fields, AT);
    fields.add(Field.of("late", VitessType.INT64));
    assertThat(c.fields()).extracting(Field::name).containsExactly("id", "name");
    assertThat(c.shard()).isEqualTo("-80");
    assertThat(c.ddl()).isEqualTo("ALTER TABLE users DROP COLUMN email");
    assertThat(c.position()).isEqualTo(AT);
    assertThatThrownBy(() -> c.fields().add(Field.of("x", VitessType.INT64)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void ddlMayBeNullWhenOnlyTheFieldsChanged() {
    assertThat(change(null, "id").ddl()).isNull();
    assertThat(change(null, "id")).isEqualTo(change(null, "id")).isNotEqualTo(change("ALTER TABLE users", "id"));
  }

  @Test
  void nullComponentsAreRejectedByName() {
    List<Field> f = fields("id");
    assertThatThrownBy(() -> new SchemaChange(null, "ks", "-", null, f, AT)).hasMessage("stream");
    assertThatThrownBy(() -> new SchemaChange("users", null, "-", null, f, AT)).hasMessage("keyspace");
    assertThatThrownBy(() -> new SchemaChange("users", "ks", null, null, f, AT)).hasMessage("shard");
    assertThatThrownBy(() -> new SchemaChange("users", "ks", "-", null, null, AT)).hasMessage("fields");
    assertThatThrownBy(() -> new SchemaChange("users", "ks", "-", null, f, null)).hasMessage("position");
  }

  @Test
  void aNullFieldIsRejectedWithItsIndex() {
    List<Field> withNull = Arrays.asList(Field.of("id", VitessType.INT64), null);
    assertThatThrownBy(() -> new SchemaChange("users", "ks", "-", null, withNull, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stream \"users\" shard \"-\"")
        .hasMessageContaining("field 1 of 2 is null");
  }

  @Test
  void recordColumnsAreTheSelectedColumnsStillPresentInSchemaOrder() {
    SchemaChange c = change(null, "notes", "email", "id");
    assertThat(c.columnNames()).containsExactly("notes", "email", "id");
    assertThat(c.recordColumns(USERS)).containsExactly("id", "email");
    assertThat(c.omittedColumns(USERS)).containsExactly("name");
  }

  @Test
  void aStreamWithoutPropertiesCarriesEveryFieldAndOmitsNothing() {
    SchemaChange c = change(null, "id", "notes", "added");
    assertThat(c.recordColumns(ALL_COLUMNS)).containsExactly("id", "notes", "added");
    assertThat(c.omittedColumns(ALL_COLUMNS)).isEmpty();
  }

  @Test
  void droppedAndAddedColumnsAreTheSelectedDifferencesFromThePreviousFields() {
    List<Field> previous = fields("id", "name", "email", "notes");
    SchemaChange c = change("ALTER TABLE users DROP COLUMN name, DROP COLUMN notes, ADD COLUMN phone TEXT",
        "id", "email", "phone");
    // notes was never selected and phone is not selected: neither counts.
    assertThat(c.droppedColumns(previous, USERS)).containsExactly("name");
    assertThat(c.addedColumns(previous, USERS)).isEmpty();
    assertThat(c.droppedColumns(previous, ALL_COLUMNS)).containsExactly("name", "notes");
    assertThat(c.addedColumns(previous, ALL_COLUMNS)).containsExactly("phone");
  }

  @Test
  void aSelectedColumnThatComesBackIsAdded() {
    SchemaChange droppedName = change(null, "id", "email");
    SchemaChange readded = change("ALTER TABLE users ADD COLUMN name TEXT", "id", "email", "name");
    assertThat(readded.addedColumns(droppedName.fields(), USERS)).containsExactly("name");
    assertThat(readded.droppedColumns(droppedName.fields(), USERS)).isEmpty();
    assertThat(readded.omittedColumns(USERS)).isEmpty();
  }

  @Test
  void theDifferencesRejectMissingArguments() {
    SchemaChange c = change(null, "id");
    assertThatThrownBy(() -> c.droppedColumns(null, USERS)).hasMessage("previous");
    assertThatThrownBy(() -> c.addedColumns(fields("id"), null)).hasMessage("stream");
    assertThatThrownBy(() -> c.omittedColumns(null)).hasMessage("stream");
  }
}
