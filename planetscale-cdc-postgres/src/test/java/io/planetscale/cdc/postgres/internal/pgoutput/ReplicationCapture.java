package io.planetscale.cdc.postgres.internal.pgoutput;

import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * A pgoutput replication stream from a real server, read through PgJDBC's replication API and decoded by
 * {@link PgOutputDecoder}: what the module's stream reader will do, reduced to what the tests need.
 */
final class ReplicationCapture implements AutoCloseable {
  private final Connection connection;
  private final PGReplicationStream stream;
  private final PgOutputDecoder decoder;
  private final List<PgOutputMessage> received = new ArrayList<>();

  private ReplicationCapture(Connection connection, PGReplicationStream stream, PgOutputDecoder decoder) {
    this.connection = connection;
    this.stream = stream;
    this.decoder = decoder;
  }

  /**
   * Starts streaming a slot with protocol 4, streamed transactions and logical messages. The replication
   * connection sets {@code logical_decoding_work_mem} to its minimum, 64 kB, so that any transaction larger
   * than that is streamed in segments (the setting must be made in the walsender, not the writing session).
   */
  static ReplicationCapture start(EmbeddedPostgresServer server, String slot, String publication,
      boolean parallelStreaming) throws SQLException {
    Connection connection = server.connectForReplication();
    try {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET logical_decoding_work_mem = '64kB'");
      }
      PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
          .logical().withSlotName(slot)
          .withSlotOption("proto_version", "4")
          .withSlotOption("publication_names", publication)
          .withSlotOption("streaming", parallelStreaming ? "parallel" : "on")
          .withSlotOption("messages", "true")
          .withStatusInterval(1, TimeUnit.SECONDS)
          .start();
      return new ReplicationCapture(connection, stream, new PgOutputDecoder(4, parallelStreaming));
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Reads and decodes messages until one matches, or fails at the deadline.
   *
   * @return the messages received since the last call, up to and including the match
   */
  List<PgOutputMessage> readUntil(Predicate<PgOutputMessage> last, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int from = received.size();
    while (true) {
      ByteBuffer payload = stream.readPending();
      if (payload != null) {
        PgOutputMessage message = decoder.decode(payload);
        received.add(message);
        if (last.test(message)) {
          List<PgOutputMessage> batch = List.copyOf(received.subList(from, received.size()));
          return batch;
        }
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching message within " + timeout + "; received: "
            + received.subList(from, received.size()));
      }
      // Nothing buffered: let the server produce (readPending never blocks).
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  /** Confirms everything up to an LSN as flushed, so that the slot may advance past it. */
  void confirm(long lsn) throws SQLException {
    LogSequenceNumber position = LogSequenceNumber.valueOf(lsn);
    stream.setAppliedLSN(position);
    stream.setFlushedLSN(position);
    stream.forceUpdateStatus();
  }

  @Override
  public void close() throws SQLException {
    try {
      stream.close();
    } finally {
      connection.close();
    }
  }

  /** Drops a slot once its walsender has let go of it (that happens shortly after the stream closes). */
  static void dropSlot(EmbeddedPostgresServer server, String slot, Duration timeout) throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet rows = statement.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '"
            + slot + "'")) {
          if (!rows.next()) {
            return;
          }
          if (!rows.getBoolean(1)) {
            statement.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("slot " + slot + " still active after " + timeout);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }
}
