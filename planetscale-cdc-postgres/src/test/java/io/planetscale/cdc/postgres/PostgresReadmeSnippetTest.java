package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.readme.PostgresReadmeSnippets;
import java.nio.file.Files;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * README "PlanetScale Postgres": the source snippet builds a TLS-verifying source without connecting;
 * the client snippet, given a plaintext source of the test server, snapshots a table and then
 * delivers a later change, through the slot and publication it creates.
 */
@EachPostgresVersion
class PostgresReadmeSnippetTest {
  @Parameter
  SharedPostgresServer postgres;

  @Test
  void theSourceSnippetVerifiesCertificatesByDefault() {
    PostgresSource source = PostgresReadmeSnippets.source("db.example.com", "s3cret");
    assertThat(source.jdbcProperties().getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(source.toString()).doesNotContain("s3cret");
  }

  @Test
  void theClientSnippetSnapshotsThenDeliversLaterChanges(@TempDir Path dir) throws Exception {
    try (PgFixture pg = new PgFixture(postgres.get(), "readme")) {
      try {
        pg.create("readme_items", "id int PRIMARY KEY, name text");
        pg.execute("INSERT INTO readme_items VALUES (1, 'one'), (2, 'two')");
        PostgresSource source = TestDatabase.source(pg.server, "postgres").build();
        CollectingSink first = new CollectingSink();
        Path saved = dir.resolve("state.json");
        PostgresReadmeSnippets.client(source, State.empty(), first, saved);
        assertThat(first.of("readme_items")).extracting(r -> r.data().get("name")).containsExactly("one", "two");

        pg.execute("UPDATE readme_items SET name = 'uno' WHERE id = 1");
        CollectingSink second = new CollectingSink();
        PostgresReadmeSnippets.client(source, State.fromJson(Files.readString(saved)), second, saved);
        assertThat(second.of("readme_items")).singleElement().satisfies(r -> {
          assertThat(r.operation()).isEqualTo(Operation.UPDATE);
          assertThat(r.data()).containsEntry("name", "uno");
        });
      } finally {
        ReplicationSlots.drop(pg.sql, "cdc", Duration.ofSeconds(20));
        pg.execute("DROP PUBLICATION IF EXISTS cdc");
      }
    }
  }
}
