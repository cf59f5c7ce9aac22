package io.planetscale.cdc.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.MetadataCollection;
import io.planetscale.cdc.ShardCounts;
import io.planetscale.cdc.State;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.StreamSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseSinkTest {
  @TempDir
  Path dir;

  @Test
  void aStateCountsAsACheckpointOfEveryStreamBeingRead() throws Exception {
    // PostgresClient reads its tables at once: both streams start before either finishes.
    PhaseSink sink = new PhaseSink("full", dir.resolve("records.jsonl"), dir.resolve("state.json"),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), 0, false);
    try (sink) {
      sink.streamStarted(stream("a"), false);
      sink.streamStarted(stream("b"), false);
      sink.state(State.empty());
      sink.streamFinished("a", new ShardCounts(0, 0, 0));
      sink.state(State.empty());
      sink.streamFinished("b", new ShardCounts(0, 0, 0));
      sink.state(State.empty());
    }
    assertThat(sink.streams().get("a").checkpoints).isEqualTo(1);
    assertThat(sink.streams().get("b").checkpoints).isEqualTo(2);
    assertThat(sink.states()).isEqualTo(3);
  }

  private static Stream stream(String name) {
    return new Stream("", name, name, StreamSchema.of(Map.of()), name, new MetadataCollection(List.of()), List.of(),
        List.of());
  }
}
