package io.planetscale.cdc.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.SchemaMismatchException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyRowValuesTest {
  private static final LazyRowValues.Columns COLUMNS = LazyRowValues.Columns.of(List.of("id", "name", "note"));

  /** Converts texts to upper case (a null stays SQL NULL), counting its calls. */
  private static LazyRowValues.Conversion<String[]> counting(AtomicInteger calls) {
    return texts -> {
      calls.incrementAndGet();
      Object[] values = new Object[texts.length];
      for (int i = 0; i < texts.length; i++) {
        values[i] = texts[i] == null ? null : texts[i].toUpperCase();
      }
      return values;
    };
  }

  @Test
  void namesSizeAndContainsKeyNeedNoConversion() {
    AtomicInteger calls = new AtomicInteger();
    LazyRowValues row = LazyRowValues.of(COLUMNS, new String[] {"1", "a", null}, counting(calls));

    assertThat(row.size()).isEqualTo(3);
    assertThat(row.isEmpty()).isFalse();
    assertThat(row.containsKey("name")).isTrue();
    assertThat(row.containsKey("other")).isFalse();
    assertThat(new ArrayList<>(row.keySet())).containsExactly("id", "name", "note");
    assertThat(row.keySet().contains("note")).isTrue();
    assertThat(calls).hasValue(0);
    assertThat(row.isConverted()).isFalse();
  }

  @Test
  void theFirstReadConvertsTheWholeRowOnce() {
    AtomicInteger calls = new AtomicInteger();
    LazyRowValues row = LazyRowValues.of(COLUMNS, new String[] {"1", "a", null}, counting(calls));

    assertThat(row.get("name")).isEqualTo("A");
    assertThat(row.get("note")).isNull();
    assertThat(row.containsKey("note")).isTrue();
    assertThat(row.get("missing")).isNull();
    Map<String, Object> copy = new LinkedHashMap<>(row);
    assertThat(new ArrayList<>(copy.keySet())).containsExactly("id", "name", "note");
    assertThat(copy).containsEntry("id", "1").containsEntry("name", "A").containsEntry("note", null);
    assertThat(row).isEqualTo(copy);
    assertThat(calls).hasValue(1);
    assertThat(row.isConverted()).isTrue();
  }

  @Test
  void isUnmodifiable() {
    LazyRowValues row = LazyRowValues.of(COLUMNS, new String[] {"1", "a", "b"}, counting(new AtomicInteger()));

    assertThatThrownBy(() -> row.put("id", "2")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.remove("id")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.keySet().remove("id")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> row.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> {
      var names = row.keySet().iterator();
      names.next();
      names.remove();
    }).isInstanceOf(UnsupportedOperationException.class);
    assertThat(row).containsEntry("id", "1");
  }

  @Test
  void aRecordKeepsTheMapWithoutCopyingOrConvertingIt() {
    AtomicInteger calls = new AtomicInteger();
    LazyRowValues data = LazyRowValues.of(COLUMNS, new String[] {"1", "a", null}, counting(calls));
    LazyRowValues before = LazyRowValues.of(COLUMNS, new String[] {"1", "b", null}, counting(calls));

    Record record = new Record("users", Operation.UPDATE, data, before, Instant.EPOCH,
        new RecordPosition("db", "-", "pg:0/1", 0));

    assertThat(record.data()).isSameAs(data);
    assertThat(record.before()).isSameAs(before);
    assertThat(calls).hasValue(0);
    assertThat(record.before().get("name")).isEqualTo("B");
    assertThat(calls).hasValue(1);
  }

  @Test
  void aFailedConversionThrowsFromEveryRead() {
    AtomicInteger calls = new AtomicInteger();
    LazyRowValues row = LazyRowValues.of(COLUMNS, "source", source -> {
      calls.incrementAndGet();
      throw new SchemaMismatchException("stream \"users\", column \"id\" at pg:0/1: cannot convert");
    });

    assertThat(row.containsKey("id")).isTrue();
    assertThatThrownBy(() -> row.get("id")).isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column \"id\"");
    assertThatThrownBy(row::entrySet).isInstanceOf(SchemaMismatchException.class);
    assertThat(calls).hasValue(2);
    assertThat(row.isConverted()).isFalse();
  }

  @Test
  void aConversionGivingTheWrongNumberOfValuesIsAnError() {
    LazyRowValues row = LazyRowValues.of(COLUMNS, "source", source -> new Object[] {"only one"});

    assertThatThrownBy(() -> row.get("id")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 values for 3 columns");
  }

  @Test
  void columnsRejectRepeatedAndNullNames() {
    assertThatThrownBy(() -> LazyRowValues.Columns.of(List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"a\" is named twice");
    assertThatThrownBy(() -> LazyRowValues.Columns.of(Arrays.asList("a", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column name 1 is null");
    assertThat(LazyRowValues.Columns.of(List.of("x", "y")).name(1)).isEqualTo("y");
  }

  @Test
  void readsFromManyThreadsConvertOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    LazyRowValues row = LazyRowValues.of(COLUMNS, new String[] {"1", "a", "b"}, counting(calls));
    List<Thread> threads = new ArrayList<>();
    List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread thread = new Thread(() -> seen.add(row.get("note")));
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertThat(seen).hasSize(8).containsOnly("B");
    assertThat(calls).hasValue(1);
  }
}
