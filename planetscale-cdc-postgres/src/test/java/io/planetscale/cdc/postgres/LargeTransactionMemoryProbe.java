package io.planetscale.cdc.postgres;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;

/**
 * Run in its own small-heap JVM by {@link PostgresLargeTransactionMemoryTest}: syncs one table from a state and
 * counts the records without keeping them, then prints {@code records=<n> spilled=<messages> peak=<bytes>}.
 *
 * <p>Arguments: host, port, user, slot, publication, table, state JSON, memory bound in bytes.
 */
public final class LargeTransactionMemoryProbe {
  private LargeTransactionMemoryProbe() {}

  /**
   * Runs the probe.
   *
   * @param args host, port, user, slot, publication, table, state JSON, memory bound
   */
  public static void main(String[] args) {
    PostgresSource source = PostgresSource.newBuilder().host(args[0]).port(Integer.parseInt(args[1]))
        .database("postgres").user(args[2]).plaintext(true).build();
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream(args[5], "id"));
    long[] count = new long[1];
    RecordSink counting = new RecordSink() {
      @Override
      public void record(Record record, Stream stream) {
        count[0]++;
      }

      @Override
      public void state(State state) {}
    };
    try (PostgresClient client = PostgresClient.builder(source).slotName(args[3]).publicationName(args[4])
        .logicalDecodingWorkMem("64kB").streamedTransactionMemory(Long.parseLong(args[7])).build()) {
      client.sync(catalog, State.fromJson(args[6]), counting);
      StreamedTransactions buffer = client.lastStreamedTransactions();
      System.out.println("records=" + count[0] + " spilled=" + buffer.spilledMessages() + " peak="
          + buffer.peakMemoryBytes());
    }
  }
}
