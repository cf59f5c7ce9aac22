package io.planetscale.cdc.examples.readme;

// region readme:testing-postgres
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.PostgresClient;
import io.planetscale.cdc.postgres.PostgresSource;
import io.planetscale.cdc.testkit.RecordingSink;
import io.planetscale.cdc.testkit.postgres.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
// endregion readme:testing-postgres

/**
 * README "Testing your code": a unit test of code that syncs a PostgreSQL table, on a real PostgreSQL started by
 * the testkit's {@link EmbeddedPostgres} (the binaries jar is on this module's class path).
 */
// region readme:testing-postgres
class PostgresSyncExampleTest {
  @Test
  void snapshotsOrdersThenOnlyTheChanges() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start();   // wal_level=logical
        Connection sql = postgres.connect();
        Statement statement = sql.createStatement()) {
      statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2))");
      statement.execute("INSERT INTO orders VALUES (1, 9.99), (2, 5.00)");
      PostgresSource source = PostgresSource.newBuilder().host(postgres.host()).port(postgres.port())
          .database("postgres").user(postgres.superuser()).plaintext(true).build();

      try (PostgresClient client = PostgresClient.builder(source)
          .slotName("test").publicationName("test").createIfMissing(true).build()) {
        Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());
        RecordingSink firstSync = new RecordingSink();
        State state = client.sync(catalog, State.empty(), firstSync);
        assertThat(firstSync.records()).hasSize(2);

        statement.execute("UPDATE orders SET total = 7.50 WHERE id = 2");
        RecordingSink secondSync = new RecordingSink();
        client.sync(catalog, state, secondSync);
        assertThat(secondSync.records()).singleElement().satisfies(changed -> {
          assertThat(changed.operation()).isEqualTo(Operation.UPDATE);
          assertThat(changed.data()).containsEntry("id", 2L).containsEntry("total", new BigDecimal("7.50"));
        });
      }
    }   // drops the slots left behind, stops the server, deletes its files
  }
}
// endregion readme:testing-postgres
