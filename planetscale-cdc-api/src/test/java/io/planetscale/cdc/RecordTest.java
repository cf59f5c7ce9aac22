package io.planetscale.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
}
