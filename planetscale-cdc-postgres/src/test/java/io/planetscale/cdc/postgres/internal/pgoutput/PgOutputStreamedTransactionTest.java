package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Transactions larger than {@code logical_decoding_work_mem} (64 kB here), which a real server streams in
 * segments before they end (protocol 4, {@code streaming} on or parallel): committed, aborted, and with an
 * aborted subtransaction.
 */
@EachPostgresVersion
class PgOutputStreamedTransactionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SLOT = "bulk_slot";
  // About 3000 x 250 bytes of changes: some ten times the decoding memory.
  private static final int ROWS = 3000;
  private static final int FILLER = 200;

  @Parameter
  SharedPostgresServer postgres;

  private EmbeddedPostgresServer server;

  @BeforeEach
  void createTablePublicationAndSlot() throws SQLException {
    server = postgres.get();
    ServerSql.execute(server, "DROP PUBLICATION IF EXISTS bulk_pub", "DROP TABLE IF EXISTS bulk",
        "CREATE TABLE bulk (id int PRIMARY KEY, filler text)",
        "CREATE PUBLICATION bulk_pub FOR TABLE bulk",
        "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput', false, false, true)");
  }

  @AfterEach
  void dropSlot() throws SQLException {
    ReplicationCapture.dropSlot(server, SLOT, TIMEOUT);
  }

  @Test
  void streamsALargeCommittedTransactionInSegments() throws SQLException {
    try (ReplicationCapture capture = ReplicationCapture.start(server, SLOT, "bulk_pub", false)) {
      ServerSql.executeInTransaction(server, insertRows(1, ROWS));
      ServerSql.execute(server, "SELECT pg_logical_emit_message(false, 'end', 'done')");
      List<PgOutputMessage> messages = capture.readUntil(PgOutputChangesTest::isEndMarker, TIMEOUT);

      int segments = countSegments(messages);
      assertThat(segments).as("stream segments").isGreaterThan(1);
      List<String> expected = new ArrayList<>(List.of("S first", "R public.bulk DEFAULT id*,filler @stream", "E"));
      expected.addAll(Collections.nCopies(segments - 1, List.of("S", "E")).stream().flatMap(List::stream).toList());
      expected.addAll(List.of("c @stream", "M immediate end done"));
      assertThat(renderWithoutInserts(messages)).containsExactlyElementsOf(expected);
      assertInsertedIdsInOrder(messages, 1, ROWS);
      StreamStartMessage start = (StreamStartMessage) messages.get(0);
      StreamCommitMessage commit = (StreamCommitMessage) messages.get(messages.size() - 2);
      assertThat(commit.xid()).isEqualTo(start.xid());
      assertThat(commit.endLsn()).isGreaterThan(commit.commitLsn());
    }
  }

  @Test
  void streamsALargeAbortedTransactionThenItsAbort() throws SQLException {
    try (ReplicationCapture capture = ReplicationCapture.start(server, SLOT, "bulk_pub", false)) {
      List<PgOutputMessage> messages = new ArrayList<>();
      try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
        connection.setAutoCommit(false);
        statement.execute(insertRows(1, ROWS));
        // Roll back only once segments were streamed: PostgreSQL 16+ skips streaming a transaction it already
        // knows to be aborted, so an early rollback would send nothing at all.
        int[] stops = {0};
        messages.addAll(capture.readUntil(message -> message instanceof StreamStopMessage && ++stops[0] == 2,
            TIMEOUT));
        connection.rollback();
      }
      ServerSql.execute(server, "SELECT pg_logical_emit_message(false, 'end', 'done')");
      messages.addAll(capture.readUntil(PgOutputChangesTest::isEndMarker, TIMEOUT));

      List<String> lines = renderWithoutInserts(messages);
      int segments = countSegments(messages);
      assertThat(segments).isGreaterThanOrEqualTo(2);
      List<String> expected = new ArrayList<>(List.of("S first", "R public.bulk DEFAULT id*,filler @stream", "E"));
      expected.addAll(Collections.nCopies(segments - 1, List.of("S", "E")).stream().flatMap(List::stream).toList());
      // Without parallel streaming the abort carries no LSN or time.
      expected.addAll(List.of("A whole @stream", "M immediate end done"));
      assertThat(lines).containsExactlyElementsOf(expected);
      StreamAbortMessage abort = (StreamAbortMessage) messages.get(messages.size() - 2);
      assertThat(abort.xid()).isEqualTo(((StreamStartMessage) messages.get(0)).xid());
      assertThat(abort.abortLsn()).isEmpty();
      assertThat(abort.abortTime()).isEmpty();
    }
  }

  @Test
  void parallelStreamingReportsASubtransactionAbortWithItsLsnAndTime() throws SQLException {
    try (ReplicationCapture capture = ReplicationCapture.start(server, SLOT, "bulk_pub", true)) {
      ServerSql.executeInTransaction(server, insertRows(1, ROWS), "SAVEPOINT half", insertRows(ROWS + 1, 2 * ROWS),
          "ROLLBACK TO SAVEPOINT half", insertRows(2 * ROWS + 1, 2 * ROWS + 10));
      ServerSql.execute(server, "SELECT pg_logical_emit_message(false, 'end', 'done')");
      List<PgOutputMessage> messages = capture.readUntil(PgOutputChangesTest::isEndMarker, TIMEOUT);

      List<String> lines = renderWithoutInserts(messages);
      assertThat(lines).contains("A subtransaction @stream with abort LSN and time");
      assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly("c @stream", "M immediate end done");
      StreamAbortMessage abort = messages.stream().filter(StreamAbortMessage.class::isInstance)
          .map(StreamAbortMessage.class::cast).findFirst().orElseThrow();
      StreamCommitMessage commit = (StreamCommitMessage) messages.get(messages.size() - 2);
      assertThat(abort.subXid()).isNotEqualTo(abort.xid());
      assertThat(abort.abortLsn().orElseThrow()).isPositive().isLessThan(commit.commitLsn());
      assertThat(abort.abortTime().orElseThrow()).isBeforeOrEqualTo(commit.commitTime());
    }
  }

  private static String insertRows(int first, int last) {
    return "INSERT INTO bulk SELECT g, repeat('y', " + FILLER + ") FROM generate_series(" + first + ", " + last
        + ") g";
  }

  private static int countSegments(List<PgOutputMessage> messages) {
    return (int) messages.stream().filter(StreamStartMessage.class::isInstance).count();
  }

  /** The stream's shape: every message but the inserts, which are checked separately. */
  private static List<String> renderWithoutInserts(List<PgOutputMessage> messages) {
    MessageText text = new MessageText();
    return messages.stream().map(text::render).filter(line -> !line.startsWith("I ")).toList();
  }

  private static void assertInsertedIdsInOrder(List<PgOutputMessage> messages, int first, int last) {
    long xid = ((StreamStartMessage) messages.get(0)).xid();
    List<InsertMessage> inserts = messages.stream().filter(InsertMessage.class::isInstance)
        .map(InsertMessage.class::cast).toList();
    assertThat(inserts).allSatisfy(insert -> {
      assertThat(insert.xid()).isEqualTo(xid);
      assertThat(((TupleValue.Text) insert.newTuple().get(1)).text()).hasSize(FILLER);
    });
    assertThat(inserts.stream().map(insert -> Integer.valueOf(((TupleValue.Text) insert.newTuple().get(0)).text())))
        .containsExactlyElementsOf(IntStream.rangeClosed(first, last).boxed().toList());
  }
}
