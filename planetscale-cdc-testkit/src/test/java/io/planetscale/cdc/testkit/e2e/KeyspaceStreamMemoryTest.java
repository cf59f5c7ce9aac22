package io.planetscale.cdc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded whatever the transaction's size: one transaction of 1,000,000 rows streamed by
 * {@link KeyspaceStream} in a JVM limited to 256 MiB of heap ({@link KeyspaceMemoryProbe}), while
 * the fake serving it runs in this JVM. Holding the transaction whole would need far more than that.
 */
class KeyspaceStreamMemoryTest {
  private static final int ROWS = 1_000_000;
  private static final int CHUNK_RECORDS = 10_000;
  private static final String PAD = "x".repeat(100);

  @Test
  void aMillionRowTransactionStreamsInChunksUnder256MiBOfHeap(@TempDir Path dir) throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("memory").build().start()) {
      fake.createTable(TableSpec.builder("big").column("id", "bigint").column("note", "varchar(255)")
          .primaryKey("id").build());
      String shard = fake.shardNames().get(0);
      VGtid before = new VGtid(List.of(new ShardGtid(fake.keyspace(), shard, fake.position(shard), List.of())));
      Path source = dir.resolve("source.json");
      Files.writeString(source, fake.source().toJson()); // a file: the password stays off the command line
      Path start = dir.resolve("vgtid.json");
      Files.writeString(start, before.toJson());

      Process probe = startProbe(dir, source, start);
      CompletableFuture<String> out = drain(probe.getInputStream());
      CompletableFuture<String> err = drain(probe.getErrorStream());
      List<Map<String, ?>> rows = new ArrayList<>(ROWS);
      for (long id = 1; id <= ROWS; id++) {
        rows.add(Map.of("id", id, "note", id + PAD));
      }
      fake.insertAll("big", rows); // one transaction on the one shard
      rows = null; // the fake holds its own copy

      boolean finished = probe.waitFor(90, TimeUnit.SECONDS);
      if (!finished) {
        probe.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String stdout = out.get(10, TimeUnit.SECONDS);
      String stderr = err.get(10, TimeUnit.SECONDS);
      String output = "stdout: " + stdout + "; stderr: " + stderr + " (exit code 3: out of memory, heap dump "
          + heapDump() + ")";
      assertThat(finished).as("the probe finished within 90 s; %s", output).isTrue();
      assertThat(probe.exitValue()).as("the probe's exit code; %s", output).isZero();
      String line = stdout.strip();
      System.out.println("KeyspaceMemoryProbe under -Xmx256m: " + line);
      // 100 chunks of 10,000 records, the last with the position (a full chunk waits for the next row or
      // the commit, so the commit never brings an empty chunk).
      assertThat(line).startsWith("records=" + ROWS + " chunks=" + (ROWS / CHUNK_RECORDS) + " transactions=1"
          + " largestChunk=" + CHUNK_RECORDS + " lastChunk=" + CHUNK_RECORDS + " ");
    }
  }

  /** The probe in its own JVM with this test's classpath and a 256 MiB heap that ends it if exhausted. */
  private static Process startProbe(Path dir, Path source, Path start) throws IOException {
    Files.deleteIfExists(heapDump()); // the JVM writes no dump where one exists
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=" + heapDump(), "-cp", System.getProperty("java.class.path"),
        KeyspaceMemoryProbe.class.getName(), source.toString(), start.toString(), Integer.toString(ROWS),
        Integer.toString(CHUNK_RECORDS));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
    p.getOutputStream().close();
    return p;
  }

  /** Where the probe dumps its heap if it runs out: {@code target/} under Maven (surefire's tmpdir). */
  private static Path heapDump() {
    return Path.of(System.getProperty("java.io.tmpdir"), "keyspace-memory-probe.hprof");
  }

  private static CompletableFuture<String> drain(InputStream in) {
    // A thread of its own each: the common pool may have a single thread, and stdout blocks until the end.
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> {
      Thread t = new Thread(task, "probe-output");
      t.setDaemon(true);
      t.start();
    });
  }
}
