package io.planetscale.cdc.postgres.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The stream limit: PgJDBC's {@link PGReplicationStream} on a slot, pgoutput protocol version 1, with a minimal
 * decoder written here that turns every column of every tuple into a {@link String} and skips everything else
 * (no type conversion, no relation metadata, no records). It acknowledges each commit as applied and flushed;
 * the driver sends the standby status update every second. It reads with {@link PGReplicationStream#readPending()}
 * and parks briefly (50 µs, doubling up to 1 ms) while nothing is pending, as the SDK does: the walsender sends
 * every change as its own small message, and a reader blocked in {@link PGReplicationStream#read()} wakes up for
 * each one, while a polling reader finds them batched in the socket buffer (on the back-log the blocking reader
 * measured slower than the SDK in every run here; polling, the two are level).
 */
final class RawPgOutputReader implements AutoCloseable {
  /** Column of {@code written_ns} in table {@code live}. */
  private static final int LIVE_WRITTEN_NS = 1;
  private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Connection connection;
  private final PGReplicationStream stream;
  private String[] values = new String[16];
  private long changes;
  private long characters;
  private volatile boolean closing;

  private RawPgOutputReader(Connection connection, PGReplicationStream stream) {
    this.connection = connection;
    this.stream = stream;
  }

  /** Starts streaming a slot from its confirmed position. */
  static RawPgOutputReader open(BenchDatabase database, String slot, String publication) throws SQLException {
    Connection connection = database.connectForReplication();
    try {
      PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
          .logical().withSlotName(slot).withStartPosition(LogSequenceNumber.INVALID_LSN)
          .withSlotOption("proto_version", "1").withSlotOption("publication_names", publication)
          .withStatusInterval(1, TimeUnit.SECONDS).start();
      return new RawPgOutputReader(connection, stream);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Reads until {@code expected} row changes (inserts, updates, deletes) arrived.
   *
   * @return the changes read
   */
  long readChanges(long expected) throws SQLException {
    while (changes < expected) {
      decode(next(), null);
    }
    if (characters == 0) {
      throw new IllegalStateException("decoded " + changes + " changes without a value");
    }
    return changes;
  }

  /**
   * Reads inserts into {@code live} and records their latency, until {@link #close()} is called from another
   * thread.
   */
  void readLive(LatencyRecorder recorder) throws SQLException {
    try {
      while (!closing) {
        decode(next(), recorder);
      }
    } catch (SQLException e) {
      if (!closing) {
        throw e;
      }
    }
  }

  /** The next message, polling with a short backoff while none is pending. */
  private ByteBuffer next() throws SQLException {
    long park = MIN_PARK_NANOS;
    while (true) {
      ByteBuffer message = stream.readPending();
      if (message != null) {
        return message;
      }
      if (closing) {
        throw new SQLException("the reader was closed");
      }
      LockSupport.parkNanos(park);
      park = Math.min(MAX_PARK_NANOS, park * 2);
    }
  }

  private void decode(ByteBuffer message, LatencyRecorder recorder) throws SQLException {
    byte[] bytes = message.array();
    int at = message.arrayOffset() + message.position();
    switch (bytes[at]) {
      case 'I' -> {
        // relation oid (4), 'N', new tuple
        decodeTuple(bytes, at + 6);
        changes++;
        if (recorder != null) {
          recorder.arrived(Long.parseLong(values[LIVE_WRITTEN_NS]));
        }
      }
      case 'U' -> {
        // relation oid (4), then an optional 'K' (key) or 'O' (old row) tuple, then 'N' and the new tuple
        int next = at + 5;
        if (bytes[next] == 'K' || bytes[next] == 'O') {
          next = decodeTuple(bytes, next + 1);
        }
        decodeTuple(bytes, next + 1);
        changes++;
      }
      case 'D' -> {
        // relation oid (4), 'K' or 'O', the old key or row
        decodeTuple(bytes, at + 6);
        changes++;
      }
      case 'C' -> {
        LogSequenceNumber received = stream.getLastReceiveLSN();
        stream.setAppliedLSN(received);
        stream.setFlushedLSN(received);
      }
      default -> {
        // Begin, Relation, Type, Origin, Message, Truncate: nothing to decode for the count.
      }
    }
  }

  /** Decodes a TupleData at {@code at} into {@link #values}; returns the offset after it. */
  private int decodeTuple(byte[] bytes, int at) {
    int columns = ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    at += 2;
    if (columns > values.length) {
      values = new String[columns];
    }
    for (int i = 0; i < columns; i++) {
      byte kind = bytes[at++];
      if (kind == 't' || kind == 'b') {
        int length = ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
            | (bytes[at + 3] & 0xff);
        at += 4;
        String value = new String(bytes, at, length, StandardCharsets.UTF_8);
        at += length;
        values[i] = value;
        characters += value.length();
      } else {
        values[i] = null; // 'n' null or 'u' unchanged TOAST value
      }
    }
    return at;
  }

  /**
   * Ends the stream by aborting the connection (PgJDBC's abort closes the socket, which is safe from another
   * thread while {@link #readLive} is reading); the server then ends its walsender.
   */
  @Override
  public void close() throws SQLException {
    closing = true;
    connection.abort(Runnable::run);
  }
}
