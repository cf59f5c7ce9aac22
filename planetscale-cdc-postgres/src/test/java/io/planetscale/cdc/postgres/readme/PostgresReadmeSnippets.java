package io.planetscale.cdc.postgres.readme;

// region readme:postgres-source
import io.planetscale.cdc.postgres.PostgresSource;
// endregion readme:postgres-source
// region readme:postgres-client
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.PostgresClient;
import java.nio.file.Files;
// endregion readme:postgres-client
import io.planetscale.cdc.RecordSink;
import java.nio.file.Path;

/**
 * The README's "PlanetScale Postgres" snippets, as written; {@code PostgresReadmeSnippetTest} runs them.
 */
public final class PostgresReadmeSnippets {
  private PostgresReadmeSnippets() {}

  /**
   * The source snippet.
   *
   * @param host the host
   * @param password the password
   * @return the source it builds
   */
  public static PostgresSource source(String host, String password) {
    // region readme:postgres-source
    PostgresSource source = PostgresSource.newBuilder()
        .host(host).database("app").user("cdc_user").password(password)
        .build();                                   // TLS verify-full by default
    // endregion readme:postgres-source
    return source;
  }

  /**
   * The client snippet.
   *
   * @param source where to connect
   * @param savedState the state to start from
   * @param sink where records go
   * @param saved where the snippet saves the next state
   * @throws Exception from the sync or the file
   */
  public static void client(PostgresSource source, State savedState, RecordSink sink, Path saved) throws Exception {
    // region readme:postgres-client
    try (PostgresClient client = PostgresClient.builder(source)
        .slotName("cdc").publicationName("cdc")
        .createIfMissing(true)                      // slot (failover, PG 17+) and publication FOR the selected tables
        .build()) {
      client.check();                               // wal_level, REPLICATION, publication: what to change
      Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());
      State state = client.sync(catalog, savedState, sink); // snapshot, then changes up to now
      Files.writeString(saved, state.toJson());                // where the next sync starts
      // or client.stream(catalog, state, sink): runs until client.close(), confirming the slot while idle
    }
    // endregion readme:postgres-client
  }
}
