package io.planetscale.cdc.examples.demo;

import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.ShardCounts;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncListener;
import io.planetscale.cdc.examples.cli.OutputFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sink and listener of one sync of the demo: writes every record as a JSON line, replaces the
 * state file (atomically) at every state, counts inserts, updates, deletes and checkpoints per
 * stream, times each stream, and reports progress on stderr (at every 10% of the phase's expected records when known,
 * and every second while records arrive).
 */
final class PhaseSink implements RecordSink, SyncListener, AutoCloseable {
  private static final long PROGRESS_NANOS = 1_000_000_000L;

  /** What one stream delivered in this phase. */
  static final class Counts {
    long inserts;
    long updates;
    long deletes;
    long checkpoints;
    long startNanos;
    long endNanos;

    long records() {
      return inserts + updates + deletes;
    }

    double seconds() {
      return Math.max(1, endNanos - startNanos) / 1e9;
    }
  }

  private final String phase;
  private final Path statePath;
  private final BufferedWriter lines;
  private final PrintStream progress;
  private final long expectedRows;
  private final boolean keepRecords;
  private final Map<String, Counts> streams = new LinkedHashMap<>();
  private final List<Record> kept = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private long endNanos;
  private long states;
  private State lastState;
  /** The streams started and not finished: several at once when a client reads tables in parallel. */
  private final Set<String> active = new LinkedHashSet<>();
  private long nextMark;
  private long records;
  private long lastPrint = System.nanoTime();

  /**
   * @param phase the phase's name, for progress lines
   * @param recordsPath the JSON-lines file to write
   * @param statePath the state file to replace at every state
   * @param progress where progress lines go
   * @param expectedRows how many records the phase should deliver, or 0 when unknown
   * @param keepRecords keep the records in memory (for the demo's own check of a small phase)
   */
  PhaseSink(String phase, Path recordsPath, Path statePath, PrintStream progress,
      long expectedRows, boolean keepRecords) {
    this.phase = phase;
    this.statePath = statePath;
    this.progress = progress;
    this.expectedRows = expectedRows;
    this.keepRecords = keepRecords;
    this.nextMark = expectedRows > 0 ? Math.max(1, expectedRows / 10) : Long.MAX_VALUE;
    try {
      Files.createDirectories(recordsPath.toAbsolutePath().getParent());
      this.lines = Files.newBufferedWriter(recordsPath, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + recordsPath + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void record(Record record, Stream stream) throws IOException {
    lines.write(RecordJson.toJson(record));
    lines.write('\n');
    Counts c = streams.computeIfAbsent(record.stream(), s -> new Counts());
    if (record.operation() == Operation.INSERT) {
      c.inserts++;
    } else if (record.operation() == Operation.UPDATE) {
      c.updates++;
    } else {
      c.deletes++;
    }
    if (keepRecords) {
      kept.add(record);
    }
    records++;
    if (records >= nextMark || ((records & 1023) == 0 && System.nanoTime() - lastPrint >= PROGRESS_NANOS)) {
      report(record.stream());
    }
  }

  private void report(String stream) {
    long now = System.nanoTime();
    String of = expectedRows > 0
        ? String.format("/%,d (%d%%)", expectedRows, Math.min(100, records * 100 / expectedRows)) : "";
    progress.printf("%s sync: %,d%s records, %,.0f records/s, at %s%n", phase, records, of,
        records / (Math.max(1, now - startNanos) / 1e9), stream);
    lastPrint = now;
    long step = Math.max(1, expectedRows / 10);
    nextMark = expectedRows > 0 ? (records / step + 1) * step : Long.MAX_VALUE;
  }

  @Override
  public void flush(Stream stream) throws IOException {
    lines.flush();
  }

  @Override
  public void state(State state) {
    OutputFile.writeAtomically(statePath, state.toJson());
    lastState = state;
    states++;
    // A state covers every stream being read; the final one (after the last stream finished) counts for none.
    for (String stream : active) {
      streams.computeIfAbsent(stream, s -> new Counts()).checkpoints++;
    }
  }

  @Override
  public void streamStarted(Stream stream, boolean incremental) {
    active.add(stream.name());
    Counts c = streams.computeIfAbsent(stream.name(), s -> new Counts());
    c.startNanos = System.nanoTime();
  }

  @Override
  public void streamFinished(String stream, ShardCounts counts) {
    Counts c = streams.computeIfAbsent(stream, s -> new Counts());
    c.endNanos = System.nanoTime();
    progress.printf("%s sync: %s done, %,d records in %.1f s%n", phase, stream, c.records(), c.seconds());
    active.remove(stream);
  }

  /**
   * Records the sync's final state (which the sink also received) without counting a checkpoint.
   *
   * @param end the state the sync returned
   */
  void finish(State end) {
    lastState = end;
  }

  /** @return the streams' counts, in sync order */
  Map<String, Counts> streams() {
    return streams;
  }

  /** @return how many states the sink received, over all streams */
  long states() {
    return states;
  }

  /** @return the last state received, or null */
  State lastState() {
    return lastState;
  }

  /** @return the records kept, if asked to keep them */
  List<Record> kept() {
    return kept;
  }

  /** @return the phase's wall time in seconds, once closed */
  double seconds() {
    return Math.max(1, endNanos - startNanos) / 1e9;
  }

  /** Closes the records file and stops the phase's clock. */
  @Override
  public void close() throws IOException {
    endNanos = System.nanoTime();
    lines.close();
  }
}
