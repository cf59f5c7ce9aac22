package io.planetscale.cdc.examples.demo;

import java.io.PrintStream;
import java.util.Map;

/** Prints the demo's summary: one row per phase and stream, and a total row per phase. */
final class Summary {
  private static final String FORMAT = "%-12s %-14s %10s %9s %9s %12s %12s%n";

  private final PrintStream out;

  Summary(PrintStream out) {
    this.out = out;
  }

  void header() {
    out.printf(FORMAT, "phase", "stream", "inserts", "updates", "deletes", "checkpoints", "rows/s");
    out.printf(FORMAT, "-----", "------", "-------", "-------", "-------", "-----------", "------");
  }

  void phase(String name, PhaseSink sink) {
    long inserts = 0;
    long updates = 0;
    long deletes = 0;
    for (Map.Entry<String, PhaseSink.Counts> e : sink.streams().entrySet()) {
      PhaseSink.Counts c = e.getValue();
      row(name, e.getKey(), c.inserts, c.updates, c.deletes, c.checkpoints, c.records() / c.seconds());
      inserts += c.inserts;
      updates += c.updates;
      deletes += c.deletes;
    }
    row(name, "(total)", inserts, updates, deletes, sink.states(), (inserts + updates + deletes) / sink.seconds());
  }

  private void row(String phase, String stream, long inserts, long updates, long deletes, long checkpoints,
      double rate) {
    out.printf(FORMAT, phase, stream, n(inserts), n(updates), n(deletes), n(checkpoints),
        String.format("%,.0f", rate));
  }

  private static String n(long value) {
    return String.format("%,d", value);
  }
}
