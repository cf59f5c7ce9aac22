package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordTest {
  private static final RecordPosition POSITION = new RecordPosition("ks", "-", "", 0);

  @Test
  void dataIsCopiedKeepingOrderAndNulls() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("b", 1L);
    data.put("a", null);
    Record r = new Record("t", Operation.INSERT, data, null, Instant.EPOCH, POSITION);
    data.put("c", 2L);
    assertThat(r.data()).containsExactly(entry("b", 1L), entry("a", null));
    assertThatThrownBy(() -> r.data().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void columnValuesIsAnOrderedImmutableMapEqualToAHashMap() {
    ColumnValues values = new ColumnValues(new String[] {"id", "name"}, new Object[] {1L, null});
    Map<String, Object> expected = new HashMap<>();
    expected.put("id", 1L);
    expected.put("name", null);
    assertThat(values).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(values.keySet()).containsExactly("id", "name");
    assertThat(values.containsKey("name")).isTrue();
    assertThat(values.get("missing")).isNull();
    assertThatThrownBy(() -> values.entrySet().iterator().next().setValue(2L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> values.remove("id")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void columnValuesRejectsMismatchedArrays() {
    assertThatThrownBy(() -> new ColumnValues(new String[] {"a"}, new Object[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void positionRejectsNegativeSequence() {
    assertThatThrownBy(() -> new RecordPosition("ks", "-", "", -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSixArgumentConstructorMakesACompleteRecord() {
    Record r = new Record("t", Operation.UPDATE, Map.of("id", 1L), Map.of("id", 1L), Instant.EPOCH, POSITION);
    assertThat(r.absentColumns()).isEmpty();
    assertThat(r.absentBeforeColumns()).isEmpty();
    assertThat(r.isComplete()).isTrue();
    assertThat(r).isEqualTo(new Record("t", Operation.UPDATE, Map.of("id", 1L), Map.of("id", 1L), Instant.EPOCH,
        POSITION, Set.of(), null));
  }

  @Test
  void absentColumnsAreCopiedInOrderAndTakePartInEqualityAndToString() {
    Set<String> absent = new LinkedHashSet<>(List.of("z", "a"));
    Record r = new Record("t", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH, POSITION, absent, null);
    absent.add("late");
    assertThat(r.absentColumns()).containsExactly("z", "a");
    assertThat(r.isComplete()).isFalse();
    assertThatThrownBy(() -> r.absentColumns().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.absentColumns()).isEqualTo(Set.of("a", "z")).hasSameHashCodeAs(Set.of("a", "z"));
    Record complete = new Record("t", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH, POSITION);
    assertThat(r).isNotEqualTo(complete);
    assertThat(r).isEqualTo(new Record("t", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH, POSITION,
        Set.of("a", "z"), Set.of()));
    assertThat(r.toString()).contains("absentColumns=[z, a]").contains("absentBeforeColumns=[]");
  }

  @Test
  void anAbsentColumnIsNeverInItsMapEvenAsNull() {
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("id", 1L);
    withNull.put("name", null);
    assertThatThrownBy(() -> new Record("t", Operation.INSERT, withNull, null, Instant.EPOCH, POSITION,
        Set.of("name"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absentColumns names column \"name\", which data holds");
    assertThatThrownBy(() -> new Record("t", Operation.UPDATE, Map.of("id", 1L), withNull, Instant.EPOCH, POSITION,
        null, Set.of("name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("absentBeforeColumns names column \"name\", which before holds");
  }

  @Test
  void absentBeforeColumnsNeedABeforeImage() {
    assertThatThrownBy(() -> new Record("t", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH, POSITION,
        null, Set.of("name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a before image");
  }

  @Test
  void aNullAbsentColumnNameIsRejected() {
    Set<String> withNull = new LinkedHashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> new Record("t", Operation.INSERT, Map.of("id", 1L), null, Instant.EPOCH, POSITION,
        withNull, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("column name is null");
  }
}
