package io.planetscale.cdc.postgres;

import io.planetscale.cdc.postgres.internal.pgoutput.CommitMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.InsertMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.PgOutputDecoder;
import io.planetscale.cdc.postgres.internal.pgoutput.PgOutputMessage;
import io.planetscale.cdc.postgres.internal.pgoutput.RelationMessage;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * Reads the inserts a slot holds through a real walsender connection made with a source's properties (as the
 * module's stream does), decoded by {@link PgOutputDecoder}: the relation of the first insert and every
 * inserted tuple up to the first commit after {@code expectedInserts} inserts.
 */
final class PgOutputRows {
  final RelationMessage relation;
  final List<InsertMessage> inserts;

  private PgOutputRows(RelationMessage relation, List<InsertMessage> inserts) {
    this.relation = relation;
    this.inserts = inserts;
  }

  static PgOutputRows read(PostgresSource source, String slot, String publication, int expectedInserts,
      Duration timeout) throws SQLException {
    Properties props = source.jdbcProperties();
    PGProperty.REPLICATION.set(props, "database");
    PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
    PGProperty.PREFER_QUERY_MODE.set(props, "simple");
    try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), props)) {
      PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI().replicationStream()
          .logical().withSlotName(slot).withSlotOption("proto_version", "4")
          .withSlotOption("publication_names", publication).start();
      try {
        PgOutputDecoder decoder = new PgOutputDecoder(4, false);
        RelationMessage relation = null;
        List<InsertMessage> inserts = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
          ByteBuffer payload = stream.readPending();
          if (payload == null) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError("only " + inserts.size() + " of " + expectedInserts + " inserts within "
                  + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            continue;
          }
          PgOutputMessage message = decoder.decode(payload);
          if (message instanceof RelationMessage r && relation == null) {
            relation = r;
          } else if (message instanceof InsertMessage insert) {
            inserts.add(insert);
          } else if (message instanceof CommitMessage && inserts.size() >= expectedInserts) {
            return new PgOutputRows(relation, inserts);
          }
        }
      } finally {
        stream.close();
      }
    }
  }
}
