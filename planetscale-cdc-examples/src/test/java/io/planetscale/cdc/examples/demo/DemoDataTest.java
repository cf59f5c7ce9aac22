package io.planetscale.cdc.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.testkit.ColumnSpec;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoDataTest {
  @Test
  void theSameRowsOnEveryRun() {
    DemoData a = new DemoData(100_000);
    DemoData b = new DemoData(100_000);
    for (TableSpec t : DemoData.tables()) {
      List<Map<String, Object>> rows = a.rows(t.name(), 500, 510);
      List<Map<String, Object>> again = b.rows(t.name(), 500, 510);
      assertThat(rows).hasSize(10);
      for (int i = 0; i < rows.size(); i++) {
        assertThat(rows.get(i).keySet()).containsExactlyElementsOf(
            t.columns().stream().map(ColumnSpec::name).collect(Collectors.toList()));
        assertThat(rows.get(i).get("id")).isEqualTo(501L + i);
        assertThat(text(rows.get(i))).isEqualTo(text(again.get(i)));
      }
    }
    assertThat(a.changes()).extracting(c -> c.table() + c.operation() + c.id() + text(c.values())).isEqualTo(
        b.changes().stream().map(c -> c.table() + c.operation() + c.id() + text(c.values())).collect(Collectors.toList()));
  }

  private static String text(Map<String, Object> row) {
    return row.entrySet().stream()
        .map(e -> e.getKey() + "=" + (e.getValue() instanceof byte[] ? Arrays.toString((byte[]) e.getValue())
            : String.valueOf(e.getValue())))
        .collect(Collectors.joining(", "));
  }

  @Test
  void splitsTheRowsOverThreeTablesOfTheCommonTypes() {
    DemoData d = new DemoData(100_000);
    assertThat(d.rowCount("customers")).isEqualTo(10_000);
    assertThat(d.rowCount("orders")).isEqualTo(30_000);
    assertThat(d.rowCount("order_items")).isEqualTo(60_000);
    assertThat(d.totalRows()).isEqualTo(100_000);
    assertThat(new DemoData(1001).totalRows()).isEqualTo(1001);
    String types = DemoData.tables().stream().flatMap(t -> t.columns().stream()).map(ColumnSpec::columnType)
        .collect(Collectors.joining(" "));
    for (String type : List.of("bigint", "bigint unsigned", "int", "smallint", "varchar(", "char(2)", "decimal(",
        "double", "tinyint(1)", "datetime(6)", "timestamp", "date", "time", "year", "json", "enum(", "text",
        "varbinary(")) {
      assertThat(types).contains(type);
    }
    assertThatThrownBy(() -> new DemoData(299)).hasMessageContaining("at least 300");
  }

  @Test
  void theChangesTouchDistinctRowsOfEveryTable() {
    DemoData d = new DemoData(DemoData.MIN_ROWS);
    List<DemoData.Change> changes = d.changes();
    assertThat(changes).hasSize(54);
    for (TableSpec t : DemoData.tables()) {
      List<DemoData.Change> mine = changes.stream().filter(c -> c.table().equals(t.name()))
          .collect(Collectors.toList());
      assertThat(mine).filteredOn(c -> c.operation() == Operation.INSERT).hasSize(DemoData.INSERTS)
          .allSatisfy(c -> assertThat(c.id()).isGreaterThan(d.rowCount(t.name())));
      List<DemoData.Change> existing = mine.stream().filter(c -> c.operation() != Operation.INSERT)
          .collect(Collectors.toList());
      assertThat(existing).hasSize(DemoData.UPDATES + DemoData.DELETES)
          .allSatisfy(c -> assertThat(c.id()).isBetween(1L, (long) d.rowCount(t.name())));
      assertThat(existing).extracting(DemoData.Change::id).doesNotHaveDuplicates();
    }
  }
}
