package io.planetscale.cdc.testkit.bench;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.okhttp.OkHttpChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.ConnectGrpc;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.SyncRequest;
import io.planetscale.cdc.wire.internal.proto.psdbconnect.TableCursor;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how fast {@code FakePlanetScale} streams its copy phase to a raw generated stub that
 * decodes nothing: a 2-shard fake with N rows (default 1,000,000), one stream per shard in
 * parallel, rows counted from each response's {@code result}. A runner, not a unit test; run with
 *
 * <pre>
 * mvn -B -q -pl planetscale-cdc-testkit -am test-compile
 * mvn -B -q -pl planetscale-cdc-testkit dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp planetscale-cdc-testkit/target/test-classes:planetscale-cdc-testkit/target/classes:$(cat planetscale-cdc-testkit/target/cp.txt) \
 *     io.planetscale.cdc.testkit.bench.FakeCopyThroughput [rows] [runs]
 * </pre>
 *
 * Results go to stdout and {@code target/fake-copy-throughput.txt}.
 */
public final class FakeCopyThroughput {
  private FakeCopyThroughput() {}

  /**
   * @param args optional row count and number of runs
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    StringBuilder report = new StringBuilder();
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("bench").shards("-80", "80-").build().start()) {
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("customer", "varchar(64)")
          .column("amount", "decimal(12,2)").column("created_at", "datetime(6)").column("paid", "tinyint(1)")
          .primaryKey("id").build());
      long loadStart = System.nanoTime();
      List<Map<String, ?>> batch = new ArrayList<>(100_000);
      LocalDateTime base = LocalDateTime.of(2026, 1, 1, 0, 0);
      for (int i = 1; i <= rows; i++) {
        batch.add(Map.of("id", i, "customer", "customer-" + (i % 5000), "amount",
            BigDecimal.valueOf(i % 100_000, 2), "created_at", base.plusSeconds(i), "paid", i % 2));
        if (batch.size() == 100_000 || i == rows) {
          fake.insertAll("orders", batch);
          batch.clear();
        }
      }
      line(report, String.format("loaded %,d rows into 2 shards in %.1f s", rows,
          (System.nanoTime() - loadStart) / 1e9));
      ManagedChannel channel = OkHttpChannelBuilder.forAddress("127.0.0.1", fake.port(),
          InsecureChannelCredentials.create()).maxInboundMessageSize(100 * 1024 * 1024).build();
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
          + Base64.getEncoder().encodeToString("fake-user:fake-password".getBytes(StandardCharsets.UTF_8)));
      ConnectGrpc.ConnectStub stub = ConnectGrpc.newStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
      double[] rates = new double[runs];
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        CompletableFuture<Long> a = copy(stub, fake, "-80");
        CompletableFuture<Long> b = copy(stub, fake, "80-");
        long copied = a.get(10, TimeUnit.MINUTES) + b.get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (copied != rows) {
          throw new IllegalStateException("copied " + copied + " rows, expected " + rows);
        }
        rates[run] = copied / seconds;
        line(report, String.format("run %d: %,d rows in %.2f s = %,.0f rows/s", run + 1, copied, seconds, rates[run]));
      }
      double[] sorted = rates.clone();
      Arrays.sort(sorted);
      line(report, String.format("median %,.0f rows/s, best %,.0f rows/s over %d runs (%d cores)",
          sorted[runs / 2], sorted[runs - 1], runs, Runtime.getRuntime().availableProcessors()));
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    write(report);
  }

  /** Copies one shard on the raw stub, all columns. */
  private static CompletableFuture<Long> copy(ConnectGrpc.ConnectStub stub, FakePlanetScale fake, String shard) {
    return RawCopy.run(stub, SyncRequest.newBuilder().setTableName("orders")
        .setCursor(TableCursor.newBuilder().setShard(shard).setKeyspace(fake.keyspace()).setPosition(""))
        .setIncludeInserts(true).setIncludeUpdates(true).setIncludeDeletes(true).build(), n -> { });
  }

  private static void line(StringBuilder report, String text) {
    System.out.println(text);
    report.append(text).append('\n');
  }

  private static void write(StringBuilder report) throws IOException {
    Path out = Path.of("target", "fake-copy-throughput.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }
}
