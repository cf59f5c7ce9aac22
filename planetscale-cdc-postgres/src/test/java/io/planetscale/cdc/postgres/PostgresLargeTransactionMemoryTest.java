package io.planetscale.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.State;
import io.planetscale.cdc.postgres.embedded.EachPostgresVersion;
import io.planetscale.cdc.postgres.embedded.SharedPostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A transaction of about 75 MB of changes, streamed in segments, synced by a JVM with a 64 MiB heap
 * ({@link LargeTransactionMemoryProbe}): holding it in memory would exhaust the heap; the client holds at most
 * its bound (4 MiB) and spills the rest.
 */
@EachPostgresVersion
class PostgresLargeTransactionMemoryTest {
  private static final int ROWS = 150_000;
  private static final long MEMORY_BOUND = 4L << 20;

  @Parameter
  SharedPostgresServer postgres;

  private PgFixture pg;

  @BeforeEach
  void setUp() throws Exception {
    pg = new PgFixture(postgres.get(), "memory");
  }

  @AfterEach
  void tearDown() throws Exception {
    pg.close();
  }

  @Test
  void aTransactionLargerThanTheHeapIsDeliveredWithBoundedMemory() throws Exception {
    pg.create("memory_rows", "id int PRIMARY KEY, pad text");
    pg.execute("ALTER TABLE memory_rows ALTER COLUMN pad SET STORAGE PLAIN"); // no compression: 500 bytes a row
    Catalog catalog = TestCatalogs.catalog(TestCatalogs.stream("memory_rows", "id"));
    State start;
    try (PostgresClient client = pg.client().build()) {
      start = client.sync(catalog, State.empty(), new CollectingSink());
    }
    pg.execute("INSERT INTO memory_rows SELECT g, repeat(md5(g::text), 16) FROM generate_series(1, " + ROWS + ") g");

    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        LargeTransactionMemoryProbe.class.getName(), pg.server.host(), Integer.toString(pg.server.port()),
        pg.server.user(), pg.slot, pg.publication, "memory_rows", start.toJson(), Long.toString(MEMORY_BOUND));
    Process probe = new ProcessBuilder(command).start();
    probe.getOutputStream().close();
    CompletableFuture<String> out = drain(probe.getInputStream());
    CompletableFuture<String> err = drain(probe.getErrorStream());
    boolean finished = probe.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      probe.destroyForcibly();
    }
    String output = "stdout: " + out.get(10, TimeUnit.SECONDS) + "; stderr: " + err.get(10, TimeUnit.SECONDS)
        + " (exit code 3: out of memory)";
    assertThat(finished).as("the probe finished within 120 s; %s", output).isTrue();
    assertThat(probe.exitValue()).as("the probe's exit code; %s", output).isZero();
    String line = out.get().strip();
    assertThat(line).as(output).startsWith("records=" + ROWS + " spilled=");
    long spilled = Long.parseLong(line.replaceAll(".*spilled=(\\d+).*", "$1"));
    long peak = Long.parseLong(line.replaceAll(".*peak=(\\d+).*", "$1"));
    assertThat(spilled).isGreaterThan(ROWS / 2);
    assertThat(peak).isLessThanOrEqualTo(MEMORY_BOUND);
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, task -> {
      Thread thread = new Thread(task, "probe-output");
      thread.setDaemon(true);
      thread.start();
    });
  }
}
