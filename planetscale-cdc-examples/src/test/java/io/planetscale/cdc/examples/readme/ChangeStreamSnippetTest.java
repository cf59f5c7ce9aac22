package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

// region readme:change-stream
import io.planetscale.cdc.Record;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import java.time.Duration;
// endregion readme:change-stream
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * README "Streaming one table's changes": the snippet runs on a second thread against a
 * {@link FakePlanetScale}, printing to a captured {@code System.out}, until the test interrupts it.
 *
 * <p>The fake has one shard ({@code "-"}, the shard {@code ChangeStream} follows by default today).
 * The start-up probe and the assertions already handle several shards, so that once ChangeStream
 * follows every shard of the keyspace by default, the fake should get two shards
 * ({@code "-80", "80-"}) and nothing else here needs to change.
 */
@ExtendWith(FakeDiscovery.class)
class ChangeStreamSnippetTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int FIRST_PROBE_ID = 1000;

  static void readmeChangeStream(PlanetScaleSource source, Catalog catalog) {
    // region readme:change-stream
    try (ChangeStream stream = ChangeStream.builder(source, catalog.stream("orders").orElseThrow())
        .startAtCurrent()                        // or startAtBeginning() / startAt(savedCursor)
        .stopAfter(Duration.ofMinutes(5))        // or stopAt(position); never stops by default
        .build()) {
      TableCursor last = stream.run(new ChangeListener() {
        public void onRecord(Record r) { System.out.println(r.operation() + " " + r.data()); }
        public void onCursor(TableCursor cursor) { /* everything before it was delivered */ }
      });
    }
    // endregion readme:change-stream
  }

  @Test
  void printsEveryChangeMadeAfterItStartedUntilInterrupted() throws Exception {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
        StdoutCapture out = StdoutCapture.start()) {
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("total", "decimal(10,2)")
          .primaryKey("id").build());
      fake.insert("orders", Map.of("id", 1, "total", new BigDecimal("1.00"))); // before the start: never printed
      Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(), DiscoverSettings.defaults());

      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread runner = new Thread(() -> {
        try {
          readmeChangeStream(fake.source(), catalog);
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "readme-change-stream");
      runner.start();
      List<Long> changed = new ArrayList<>();
      try {
        awaitEveryShardStreaming(fake, out, failure);
        for (String shard : fake.shardNames()) {
          long id = idOn(fake, shard);
          changed.add(id);
          fake.insert("orders", Map.of("id", id, "total", new BigDecimal("9.99")));
          fake.update("orders", id, Map.of("total", new BigDecimal("7.50")));
          fake.delete("orders", id);
        }
        for (long id : changed) {
          assertThat(out.await(line -> line.equals("DELETE {id=" + id + "}"), WAIT)).as("delete of %d printed", id)
              .isTrue();
        }
      } finally {
        runner.interrupt(); // the README: close() from another thread, or an interrupt, stops it
        runner.join(WAIT.toMillis());
      }
      assertThat(runner.isAlive()).as("the snippet stopped").isFalse();
      assertThat(failure.get()).isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("interrupted");

      List<String> changes = out.lines().stream().filter(line -> !isProbe(line)).toList();
      List<String> expected = new ArrayList<>();
      for (long id : changed) {
        List<String> ofId = changes.stream()
            .filter(line -> line.contains("{id=" + id + ",") || line.contains("{id=" + id + "}")).toList();
        assertThat(ofId).as("lines of id %d, in order", id).containsExactly(
            "INSERT {id=" + id + ", total=9.99}", "UPDATE {id=" + id + ", total=7.50}", "DELETE {id=" + id + "}");
        expected.addAll(ofId);
      }
      assertThat(changes).as("every printed change, the row inserted before the start not among them")
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  /**
   * Inserts probe rows until one on every shard has been printed: {@code startAtCurrent} starts at
   * whatever the position is when the server takes the call, so a change made before that would be
   * (rightly) never printed. A probe not printed within a short wait is left behind and the next one tried.
   */
  private static void awaitEveryShardStreaming(FakePlanetScale fake, StdoutCapture out,
      AtomicReference<Throwable> failure) throws InterruptedException {
    // The calls are open first (cheap to wait for), so the first probes are rarely lost.
    boolean open = fake.awaitOpenStreams(fake.shardNames().size(), WAIT);
    assertThat(open).as("a Sync call open per shard (the snippet failed with: %s)", failure.get()).isTrue();
    Set<String> streaming = new HashSet<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (long probe = FIRST_PROBE_ID; streaming.size() < fake.shardNames().size(); probe++) {
      assertThat(System.nanoTime() - deadline).as("every shard streaming within %s", WAIT).isNegative();
      long id = probe;
      fake.insert("orders", Map.of("id", id, "total", new BigDecimal("0.01")));
      if (out.await(line -> line.startsWith("INSERT {id=" + id + ","), Duration.ofMillis(200))) {
        streaming.add(fake.shardOf("orders", id));
      }
    }
  }

  private static boolean isProbe(String line) {
    return line.startsWith("INSERT {id=") && Long.parseLong(line.substring(11, line.indexOf(','))) >= FIRST_PROBE_ID;
  }

  /** A key below the probes' that lives on {@code shard} and is not the row inserted before the start. */
  private static long idOn(FakePlanetScale fake, String shard) {
    for (long id = 10; id < FIRST_PROBE_ID; id++) {
      if (fake.shardOf("orders", id).equals(shard)) {
        return id;
      }
    }
    throw new AssertionError("no key below " + FIRST_PROBE_ID + " lives on shard " + shard);
  }
}
