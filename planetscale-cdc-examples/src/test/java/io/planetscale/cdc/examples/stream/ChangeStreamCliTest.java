package io.planetscale.cdc.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.examples.demo.JsonLines;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChangeStreamCli} as a user runs it: in its own JVM against a {@link FakePlanetScale} in
 * this one. The test reads the output line by line and changes data once the stream is open.
 */
class ChangeStreamCliTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  private FakePlanetScale fake;
  private Path config;

  @BeforeEach
  void startFake() throws Exception {
    fake = FakePlanetScale.builder().keyspace("shop").build().start();
    fake.createTable(TableSpec.builder("items")
        .column("id", "bigint").column("name", "varchar(50)").column("qty", "int").primaryKey("id").build());
    fake.createTable(TableSpec.builder("other").column("id", "bigint").primaryKey("id").build());
    fake.insert("items", Map.of("id", 1, "name", "one", "qty", 1));
    config = dir.resolve("source.json");
    Files.writeString(config, fake.source().toJson());
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void printsInsertsUpdatesAndDeletesMadeWhileItRunsWithTheCursorAfterEachBatch() throws Exception {
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items", "--duration", "3s")) {
      Map<String, Object> first = json(p.nextLine(WAIT));
      assertThat(first).containsEntry("type", "cursor").containsEntry("shard", "-")
          .containsEntry("position", fake.position("-"));
      String p1 = fake.insert("items", Map.of("id", 2, "name", "two", "qty", 2));
      String p2 = fake.update("items", 2, Map.of("qty", 20));
      String p3 = fake.delete("items", 1);

      List<Map<String, Object>> lines = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        lines.add(json(p.nextLine(WAIT)));
      }
      assertThat(lines).extracting(l -> l.get("type"))
          .containsExactly("change", "cursor", "change", "cursor", "change", "cursor");
      assertThat(lines.get(0)).containsEntry("operation", "INSERT").containsEntry("stream", "items")
          .containsEntry("data", Map.of("id", 2L, "name", "two", "qty", 2L)).containsEntry("before", null);
      assertThat(lines.get(2)).containsEntry("operation", "UPDATE")
          .containsEntry("data", Map.of("id", 2L, "name", "two", "qty", 20L))
          .containsEntry("before", Map.of("id", 2L, "name", "two", "qty", 2L));
      assertThat(lines.get(4)).containsEntry("operation", "DELETE").containsEntry("data", Map.of("id", 1L));
      assertThat(List.of(lines.get(1), lines.get(3), lines.get(5))).extracting(l -> l.get("position"))
          .containsExactly(p1, p2, p3);
      // The cursor is serialized as in state files: it decodes to the printed shard and position.
      TableCursor last = new SerializedCursor((String) lines.get(5).get("cursor")).toTableCursor();
      assertThat(last.shard()).isEqualTo("-");
      assertThat(last.keyspace()).isEqualTo("shop");
      assertThat(last.position()).isEqualTo(p3);

      assertThat(p.waitFor(WAIT)).isZero();
      assertThat(p.remainingLines(WAIT)).allSatisfy(l -> assertThat(json(l)).containsEntry("type", "cursor"));
      assertThat(p.stderr()).contains("streaming changes of items on shard - of shop from now on for 3s")
          .contains("stopped at position " + p3);
    }
  }

  @Test
  void stopsPromptlyOnceTheStopPositionIsReached() throws Exception {
    String now = fake.position("-");
    String stop = now.substring(0, now.lastIndexOf('-') + 1) + (Long.parseLong(now.substring(now.lastIndexOf('-') + 1)) + 2);
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items", "--stop-at", stop)) {
      assertThat(json(p.nextLine(WAIT))).containsEntry("type", "cursor").containsEntry("position", now);
      fake.insert("items", Map.of("id", 2, "name", "two", "qty", 2));
      String reached = fake.update("items", 1, Map.of("name", "uno"));
      assertThat(reached).isEqualTo(stop);
      long changed = System.nanoTime();

      assertThat(p.waitFor(WAIT)).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(5));
      List<String> rest = p.remainingLines(WAIT);
      assertThat(rest).extracting(l -> json(l).get("operation")).filteredOn(o -> o != null)
          .containsExactly("INSERT", "UPDATE");
      assertThat(json(rest.get(rest.size() - 1))).containsEntry("type", "cursor").containsEntry("position", stop);
      assertThat(p.stderr()).contains("until " + stop).contains("stopped at position " + stop);
    }
  }

  @Test
  void aStopPositionAlreadyReachedEndsAtOnceWithoutChanges() {
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--config", config.toString(), "--table", "items", "--stop-at", fake.position("-"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.lines()).allSatisfy(l -> assertThat(json(l)).containsEntry("type", "cursor"));
  }

  @Test
  void streamsTheShardItIsGiven() throws Exception {
    fake.close();
    fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
    fake.createTable(TableSpec.builder("items")
        .column("id", "bigint").column("name", "varchar(50)").column("qty", "int").primaryKey("id").build());
    Files.writeString(config, fake.source().toJson());
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items", "--shard", "80-", "--duration", "2s")) {
      assertThat(json(p.nextLine(WAIT))).containsEntry("shard", "80-");
      List<Long> onShard = new ArrayList<>();
      for (long id = 1; id <= 20; id++) {
        fake.insert("items", Map.of("id", id, "name", "n" + id, "qty", id));
        if (fake.shardOf("items", id).equals("80-")) {
          onShard.add(id);
        }
      }
      assertThat(onShard).isNotEmpty().hasSizeLessThan(20);
      assertThat(p.waitFor(WAIT)).isZero();
      List<String> rest = p.remainingLines(WAIT);
      assertThat(rest).map(ChangeStreamCliTest::json).filteredOn(l -> "change".equals(l.get("type")))
          .<Object>extracting(l -> ((Map<?, ?>) l.get("data")).get("id")).containsExactlyElementsOf(onShard);
    }
  }

  @Test
  void ctrlCStopsTheStreamAndReportsWhereToResume() throws Exception {
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items")) {
      assertThat(json(p.nextLine(WAIT))).containsEntry("type", "cursor");
      String p1 = fake.insert("items", Map.of("id", 2, "name", "two", "qty", 2));
      assertThat(json(p.nextLine(WAIT))).containsEntry("operation", "INSERT");
      assertThat(json(p.nextLine(WAIT))).containsEntry("position", p1);
      p.interrupt();
      p.waitFor(WAIT); // 143 after SIGTERM, whatever the hooks do
      assertThat(p.stderr()).contains("until Ctrl-C").contains("stopped at position " + p1);
      assertThat(fake.awaitOpenStreams(0, WAIT)).isTrue();
    }
  }

  @Test
  void anUnknownTableIsAnErrorNamingTheTables() {
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--config", config.toString(), "--table", "nope", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip())
        .isEqualTo("change-stream: table \"nope\" does not exist in shop; its tables: items, other");
  }

  @Test
  void aMissingOrInvalidConfigIsAnErrorNamingTheFile() throws Exception {
    String missing = dir.resolve("missing.json").toString();
    Result r = runInProcess("--config", missing, "--table", "items");
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err.strip()).isEqualTo("change-stream: config file " + missing + " does not exist");

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"host\": \"x\",");
    r = runInProcess("--config", bad.toString(), "--table", "items");
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err).startsWith("change-stream: config file " + bad + " is invalid");

    Path noHost = dir.resolve("nohost.json");
    Files.writeString(noHost, "{\"database\": \"shop\"}");
    r = runInProcess("--config", noHost.toString(), "--table", "items");
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err).startsWith("change-stream: config file " + noHost + " is invalid").contains("host");
  }

  @Test
  void badArgumentsAreOneLineErrors() {
    assertThat(runInProcess("--table", "items").err.strip())
        .isEqualTo("change-stream: please give the config file with --config <path>");
    assertThat(runInProcess("--config", config.toString()).err.strip())
        .isEqualTo("change-stream: please name the table with --table <table>");
    Result r = runInProcess("--config", config.toString(), "--table", "items", "--duration", "soon");
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err).contains("--duration must be a positive duration");
    assertThat(runInProcess("--colour", "red").err.strip()).isEqualTo("change-stream: unknown option --colour");
    assertThat(runInProcess("--help").out).startsWith("usage: change-stream");
  }

  @Test
  void aWrongPasswordIsAClearError() throws Exception {
    Files.writeString(config, fake.source().toBuilder().password("wrong").build().toJson());
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--config", config.toString(), "--table", "items", "--duration", "1s");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).startsWith("change-stream: cannot discover the tables of shop on " + fake.host());
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result runInProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ChangeStreamCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Map<String, Object> json(String line) {
    return JsonLines.object(line);
  }
}
