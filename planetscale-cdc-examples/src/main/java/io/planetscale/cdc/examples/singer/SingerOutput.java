package io.planetscale.cdc.examples.singer;

import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.SyncLogger;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a sync goes: Singer messages on stdout, logs on stderr. Records are buffered (at most
 * {@value #MAX_BUFFERED}) and written when the sync flushes at a cursor, before every STATE and
 * before the next SCHEMA; a sync that fails drops the records after the last flush point (the next
 * run reads them again from the last STATE).
 */
final class SingerOutput implements RecordSink, SyncLogger {
  /** Records held before they are written anyway, as the Go tap's logger. */
  static final int MAX_BUFFERED = 10_000;

  private final PrintStream out;
  private final TapLog log;
  private final List<String> buffered = new ArrayList<>();

  SingerOutput(PrintStream out, TapLog log) {
    this.out = out;
    this.log = log;
  }

  @Override
  public synchronized void record(Record record, Stream stream) throws IOException {
    buffered.add(SingerMessages.record(record));
    if (buffered.size() >= MAX_BUFFERED) {
      writeBuffered();
    }
  }

  @Override
  public synchronized void flush(Stream stream) throws IOException {
    writeBuffered();
  }

  @Override
  public synchronized void state(State state) throws IOException {
    writeBuffered();
    write(SingerMessages.state(state));
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void error(String message) {
    log.error(message);
  }

  @Override
  public synchronized void streamSchema(Stream stream) {
    try {
      writeBuffered();
      write(SingerMessages.schema(stream));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void writeBuffered() throws IOException {
    if (buffered.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (String line : buffered) {
      lines.append(line).append('\n');
    }
    buffered.clear();
    out.print(lines);
    checked();
  }

  private void write(String line) throws IOException {
    out.print(line);
    out.print('\n');
    checked();
  }

  private void checked() throws IOException {
    out.flush();
    if (out.checkError()) {
      throw new IOException("cannot write to stdout (closed pipe?)");
    }
  }
}
