package io.planetscale.cdc.postgres.internal.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.EmbeddedPostgresServer;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Row changes, TOAST, replica identities, truncate, origins and logical messages from a real server's
 * pgoutput stream (protocol 4, failover slot), decoded and asserted message by message.
 */
@EachPostgresVersion
class PgOutputChangesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SLOT = "changes_slot";

  @Parameter
  SharedPostgresServer postgres;

  private EmbeddedPostgresServer server;

  @BeforeEach
  void createTablesPublicationAndFailoverSlot() throws SQLException {
    server = postgres.get();
    ServerSql.execute(server, "DROP PUBLICATION IF EXISTS changes_pub", "DROP TABLE IF EXISTS items, items_full",
        "DROP TYPE IF EXISTS mood",
        "CREATE TYPE mood AS ENUM ('sad', 'happy')",
        "CREATE TABLE items (id int PRIMARY KEY, name text, big text)",
        // Out of line and uncompressed: a value over ~2 kB is TOASTed, whatever its content.
        "ALTER TABLE items ALTER COLUMN big SET STORAGE EXTERNAL",
        "CREATE TABLE items_full (id int PRIMARY KEY, v text, m mood)",
        "ALTER TABLE items_full REPLICA IDENTITY FULL",
        "CREATE PUBLICATION changes_pub FOR TABLE items, items_full",
        "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput', false, false, true)");
  }

  @AfterEach
  void dropSlot() throws SQLException {
    ReplicationCapture.dropSlot(server, SLOT, TIMEOUT);
  }

  @Test
  void decodesEveryKindOfChangeExactly() throws SQLException {
    List<PgOutputMessage> messages;
    try (ReplicationCapture capture = ReplicationCapture.start(server, SLOT, "changes_pub", false)) {
      ServerSql.execute(server, "INSERT INTO items VALUES (1, 'a', NULL), (2, 'b', NULL)",
          "UPDATE items SET name = 'bb' WHERE id = 2",
          "UPDATE items SET id = 20 WHERE id = 2",
          "DELETE FROM items WHERE id = 1",
          "INSERT INTO items VALUES (3, 't', repeat('x', 5000))",
          "UPDATE items SET name = 't2' WHERE id = 3");
      ServerSql.executeInTransaction(server, "INSERT INTO items_full VALUES (1, 'x', 'sad')",
          "UPDATE items_full SET v = 'y' WHERE id = 1",
          "DELETE FROM items_full WHERE id = 1",
          "SELECT pg_logical_emit_message(true, 'test', 'in txn')");
      ServerSql.execute(server, "TRUNCATE items_full RESTART IDENTITY",
          "SELECT pg_logical_emit_message(false, 'end', 'done')");
      messages = capture.readUntil(PgOutputChangesTest::isEndMarker, TIMEOUT);

      assertThat(new MessageText().render(messages)).containsExactly(
          "B", "R public.items DEFAULT id*,name,big", "I items ('1','a',null)", "I items ('2','b',null)", "C",
          "B", "U items ('2','bb',null)", "C",
          "B", "U items KEY('2',null,null) -> ('20','bb',null)", "C",
          "B", "D items KEY('1',null,null)", "C",
          "B", "I items ('3','t',<5000 chars>)", "C",
          // The TOASTed column did not change: it is marked unchanged, not null.
          "B", "U items ('3','t2',unchanged)", "C",
          // With REPLICA IDENTITY FULL every column is part of the identity.
          "B", "Y public.mood", "R public.items_full FULL id*,v*,m*", "I items_full ('1','x','sad')",
          "U items_full FULL('1','x','sad') -> ('1','y','sad')", "D items_full FULL('1','y','sad')",
          "M transactional test in txn", "C",
          // TRUNCATE gives the table a new file, which invalidates pgoutput's cache: type and relation again.
          "B", "Y public.mood", "R public.items_full FULL id*,v*,m*", "T restart-identity items_full", "C",
          "M immediate end done");

      assertTransactionsAreConsistent(messages);
      CommitMessage lastCommit = (CommitMessage) messages.get(messages.size() - 2);
      capture.confirm(lastCommit.endLsn());
      awaitConfirmedFlush(lastCommit.endLsn());
    }
  }

  @Test
  void decodesTheOriginOfAReplicatedTransaction() throws SQLException {
    try (ReplicationCapture capture = ReplicationCapture.start(server, SLOT, "changes_pub", false)) {
      try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_replication_origin_create('upstream')");
        try {
          statement.execute("SELECT pg_replication_origin_session_setup('upstream')");
          connection.setAutoCommit(false);
          statement.execute("SELECT pg_replication_origin_xact_setup('0/ABCDEF', now())");
          statement.execute("INSERT INTO items VALUES (4, 'replicated', NULL)");
          connection.commit();
          connection.setAutoCommit(true);
          statement.execute("SELECT pg_replication_origin_session_reset()");
        } finally {
          statement.execute("SELECT pg_replication_origin_drop('upstream')");
        }
      }
      ServerSql.execute(server, "SELECT pg_logical_emit_message(false, 'end', 'done')");
      List<PgOutputMessage> messages = capture.readUntil(PgOutputChangesTest::isEndMarker, TIMEOUT);
      assertThat(new MessageText().render(messages)).containsExactly(
          "B", "O upstream 0/ABCDEF", "R public.items DEFAULT id*,name,big", "I items ('4','replicated',null)",
          "C", "M immediate end done");
    }
  }

  static boolean isEndMarker(PgOutputMessage message) {
    return message instanceof LogicalDecodingMessage m && !m.transactional() && m.prefix().equals("end");
  }

  /** Each Begin names its Commit's LSN; commits advance; times are recent. */
  private static void assertTransactionsAreConsistent(List<PgOutputMessage> messages) {
    BeginMessage begin = null;
    long lastEnd = 0;
    Instant recent = Instant.now().minus(Duration.ofMinutes(5));
    for (PgOutputMessage message : messages) {
      if (message instanceof BeginMessage b) {
        begin = b;
        assertThat(b.xid()).isPositive();
      } else if (message instanceof CommitMessage commit) {
        assertThat(begin).isNotNull();
        assertThat(commit.commitLsn()).isEqualTo(begin.finalLsn());
        assertThat(commit.commitTime()).isEqualTo(begin.commitTime()).isAfter(recent);
        assertThat(commit.endLsn()).isGreaterThan(commit.commitLsn()).isGreaterThan(lastEnd);
        lastEnd = commit.endLsn();
        begin = null;
      }
    }
  }

  private void awaitConfirmedFlush(long lsn) throws SQLException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
      while (true) {
        try (ResultSet rows = statement.executeQuery(
            "SELECT confirmed_flush_lsn, failover FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getBoolean(2)).as("failover slot").isTrue();
          if (Long.compareUnsigned(Lsn.parse(rows.getString(1)), lsn) >= 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("confirmed_flush_lsn reaches " + Lsn.format(lsn)).isLessThan(deadline);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
  }
}
