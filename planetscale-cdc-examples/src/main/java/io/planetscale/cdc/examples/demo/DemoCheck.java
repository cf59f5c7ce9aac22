package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.testkit.TableSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's self-check: the full sync delivered every row of every table as an insert, and the
 * incremental sync exactly the applied changes (each table, operation and id once, nothing else).
 */
final class DemoCheck {
  private DemoCheck() {}

  /**
   * @param data the dataset and its changes
   * @param full the full sync
   * @param incremental the incremental sync (with its records kept)
   * @return what is wrong, empty if nothing
   */
  static List<String> problems(DemoData data, PhaseSink full, PhaseSink incremental) {
    List<String> problems = new ArrayList<>();
    for (TableSpec t : DemoData.tables()) {
      PhaseSink.Counts c = full.streams().get(t.name());
      long expected = data.rowCount(t.name());
      if (c == null || c.inserts != expected || c.updates != 0 || c.deletes != 0) {
        problems.add("full sync of " + t.name() + ": expected " + expected + " inserts, got "
            + (c == null ? "nothing" : c.inserts + " inserts, " + c.updates + " updates, " + c.deletes + " deletes"));
      }
    }
    Map<String, Integer> expected = new TreeMap<>();
    for (DemoData.Change change : data.changes()) {
      expected.merge(key(change.table(), change.operation(), change.id()), 1, Integer::sum);
    }
    Map<String, Integer> actual = new TreeMap<>();
    for (Record r : incremental.kept()) {
      actual.merge(key(r.stream(), r.operation(), r.data().get("id")), 1, Integer::sum);
    }
    Map<String, Integer> missing = new HashMap<>(expected);
    actual.forEach((k, n) -> missing.merge(k, -n, Integer::sum));
    missing.forEach((k, n) -> {
      if (n > 0) {
        problems.add("incremental sync: missing " + k + (n > 1 ? " (" + n + " times)" : ""));
      } else if (n < 0) {
        problems.add("incremental sync: unexpected " + k + (n < -1 ? " (" + -n + " times)" : ""));
      }
    });
    problems.sort(null);
    return problems;
  }

  private static String key(String table, Operation op, Object id) {
    return op.name().toLowerCase() + " of " + table + " id " + id;
  }
}
