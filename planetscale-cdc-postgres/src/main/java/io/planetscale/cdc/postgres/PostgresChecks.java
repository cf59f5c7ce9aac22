package io.planetscale.cdc.postgres;

import io.planetscale.cdc.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-side prerequisites of logical replication, checked before a sync so that a misconfiguration is
 * one clear {@link ConfigurationException} saying what to change, not a failure deep in the stream. Reading the
 * facts ({@link #read}) and judging them ({@link #problems}) are separate so that every decision can be
 * exercised, including for versions the tests have no server of.
 */
final class PostgresChecks {
  /** PostgreSQL 17: the first version with failover slots ({@code failover = true}). */
  static final int FAILOVER_MIN_VERSION_NUM = 170000;

  private static final String FACTS = "SELECT current_setting('server_version_num')::int,"
      + " current_setting('server_version'), current_setting('wal_level'),"
      + " current_setting('max_replication_slots')::int, current_setting('max_wal_senders')::int,"
      + " r.rolname, r.rolreplication, r.rolsuper,"
      + " (SELECT count(*) > 0 FROM pg_catalog.pg_publication WHERE pubname = ?)"
      + " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user";

  private PostgresChecks() {}

  /**
   * What the checks look at, as read from the server.
   *
   * @param versionNum {@code server_version_num}, e.g. 170011
   * @param version {@code server_version}, e.g. {@code 17.11}
   * @param walLevel {@code wal_level}
   * @param maxReplicationSlots {@code max_replication_slots}
   * @param maxWalSenders {@code max_wal_senders}
   * @param user the connected role
   * @param replication whether the role has the REPLICATION attribute
   * @param superuser whether the role is a superuser
   * @param publicationExists whether the publication asked about exists (false when none was named)
   */
  record ServerFacts(int versionNum, String version, String walLevel, int maxReplicationSlots, int maxWalSenders,
      String user, boolean replication, boolean superuser, boolean publicationExists) {}

  /**
   * What the sync needs.
   *
   * @param publication the publication to stream from, or null when none is used
   * @param createPublicationIfMissing whether a missing publication will be created (so it need not exist)
   * @param failoverSlots whether the slot must be a failover slot
   */
  record Requirements(String publication, boolean createPublicationIfMissing, boolean failoverSlots) {}

  /**
   * Reads the facts and throws if any requirement is not met.
   *
   * @throws ConfigurationException listing every problem found, each with what to change
   * @throws SQLException if the server cannot be queried
   */
  static ServerFacts check(Connection connection, Requirements requirements) throws SQLException {
    ServerFacts facts = read(connection, requirements.publication());
    List<String> problems = problems(facts, requirements);
    if (!problems.isEmpty()) {
      throw new ConfigurationException("PostgreSQL " + facts.version() + " is not ready for logical replication: "
          + String.join("; ", problems));
    }
    return facts;
  }

  /** @throws SQLException if the server cannot be queried */
  static ServerFacts read(Connection connection, String publication) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(FACTS)) {
      ps.setString(1, publication == null ? "" : publication);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the connected role is not in pg_roles");
        }
        return new ServerFacts(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
            rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), publication != null && rs.getBoolean(9));
      }
    }
  }

  /** Every unmet requirement, each saying what to change; empty when all are met. */
  static List<String> problems(ServerFacts facts, Requirements requirements) {
    List<String> problems = new ArrayList<>();
    if (!"logical".equals(facts.walLevel())) {
      problems.add("wal_level is " + facts.walLevel() + ", logical replication needs wal_level = logical"
          + " (ALTER SYSTEM SET wal_level = logical, then restart the server)");
    }
    if (facts.maxReplicationSlots() < 1) {
      problems.add("max_replication_slots is " + facts.maxReplicationSlots() + ": set it to at least 1"
          + " (ALTER SYSTEM SET max_replication_slots = 10, then restart the server)");
    }
    if (facts.maxWalSenders() < 1) {
      problems.add("max_wal_senders is " + facts.maxWalSenders() + ": set it to at least 1"
          + " (ALTER SYSTEM SET max_wal_senders = 10, then restart the server)");
    }
    if (!facts.replication() && !facts.superuser()) {
      problems.add("user \"" + facts.user() + "\" lacks the REPLICATION privilege: grant it with ALTER ROLE "
          + PgNames.quoteIdentifier(facts.user()) + " WITH REPLICATION (as a superuser or a role with"
          + " CREATEROLE and REPLICATION)");
    }
    if (requirements.publication() != null && !facts.publicationExists()
        && !requirements.createPublicationIfMissing()) {
      problems.add("publication \"" + requirements.publication() + "\" does not exist: create it (CREATE"
          + " PUBLICATION " + PgNames.quoteIdentifier(requirements.publication()) + " FOR TABLE ...), name an"
          + " existing one, or let the client create it (createIfMissing)");
    }
    if (requirements.failoverSlots() && facts.versionNum() < FAILOVER_MIN_VERSION_NUM) {
      problems.add("failover slots need PostgreSQL 17 or later and this server is " + facts.version()
          + ": turn the failoverSlot option off (PostgresClient.Builder.failoverSlot(false); the slot is then"
          + " lost on a failover) or upgrade");
    }
    return problems;
  }
}
