package io.planetscale.cdc.examples.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The demo's changes counted by "table operation id", as applied and as a records file delivered them. */
final class DemoChanges {
  private DemoChanges() {}

  /** How often each change was applied to the demo's data. */
  static Map<String, Integer> applied(DemoData data) {
    Map<String, Integer> applied = new HashMap<>();
    for (DemoData.Change c : data.changes()) {
      applied.merge(c.table() + " " + c.operation() + " " + c.id(), 1, Integer::sum);
    }
    return applied;
  }

  /** How often each change arrives in a records file's lines. */
  static Map<String, Integer> delivered(List<Map<String, Object>> records) {
    Map<String, Integer> delivered = new HashMap<>();
    for (Map<String, Object> l : records) {
      delivered.merge(l.get("stream") + " " + l.get("operation") + " " + ((Map<?, ?>) l.get("data")).get("id"), 1,
          Integer::sum);
    }
    return delivered;
  }
}
