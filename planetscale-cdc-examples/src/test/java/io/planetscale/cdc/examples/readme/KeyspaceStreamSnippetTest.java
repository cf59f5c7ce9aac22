package io.planetscale.cdc.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

// region readme:keyspace-stream
import io.planetscale.cdc.Record;
import io.planetscale.cdc.grpc.KeyspaceStream;
import io.planetscale.cdc.grpc.VGtid;
import java.nio.file.Files;
// endregion readme:keyspace-stream
import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleCdcException;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.grpc.ShardGtid;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "Streaming a keyspace": the snippet runs on a second thread against a two-shard
 * {@link FakePlanetScale}, printing to a captured {@code System.out}, until the test interrupts it;
 * run again, it resumes from the position it saved, copying nothing again.
 */
class KeyspaceStreamSnippetTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  static void readmeKeyspaceStream(PlanetScaleSource source, Catalog catalog, Path saved) throws Exception {
    // region readme:keyspace-stream
    KeyspaceStream.Builder builder = KeyspaceStream.builder(source, catalog); // copies every table, then streams
    if (Files.exists(saved)) {
      builder.startAt(VGtid.fromJson(Files.readString(saved)));              // or resume where the last run was
    }
    try (KeyspaceStream stream = builder.build()) {
      stream.run(tx -> {
        for (Record r : tx.records()) {
          System.out.println(tx.shard() + " " + r.stream() + " " + r.operation() + " " + r.data());
        }
        if (tx.lastChunk()) {
          Files.writeString(saved, tx.position().toJson());                  // all of it is handled
        }
      });
    }
    // endregion readme:keyspace-stream
  }

  @Test
  void printsTheCopyAndTheChangesThenResumesFromTheSavedPosition(@TempDir Path dir) throws Exception {
    Path saved = dir.resolve("keyspace.vgtid.json");
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
        StdoutCapture out = StdoutCapture.start()) {
      for (String table : new String[] {"orders", "users"}) {
        fake.createTable(TableSpec.builder(table).column("id", "bigint").column("name", "varchar(32)")
            .primaryKey("id").build());
        for (long id = 1; id <= 5; id++) {
          fake.insert(table, Map.of("id", id, "name", table + id));
        }
      }
      Catalog catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(), DiscoverSettings.defaults());

      Thread first = start(fake.source(), catalog, saved, new AtomicReference<>());
      try {
        for (String table : new String[] {"orders", "users"}) {
          for (long id = 1; id <= 5; id++) {
            String line = fake.shardOf(table, id) + " " + table + " INSERT {id=" + id + ", name=" + table + id + "}";
            assertThat(out.await(line::equals, WAIT)).as("copied: %s", line).isTrue();
          }
        }
        fake.update("orders", 2L, Map.of("name", "renamed"));
        String update = fake.shardOf("orders", 2L) + " orders UPDATE {id=2, name=renamed}";
        assertThat(out.await(update::equals, WAIT)).as("the update printed").isTrue();
      } finally {
        first.interrupt();
        first.join(WAIT.toMillis());
      }
      assertThat(first.isAlive()).isFalse();
      VGtid position = VGtid.fromJson(java.nio.file.Files.readString(saved));
      assertThat(position.shardGtids()).extracting(ShardGtid::shard).containsExactlyInAnyOrder("-80", "80-");
      assertThat(position.isCopying()).isFalse();
      int printed = out.lines().size();

      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread second = start(fake.source(), catalog, saved, failure);
      try {
        fake.delete("users", 4L);
        String delete = fake.shardOf("users", 4L) + " users DELETE {id=4}";
        assertThat(out.await(delete::equals, WAIT)).as("the delete printed after the resume").isTrue();
      } finally {
        second.interrupt();
        second.join(WAIT.toMillis());
      }
      assertThat(failure.get()).isInstanceOf(PlanetScaleCdcException.class).hasMessageContaining("interrupted");
      assertThat(out.lines().subList(printed, out.lines().size())).as("the resumed run copied nothing again")
          .containsExactly(fake.shardOf("users", 4L) + " users DELETE {id=4}");
    }
  }

  private static Thread start(PlanetScaleSource source, Catalog catalog, Path saved,
      AtomicReference<Throwable> failure) {
    Thread t = new Thread(() -> {
      try {
        readmeKeyspaceStream(source, catalog, saved);
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "readme-keyspace-stream");
    t.start();
    return t;
  }
}
