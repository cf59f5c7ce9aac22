package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.RecordPosition;
import io.planetscale.cdc.RetryPolicy;
import io.planetscale.cdc.SyncLogger;
import io.planetscale.cdc.postgres.internal.pgoutput.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * Reads tables in an exported snapshot, on several connections at once, each table in primary-key order by
 * chunks (keyset pagination: {@code WHERE (key) > (last key) ORDER BY key LIMIT n}), so that an interrupted
 * snapshot resumes after the last key copied, which each chunk's state records. Each chunk is read with
 * {@code COPY (SELECT ...) TO STDOUT}: the server streams the whole chunk while the client decodes it (a
 * fetch-size query waits for the client between fetches), and {@link CopyTextRow} splits its rows.
 *
 * <p><b>Why a resumed snapshot loses nothing.</b> An exported snapshot dies with the replication connection
 * that exported it, so a resumed snapshot reads its remaining chunks in a newer snapshot (exported by a
 * temporary slot, consistent point {@code R}), while the stream of the table still starts at the position
 * of its first snapshot ({@code P}, the slot's consistent point). Rows of the chunks read before the
 * interruption were read at {@code P}: the stream from {@code P} gives exactly the changes after them. Rows
 * of the remaining chunks were read at {@code R}, later than {@code P}: nothing is lost (every change after
 * {@code R} is streamed, and every change before it is in the rows read), but the changes committed between
 * {@code P} and {@code R} to those rows are streamed although the rows already show them. Such duplicates
 * are told apart by their positions: each snapshot record carries the LSN of the snapshot it was read in,
 * and a streamed change of the same key whose commit LSN is below that is already contained in it; applying
 * them again in order converges to the same rows.
 *
 * <p><b>A lost connection within the call.</b> A reader whose connection is lost (its backend terminated, the
 * network cut) opens a new one with the retry policy's backoff, imports the same exported snapshot again and
 * continues after the last row it delivered: the sink receives every row once, and the rows keep the snapshot's
 * position. When the exporting connection is gone too, the snapshot can no longer be imported; the reader then
 * continues in a newer snapshot (exported by a temporary slot), under the resumed-snapshot rule above. After the
 * policy's attempts without a row delivered in between, the table fails with a
 * {@link ConnectionException} naming it; the states the sink accepted cover its whole chunks.
 *
 * <p>A table without a primary key is read whole in one query and cannot resume: an interruption reads it
 * again from the start (within the call too, so the sink receives its rows read before again).
 */
final class SnapshotReader {
  private static final int FETCH_SIZE = 1_000;

  private final PostgresConnector connector;
  private final SinkGate gate;
  private final ChangeRecords records;
  private final int parallelism;
  private final int chunkSize;
  private final BooleanSupplier stopRequested;
  private final RetryPolicy retryPolicy;
  private final SyncLogger logger;

  /**
   * @param retryPolicy how a lost connection is retried (a table's failures count again from one after a row
   *     was delivered)
   * @param logger where retries are told
   */
  SnapshotReader(PostgresConnector connector, SinkGate gate, ChangeRecords records, int parallelism, int chunkSize,
      BooleanSupplier stopRequested, RetryPolicy retryPolicy, SyncLogger logger) {
    this.stopRequested = stopRequested;
    this.retryPolicy = retryPolicy;
    this.logger = logger;
    this.connector = connector;
    this.gate = gate;
    this.records = records;
    this.parallelism = parallelism;
    this.chunkSize = chunkSize;
  }

  /**
   * One table to read.
   *
   * @param table the table
   * @param streamLsn the position the table's stream starts from, recorded in its cursors
   * @param resumeAfter the last key already copied (text forms), or null to read from the start
   */
  record Task(SyncTable table, long streamLsn, List<String> resumeAfter) {}

  /** Reads the tables in the snapshot; each table's last state has its cursor at its stream position. */
  void read(RenewableSnapshot snapshot, List<Task> tasks) {
    if (tasks.isEmpty()) {
      return;
    }
    int workers = Math.max(1, Math.min(parallelism, tasks.size()));
    List<SnapshotWorker> readers = new ArrayList<>(workers);
    ExecutorService executor = Executors.newFixedThreadPool(workers, runnable -> {
      Thread thread = new Thread(runnable, "postgres-snapshot");
      thread.setDaemon(true);
      return thread;
    });
    AtomicBoolean failed = new AtomicBoolean();
    try {
      // Every reader imports the snapshot before any reads, while the exporting connection is surely open. A
      // reader whose import lost its connection imports again in its first retry.
      ExportedSnapshot first = snapshot.current();
      for (int i = 0; i < workers; i++) {
        SnapshotWorker reader = new SnapshotWorker(this, connector, snapshot, retryPolicy, logger);
        readers.add(reader);
        reader.openFirst(first);
      }
      Queue<Task> queue = new ConcurrentLinkedQueue<>(tasks);
      List<Future<?>> futures = new ArrayList<>();
      for (SnapshotWorker reader : readers) {
        futures.add(executor.submit(() -> {
          Task task;
          while (!stop(failed) && (task = queue.poll()) != null) {
            try {
              reader.read(task, failed);
            } catch (RuntimeException e) {
              failed.set(true);
              throw e;
            }
          }
          return null;
        }));
      }
      RuntimeException firstFailure = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (firstFailure == null) {
            firstFailure = e.getCause() instanceof RuntimeException r ? r
                : new ConnectionException("snapshot failed", e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failed.set(true);
          throw new ConnectionException("interrupted during the snapshot", e);
        }
      }
      if (firstFailure != null) {
        throw firstFailure;
      }
    } finally {
      failed.set(true);
      executor.shutdownNow();
      for (SnapshotWorker reader : readers) {
        reader.close();
      }
    }
  }

  /** A column to read: its name, its type and its type as SQL writes it (for casting the resume key). */
  record Column(String name, long typeOid, String sqlType) {}

  /**
   * Reads a table (or what is left of it after {@code resume}'s key) in the connection's snapshot.
   *
   * @param snapshotLsn the consistent point of the snapshot the connection imported (the records' position)
   */
  void readTable(Connection connection, Task task, SnapshotWorker.Progress resume, long snapshotLsn,
      AtomicBoolean failed) throws SQLException {
    SyncTable table = task.table();
    List<Column> all = columns(connection, table);
    List<Column> selected = new ArrayList<>();
    if (table.selectedColumns().isEmpty()) {
      selected.addAll(all);
    } else {
      for (String name : table.selectedColumns()) {
        Column column = find(all, name);
        if (column != null) {
          selected.add(column); // a selected column the table no longer has is left out of the records
        }
      }
    }
    List<Column> key = new ArrayList<>();
    for (String name : table.keyColumns()) {
      Column column = find(all, name);
      if (column == null) {
        throw new PlanetScaleCdcException("table " + table.qualifiedName() + " (stream \"" + table.streamName()
            + "\") has no column \"" + name + "\" of its primary key; run discover again");
      }
      key.add(column);
    }
    List<String> names = new ArrayList<>(selected.size());
    long[] oids = new long[selected.size()];
    for (int i = 0; i < selected.size(); i++) {
      names.add(selected.get(i).name());
      oids[i] = selected.get(i).typeOid();
    }
    TupleLayout.Shape shape = ChangeRecords.snapshotShape(table, names, oids);
    StringBuilder select = new StringBuilder("SELECT ");
    for (Column column : selected) {
      select.append("t.").append(SyncTable.quote(column.name())).append(", ");
    }
    // Each key column's place in a row: a selected column's text (the same output), or a column of its own after
    // the selected ones; read from the chunk's last row only, to resume after it.
    int[] keyInRow = new int[key.size()];
    int extraKeys = 0;
    for (int i = 0; i < key.size(); i++) {
      keyInRow[i] = selected.indexOf(key.get(i));
      if (keyInRow[i] < 0) {
        select.append("t.").append(SyncTable.quote(key.get(i).name())).append(", ");
        keyInRow[i] = selected.size() + extraKeys++;
      }
    }
    // Values are read as the server's text output (COPY's text format, or the source's connections with binary
    // transfer off), the form pgoutput sends; the resume key goes back through CAST('text' AS type), the type's
    // input function.
    select.append("1 FROM ").append(table.qualifiedName()).append(" AS t");
    String position = PostgresCursors.PREFIX + Lsn.format(snapshotLsn);
    String database = connector.database();
    if (key.isEmpty()) {
      try (Statement statement = connection.createStatement()) {
        statement.setFetchSize(FETCH_SIZE);
        try (ResultSet rows = statement.executeQuery(select.toString())) {
          while (rows.next()) {
            deliver(table, shape, rows, new RecordPosition(database, PostgresCursors.SHARD, position,
                resume.sequence++));
            if (stop(failed)) {
              return; // the table's cursor stays at its last whole chunk
            }
          }
        }
      }
      finish(task, database);
      return;
    }
    String order = keyList(key);
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    int fields = selected.size() + extraKeys + 1;
    List<String> lastKey = resume.key == null ? null : List.of(resume.key);
    while (true) {
      // COPY streams the whole chunk without waiting for the client between fetches, so the server reads the
      // next rows while the client decodes; COPY takes no parameters, so the key after which to continue is
      // written as literals (E'' strings, right whatever standard_conforming_strings is) cast to the key's types.
      String chunk = "COPY (" + select + (lastKey == null ? "" : " WHERE (" + order + ") > ("
          + keyLiterals(key, lastKey) + ")") + " ORDER BY " + order + " LIMIT " + chunkSize + ") TO STDOUT";
      int count = 0;
      CopyOut out = copy.copyOut(chunk);
      try {
        byte[] row;
        while ((row = out.readFromCopy()) != null) {
          String[] fieldTexts = CopyTextRow.split(row, fields);
          String[] texts = Arrays.copyOf(fieldTexts, selected.size());
          gate.record(records.snapshotRow(table, shape, texts,
              new RecordPosition(database, PostgresCursors.SHARD, position, resume.sequence++), Instant.now()),
              table.stream());
          count++;
          if (stop(failed)) {
            return; // the table's cursor stays at its last whole chunk
          }
          String[] keyText = new String[key.size()];
          for (int i = 0; i < key.size(); i++) {
            keyText[i] = fieldTexts[keyInRow[i]];
          }
          resume.key = keyText; // a lost connection continues after it
        }
      } finally {
        leaveCopy(out);
      }
      if (count == 0) {
        break;
      }
      lastKey = List.of(resume.key);
      gate.cursor(table.streamName(), PostgresCursors.snapshotting(database, task.streamLsn(),
          table.keyColumns(), lastKey));
      if (count < chunkSize) {
        break;
      }
      if (gate.checkpointDue()) {
        gate.checkpoint();
      }
    }
    finish(task, database);
  }

  /** Cancels a COPY left before its end (stopped, or the sink failed) so that the connection leaves COPY mode. */
  private static void leaveCopy(CopyOut out) {
    if (!out.isActive()) {
      return;
    }
    try {
      out.cancelCopy();
    } catch (SQLException e) {
      // The connection is lost or unusable: the error in flight (or the stop) decides what happens next, and a
      // lost connection is replaced by the retry.
    }
  }

  boolean stop(AtomicBoolean failed) {
    return failed.get() || stopRequested.getAsBoolean();
  }

  private void finish(Task task, String database) {
    gate.cursor(task.table().streamName(), PostgresCursors.at(database, task.streamLsn()));
    gate.checkpoint();
  }

  /** Hands the sink the current row; returns the row's texts. */
  private String[] deliver(SyncTable table, TupleLayout.Shape shape, ResultSet rows, RecordPosition position)
      throws SQLException {
    String[] texts = new String[shape.columns().size()];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = rows.getString(i + 1);
    }
    gate.record(records.snapshotRow(table, shape, texts, position, Instant.now()), table.stream());
    return texts;
  }

  /** The key's values as SQL literals cast to the key's types: {@code CAST(E'42' AS integer)}. */
  static String keyLiterals(List<Column> key, List<String> values) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < key.size(); i++) {
      if (i > 0) {
        list.append(", ");
      }
      list.append("CAST(").append(literal(values.get(i))).append(" AS ").append(key.get(i).sqlType()).append(')');
    }
    return list.toString();
  }

  /** A text as an escape string literal: backslashes and single quotes doubled. */
  static String literal(String text) {
    StringBuilder literal = new StringBuilder(text.length() + 3).append("E'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == '\'') {
        literal.append(c);
      }
      literal.append(c);
    }
    return literal.append('\'').toString();
  }

  /** The key's columns, for ORDER BY and the row comparison. */
  private static String keyList(List<Column> key) {
    StringBuilder list = new StringBuilder();
    for (Column column : key) {
      if (list.length() > 0) {
        list.append(", ");
      }
      list.append("t.").append(SyncTable.quote(column.name()));
    }
    return list.toString();
  }

  private static Column find(List<Column> columns, String name) {
    for (Column column : columns) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    return null;
  }

  private static List<Column> columns(Connection connection, SyncTable table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname, a.atttypid, "
        + "format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 "
        + "AND NOT a.attisdropped ORDER BY a.attnum")) {
      statement.setString(1, table.schema());
      statement.setString(2, table.table());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(new Column(rows.getString(1), rows.getLong(2), rows.getString(3)));
        }
      }
    }
    if (columns.isEmpty()) {
      throw new PlanetScaleCdcException("table " + table.qualifiedName() + " of stream \"" + table.streamName()
          + "\" does not exist (or has no columns)");
    }
    return columns;
  }

  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing to do: the connection is being let go of.
    }
  }
}
