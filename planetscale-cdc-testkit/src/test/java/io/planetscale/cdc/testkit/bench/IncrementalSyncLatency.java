package io.planetscale.cdc.testkit.bench;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.RecordSink;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wall-clock time of a small incremental sync through the public API: a 2-shard
 * {@code FakePlanetScale} with T tables of 1,000 rows each is copied once with
 * {@link PlanetScaleClient#sync}; then, R times, a handful of changes (an insert, an update and a
 * delete per table) is made and the incremental sync that delivers them is timed, peeks, stop
 * detection and state hand-off included, with the client's default options. A runner, not a test.
 *
 * <pre>
 * java -cp "$CP" io.planetscale.cdc.testkit.bench.IncrementalSyncLatency [tables] [rounds] [transport]
 * </pre>
 *
 * Defaults: 1 table, 15 rounds, the client's default transport ({@code vstream} or
 * {@code psdbconnect} selects one where supported). Prints each round and the median, and appends
 * them to {@code target/incremental-latency.txt}.
 */
public final class IncrementalSyncLatency {
  private IncrementalSyncLatency() {}

  /**
   * @param args optional table count, round count, transport
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int tables = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    String transport = args.length > 2 ? args[2] : "default";
    StringBuilder report = new StringBuilder();
    report.append(ZonedDateTime.now()).append(" IncrementalSyncLatency tables=").append(tables)
        .append(" rounds=").append(rounds).append(" transport=").append(transport).append('\n');
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("bench").shards("-80", "80-").build().start()) {
      for (int t = 0; t < tables; t++) {
        String name = "t" + t;
        fake.createTable(TableSpec.builder(name).column("id", "bigint").column("note", "varchar(64)")
            .primaryKey("id").build());
        List<Map<String, ?>> rows = new ArrayList<>();
        for (long id = 1; id <= 1000; id++) {
          rows.add(Map.of("id", id, "note", "n" + id));
        }
        fake.insertAll(name, rows);
      }
      try (PlanetScaleClient client = ClientFactory.client(fake, transport)) {
        Catalog catalog = client.discover(DiscoverSettings.autoSelectAll());
        AtomicLong records = new AtomicLong();
        RecordSink sink = new RecordSink() {
          @Override
          public void record(Record record, Stream stream) {
            records.incrementAndGet();
          }

          @Override
          public void state(State state) {}
        };
        State state = client.sync(catalog, State.empty(), sink);
        long[] millis = new long[rounds];
        long next = 2000;
        for (int r = 0; r < rounds; r++) {
          for (int t = 0; t < tables; t++) {
            String name = "t" + t;
            fake.insert(name, Map.of("id", next + r, "note", "new"));
            fake.update(name, (long) (r + 1), Map.of("note", "changed" + r));
            fake.delete(name, (long) (r + 500));
          }
          records.set(0);
          long start = System.nanoTime();
          state = client.sync(catalog, state, sink);
          millis[r] = (System.nanoTime() - start) / 1_000_000;
          if (records.get() != 3L * tables) {
            throw new AssertionError("round " + r + " delivered " + records.get() + " records, expected "
                + 3 * tables);
          }
          report.append("round ").append(r).append(": ").append(millis[r]).append(" ms\n");
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        report.append("median ").append(sorted[rounds / 2]).append(" ms, min ").append(sorted[0])
            .append(" ms, max ").append(sorted[rounds - 1]).append(" ms\n");
      }
    }
    System.out.print(report);
    Path out = Path.of("target", "incremental-latency.txt");
    try {
      Files.createDirectories(out.getParent());
      Files.writeString(out, report.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("could not append to " + out + ": " + e);
    }
  }
}
