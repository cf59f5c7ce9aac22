package io.planetscale.cdc.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's self-check notices a sync that delivered too little, too much or the wrong thing. */
class DemoCheckTest {
  @TempDir
  Path dir;

  private final DemoData data = new DemoData(DemoData.MIN_ROWS);

  @Test
  void passesExactlyTheExpectedRecordsAndNamesEveryDifference() throws Exception {
    PhaseSink full = sink("full", false);
    for (TableSpec t : DemoData.tables()) {
      for (long id = 1; id <= data.rowCount(t.name()); id++) {
        full.record(record(t.name(), Operation.INSERT, id), null);
      }
    }
    full.close();
    PhaseSink good = sink("good", true);
    for (DemoData.Change c : data.changes()) {
      good.record(record(c.table(), c.operation(), c.id()), null);
    }
    good.close();
    assertThat(DemoCheck.problems(data, full, good)).isEmpty();

    PhaseSink bad = sink("bad", true);
    List<DemoData.Change> changes = data.changes();
    for (DemoData.Change c : changes.subList(1, changes.size())) { // the first change is missing
      bad.record(record(c.table(), c.operation(), c.id()), null);
    }
    bad.record(record("orders", Operation.DELETE, 1), null); // and one was never made
    DemoData.Change updated = changes.stream().filter(c -> c.operation() == Operation.UPDATE).findFirst().get();
    bad.record(record(updated.table(), Operation.UPDATE, updated.id()), null); // delivered twice
    bad.close();
    DemoData.Change first = changes.get(0);
    assertThat(DemoCheck.problems(data, full, bad)).containsExactlyInAnyOrder(
        "incremental sync: missing insert of " + first.table() + " id " + first.id(),
        "incremental sync: unexpected delete of orders id 1",
        "incremental sync: unexpected update of " + updated.table() + " id " + updated.id());

    PhaseSink empty = sink("empty", false);
    empty.close();
    assertThat(DemoCheck.problems(data, empty, good)).contains("full sync of customers: expected 30 inserts, got nothing");
  }

  private PhaseSink sink(String name, boolean keep) {
    return new PhaseSink(name, dir.resolve(name + ".jsonl"), dir.resolve("state.json"),
        new PrintStream(new ByteArrayOutputStream()), 0, keep);
  }

  private static Record record(String table, Operation op, long id) {
    return new Record(table, op, Map.of("id", id), null, Instant.EPOCH, new RecordPosition("shop", "-", "", 0));
  }

}
