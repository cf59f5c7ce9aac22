package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.ConnectionException;
import io.planetscale.cdc.postgres.PostgresSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@code check}'s look at the replication slot: {@link io.planetscale.cdc.postgres.PostgresClient#check()}
 * covers the server and the publication, but a read without {@code create_if_missing} also needs the slot, and
 * Airbyte users expect {@code check} to say so before the first read does.
 */
final class ReplicationSlotCheck {
  private static final String SLOT = "SELECT plugin, database FROM pg_catalog.pg_replication_slots"
      + " WHERE slot_name = ?";

  private ReplicationSlotCheck() {}

  /**
   * @param source where to connect
   * @param slot the slot's name
   * @throws ConfigurationException if the slot is missing or is not a pgoutput slot of the source's database,
   *     saying how to create it
   * @throws ConnectionException if the server cannot be queried
   */
  static void requireSlot(PostgresSource source, String slot) {
    try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), source.jdbcProperties());
        PreparedStatement ps = connection.prepareStatement(SLOT)) {
      ps.setString(1, slot);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ConfigurationException("replication slot \"" + slot + "\" does not exist: create it with"
              + " SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput', false, false, true)"
              + " (a failover slot, PostgreSQL 17+), or set replication_method.create_if_missing to true");
        }
        if (!"pgoutput".equals(rs.getString(1)) || !source.database().equals(rs.getString(2))) {
          throw new ConfigurationException("replication slot \"" + slot + "\" is not a pgoutput slot of database \""
              + source.database() + "\" (plugin " + rs.getString(1) + ", database " + rs.getString(2)
              + "): name another slot");
        }
      }
    } catch (SQLException e) {
      throw new ConnectionException("could not look up replication slot \"" + slot + "\" at " + source.host() + ":"
          + source.port() + ": " + e.getMessage(), e);
    }
  }
}
