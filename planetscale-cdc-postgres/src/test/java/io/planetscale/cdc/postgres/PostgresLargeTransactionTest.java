package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Operation;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Transactions larger than {@code logical_decoding_work_mem} arrive as streamed segments before they commit;
 * the client holds them in bounded memory, spilling the rest to files, and delivers them only at their commit.
 */
@EachPostgresVersion
class PostgresLargeTransactionTest {
  private static final int ROWS = 40_000;
  private static final long MEMORY_BOUND = 256 * 1024;

  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "large");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void aHugeStreamedTransactionIsDeliveredAtItsCommitWithBoundedMemoryAndAbortsLeaveNoTrace() throws Exception {
    pg.create("large_rows", "id int PRIMARY KEY, pad text");
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("large_rows", "id"));
    try (PostgresClient client = pg.client().logicalDecodingWorkMem("64kB").streamedTransactionMemory(MEMORY_BOUND)
        .build()) {
      State start = client.sync(catalog, State.empty(), new CollectingSink());
      pg.execute(
          // Aborted as a whole after several segments were streamed.
          "BEGIN", "INSERT INTO large_rows SELECT g, repeat('a', 200) FROM generate_series(1000001, 1010000) g",
          "ROLLBACK",
          // Committed, with a subtransaction rolled back in the middle.
          "BEGIN", "INSERT INTO large_rows SELECT g, repeat('p', 200) FROM generate_series(1, " + ROWS / 2 + ") g",
          "SAVEPOINT s1",
          "INSERT INTO large_rows SELECT g, repeat('s', 200) FROM generate_series(2000001, 2005000) g",
          "ROLLBACK TO SAVEPOINT s1",
          "INSERT INTO large_rows SELECT g, repeat('q', 200) FROM generate_series(" + (ROWS / 2 + 1) + ", " + ROWS
              + ") g",
          "COMMIT");
      CollectingSink sink = new CollectingSink();
      client.sync(catalog, start, sink);
      assertThat(sink.records).hasSize(ROWS).allMatch(r -> r.operation() == Operation.INSERT);
      Set<Object> ids = new HashSet<>();
      for (Record record : sink.records) {
        ids.add(record.data().get("id"));
      }
      assertThat(ids).hasSize(ROWS).allMatch(id -> (Long) id >= 1 && (Long) id <= ROWS);
      // One transaction: one commit LSN, numbered 0..ROWS-1.
      assertThat(sink.records.stream().map(r -> r.position().position()).distinct()).hasSize(1);
      assertThat(sink.records.get(ROWS - 1).position().sequence()).isEqualTo(ROWS - 1);
      StreamedTransactions buffer = client.lastStreamedTransactions();
      assertThat(buffer.spilledMessages()).as("messages spilled to files").isGreaterThan(ROWS / 2);
      assertThat(buffer.peakMemoryBytes()).isLessThanOrEqualTo(MEMORY_BOUND);
      assertThat(buffer.memoryBytes()).isZero();
      List<Record> all = sink.records;
      assertThat(all.get(0).data().get("pad")).isEqualTo("p".repeat(200));
    }
  }
}
