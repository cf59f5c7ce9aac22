package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Over psdbconnect, whose calls and faults the fake records and injects per response,
 * {@code read} honours the config's {@code timeout_seconds} (the deadline of every read call, as the
 * fake records it) and {@code max_retries} (the attempts of a read, counted in the calls the fake
 * received), as Go's airbyte-source does.
 */
class AirbyteTimeoutAndRetriesTest extends AirbyteTestBase {
  /**
   * One shard: the fault below hits the Nth response the server sends, and the reads of several
   * shards run at the same time, so only one read makes that order certain.
   */
  @Override
  String[] shards() {
    return new String[] {"-"};
  }

  @Test
  void timeoutSecondsIsTheDeadlineOfEveryReadCall() {
    for (long id = 1; id <= 6; id++) {
      fake.insert("orders", order(id, id + ".00"));
    }

    Run r = run("read", "--config", write("config.json", config("timeout_seconds", 7, "transport", "psdbconnect")),
        "--catalog", write("catalog.json", catalog("incremental")));

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.records()).hasSize(6);
    List<RecordedRequest> reads = fake.requests().stream()
        .filter(q -> !q.cursor().position().equals(TableCursor.CURRENT)).toList();
    assertThat(reads).hasSize(1).allSatisfy(q -> assertThat(q.deadline()).isNotNull()
        .isBetween(Duration.ofMillis(5500), Duration.ofSeconds(7)));
  }

  /** The first read call fails with UNAVAILABLE, once: one attempt fails the read, two get past it. */
  @Test
  void maxRetriesIsTheNumberOfAttempts() throws InterruptedException {
    for (long id = 1; id <= 6; id++) {
      fake.insert("orders", order(id, id + ".00"));
    }
    String catalog = write("catalog.json", catalog("incremental"));

    fake.faults().failResponse(2, Status.Code.UNAVAILABLE, "tablet restarting"); // the first read's first response
    Run once = run("read", "--config", write("once.json", config("max_retries", 1, "transport", "psdbconnect")), "--catalog", catalog);
    assertThat(once.exitCode()).isEqualTo(1);
    assertThat(once.stderr()).startsWith("airbyte-source: ").contains("UNAVAILABLE").contains("attempt 1");
    assertThat(fake.requests()).hasSize(2); // the peek and the one read

    // The first command's streams end with its process; none may take the next fault.
    assertThat(fake.awaitOpenStreams(0, Duration.ofSeconds(10))).isTrue();
    fake.faults().failResponse(2, Status.Code.UNAVAILABLE, "tablet restarting");
    Run twice = run("read", "--config", write("twice.json", config("max_retries", 2, "transport", "psdbconnect")), "--catalog", catalog);
    assertThat(twice.exitCode()).as(twice.stderr()).isZero();
    assertThat(twice.records()).hasSize(6);
    assertThat(fake.requests()).hasSize(2 + 3); // then the peek, the read and the retried read
  }
}
