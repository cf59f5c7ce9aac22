package io.planetscale.cdc.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.examples.demo.JsonLines;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.RowImage;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /** A config naming {@code "transport": "psdbconnect"} streams over psdbconnect's Sync. */
  @Test
  void streamsWithThePsdbconnectTransportTheConfigNames() throws Exception {
    String json = fake.source().toJson();
    Files.writeString(config, json.substring(0, json.length() - 1) + ",\"transport\":\"psdbconnect\"}");
    String now = fake.position("-");
    String stop = now.substring(0, now.lastIndexOf('-') + 1) + (Long.parseLong(now.substring(now.lastIndexOf('-') + 1)) + 1);
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items", "--stop-at", stop)) {
      assertThat(json(p.nextLine(WAIT))).containsEntry("type", "cursor").containsEntry("position", now);
      assertThat(fake.insert("items", Map.of("id", 2, "name", "two", "qty", 2))).isEqualTo(stop);

      assertThat(p.waitFor(WAIT)).as(p.stderr()).isZero();
      assertThat(p.remainingLines(WAIT)).extracting(l -> json(l).get("operation")).filteredOn(o -> o != null)
          .containsExactly("INSERT");
    }
    assertThat(fake.requests()).as("psdbconnect Sync requests").isNotEmpty()
        .allSatisfy(r -> assertThat(r.tableName()).isEqualTo("items"));
  }

  /**
   * A config declaring {@code "binlog_row_image": "noblob"}: the previous image of an update that
   * rewrote a text column (a complete new image, no bitmap) lacks the text instead of showing NULL.
   */
  @Test
  void aDeclaredNoblobRowImageLeavesTheUnloggedTextOutOfThePreviousImage() throws Exception {
    fake.createTable(TableSpec.builder("docs").column("id", "bigint").column("title", "varchar(20)")
        .column("body", "text").primaryKey("id").build());
    fake.insert("docs", Map.of("id", 1, "title", "t", "body", "old"));
    fake.binlogRowImage(RowImage.NOBLOB);
    String json = fake.source().toJson();
    Files.writeString(config, json.substring(0, json.length() - 1) + ",\"binlog_row_image\":\"noblob\"}");
    String now = fake.position("-");
    String stop = now.substring(0, now.lastIndexOf('-') + 1) + (Long.parseLong(now.substring(now.lastIndexOf('-') + 1)) + 1);
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "docs", "--stop-at", stop)) {
      assertThat(json(p.nextLine(WAIT))).containsEntry("type", "cursor").containsEntry("position", now);
      assertThat(fake.update("docs", 1, Map.of("body", "new"))).isEqualTo(stop);

      assertThat(p.waitFor(WAIT)).as(p.stderr()).isZero();
      List<Map<String, Object>> updates = new ArrayList<>();
      for (String line : p.remainingLines(WAIT)) {
        if ("UPDATE".equals(json(line).get("operation"))) {
          updates.add(json(line));
        }
      }
      assertThat(updates).hasSize(1);
      assertThat(updates.get(0)).containsEntry("data", Map.of("id", 1L, "title", "t", "body", "new"))
          .as("no NULL invented for the body the server did not log")
          .containsEntry("before", Map.of("id", 1L, "title", "t"));
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
  void startAtThePrintedCursorResumesWithExactlyTheLaterChanges() throws Exception {
    String cursor;
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items")) {
      assertThat(json(p.nextLine(WAIT))).containsEntry("type", "cursor");
      String p1 = fake.insert("items", Map.of("id", 2, "name", "two", "qty", 2));
      assertThat(json(p.nextLine(WAIT))).containsEntry("operation", "INSERT");
      Map<String, Object> line = json(p.nextLine(WAIT));
      assertThat(line).containsEntry("type", "cursor").containsEntry("position", p1);
      cursor = (String) line.get("cursor");
      p.interrupt();
      p.waitFor(WAIT);
      assertThat(p.stderr()).contains("resume with --start-at " + cursor);
    }
    fake.insert("items", Map.of("id", 3, "name", "three", "qty", 3));
    fake.update("items", 2, Map.of("qty", 22));
    String end = fake.delete("items", 1);

    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--config", config.toString(), "--table", "items", "--start-at", cursor, "--stop-at", end);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<Map<String, Object>> changes = r.lines().stream().map(ChangeStreamCliTest::json)
        .filter(l -> "change".equals(l.get("type"))).toList();
    assertThat(changes).extracting(l -> l.get("operation")).containsExactly("INSERT", "UPDATE", "DELETE");
    assertThat(changes).<Object>extracting(l -> ((Map<?, ?>) l.get("data")).get("id")).containsExactly(3L, 2L, 1L);
    assertThat(r.stderr()).contains("on shard - of shop from the given cursors until " + end);
  }

  @Test
  void followsEveryShardByDefaultAndResumesEachFromItsPrintedCursor() throws Exception {
    useTwoShards();
    Map<String, String> cursors = new TreeMap<>();
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items")) {
      Set<String> started = new TreeSet<>();
      while (started.size() < 2) {
        started.add((String) json(p.nextLine(WAIT)).get("shard"));
      }
      assertThat(started).containsExactly("-80", "80-");
      insertItems(1, 10);
      Set<Object> ids = new TreeSet<>();
      while (ids.size() < 10 || !cursorsAtTheFakesPositions(cursors)) {
        Map<String, Object> line = json(p.nextLine(WAIT));
        if ("change".equals(line.get("type"))) {
          ids.add(((Map<?, ?>) line.get("data")).get("id"));
        } else {
          cursors.put((String) line.get("shard"), (String) line.get("cursor"));
        }
      }
      assertThat(ids).hasSize(10);
      p.interrupt();
      p.waitFor(WAIT);
      assertThat(p.stderr()).contains("streaming changes of items on shards -80, 80- of shop from now on until Ctrl-C")
          .contains("resume with --start-at " + cursors.get("-80") + " --start-at " + cursors.get("80-"));
    }
    insertItems(11, 20);
    fake.delete("items", 3L);

    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir, "--config", config.toString(),
        "--table", "items", "--start-at", cursors.get("80-"), "--start-at", cursors.get("-80"))) {
      List<Map<String, Object>> changes = new ArrayList<>();
      Map<String, String> resumed = new TreeMap<>();
      while (changes.size() < 11 || !cursorsAtTheFakesPositions(resumed)) {
        Map<String, Object> line = json(p.nextLine(WAIT));
        if ("change".equals(line.get("type"))) {
          changes.add(line);
        } else {
          resumed.put((String) line.get("shard"), (String) line.get("cursor"));
        }
      }
      p.interrupt();
      p.waitFor(WAIT);
      assertThat(p.remainingLines(WAIT)).allSatisfy(l -> assertThat(json(l)).containsEntry("type", "cursor"));
      assertThat(changes).filteredOn(l -> "INSERT".equals(l.get("operation")))
          .<Object>extracting(l -> ((Map<?, ?>) l.get("data")).get("id"))
          .containsExactlyInAnyOrderElementsOf(range(11, 20));
      assertThat(changes).filteredOn(l -> "DELETE".equals(l.get("operation")))
          .<Object>extracting(l -> ((Map<?, ?>) l.get("data")).get("id")).containsExactly(3L);
      assertThat(p.stderr()).contains("on shards -80, 80- of shop from the given cursors");
    }
  }

  @Test
  void theStateFileIsSavedAfterEveryCursorAndResumedFrom() throws Exception {
    useTwoShards();
    Path state = dir.resolve("state/items.json");
    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items", "--state", state.toString())) {
      Set<String> started = new TreeSet<>();
      while (started.size() < 2) {
        started.add((String) json(p.nextLine(WAIT)).get("shard"));
      }
      insertItems(1, 6);
      Map<String, String> cursors = new TreeMap<>();
      while (!cursorsAtTheFakesPositions(cursors)) {
        Map<String, Object> line = json(p.nextLine(WAIT));
        if ("cursor".equals(line.get("type"))) {
          cursors.put((String) line.get("shard"), (String) line.get("cursor"));
        }
      }
      p.interrupt();
      p.waitFor(WAIT);
      // Every shard's latest cursor, in the state-file format.
      State saved = State.fromJson(Files.readString(state));
      assertThat(saved.streams().get("items").shards()).containsExactly(
          Map.entry("-80", new SerializedCursor(cursors.get("-80"))),
          Map.entry("80-", new SerializedCursor(cursors.get("80-"))));
    }
    insertItems(7, 9);

    try (LineProcess p = LineProcess.start(ChangeStreamCli.class, dir,
        "--config", config.toString(), "--table", "items", "--state", state.toString())) {
      Set<Object> ids = new TreeSet<>();
      Map<String, String> cursors = new TreeMap<>();
      // Only a shard with new rows prints cursors; the others were saved at their position already.
      Set<String> changed = new TreeSet<>();
      for (long id = 7; id <= 9; id++) {
        changed.add(fake.shardOf("items", id));
      }
      while (ids.size() < 3 || !changed.stream().allMatch(shard -> cursors.containsKey(shard)
          && new SerializedCursor(cursors.get(shard)).toTableCursor().position().equals(fake.position(shard)))) {
        Map<String, Object> line = json(p.nextLine(WAIT));
        if ("change".equals(line.get("type"))) {
          ids.add(((Map<?, ?>) line.get("data")).get("id"));
        } else {
          cursors.put((String) line.get("shard"), (String) line.get("cursor"));
        }
      }
      p.interrupt();
      p.waitFor(WAIT);
      assertThat(ids).containsExactly(7L, 8L, 9L);
      assertThat(p.remainingLines(WAIT)).noneSatisfy(l -> assertThat(json(l)).containsEntry("type", "change"));
      assertThat(State.fromJson(Files.readString(state)).streams().get("items").shards().values())
          .extracting(c -> c.toTableCursor().position())
          .containsExactlyInAnyOrder(fake.position("-80"), fake.position("80-"));
    }
  }

  @Test
  void badStartCursorsAreOneLineErrorsNamingTheOption() throws Exception {
    Result r = runInProcess("--config", config.toString(), "--table", "items", "--start-at", "%%not base64%%");
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.out).isEmpty();
    assertThat(r.err.strip()).startsWith("change-stream: --start-at \"%%not base64%%\" is not a cursor as"
        + " change-stream prints it").contains("unable to decode table cursor").doesNotContain("\n");

    String otherKeyspace = SerializedCursor.of(TableCursor.of("-", "elsewhere", "current")).cursor();
    r = runInProcess("--config", config.toString(), "--table", "items", "--start-at", otherKeyspace);
    assertThat(r.err.strip()).isEqualTo("change-stream: --start-at \"" + otherKeyspace
        + "\" is a cursor of keyspace \"elsewhere\", but the config's database is \"shop\"");

    r = runInProcess("--config", config.toString(), "--table", "items", "--start-at", "");
    assertThat(r.err.strip()).endsWith("it names no shard");

    r = runInProcess("--config", config.toString(), "--table", "items", "--start-at", otherKeyspace,
        "--state", dir.resolve("s.json").toString());
    assertThat(r.err.strip()).isEqualTo("change-stream: --start-at and --state both say where to start; give one of them");

    String here = SerializedCursor.of(TableCursor.of("-", "shop", fake.position("-"))).cursor();
    CliProcess.Result twice = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--config", config.toString(), "--table", "items", "--start-at", here, "--start-at", here);
    assertThat(twice.exitCode()).isEqualTo(1);
    assertThat(twice.stdout()).isEmpty();
    assertThat(twice.stderr().strip())
        .isEqualTo("change-stream: --start-at: two cursors are of shard \"-\"; give one cursor per shard");

    Path corrupt = dir.resolve("corrupt.json");
    Files.writeString(corrupt, "{\"bookmarks\":{\"items\":{\"shards\":{\"-\":{\"cursor\":\"%%\"}}}}}");
    r = runInProcess("--config", config.toString(), "--table", "items", "--state", corrupt.toString());
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err.strip()).startsWith("change-stream: state file " + corrupt + " is invalid: ")
        .contains("stream \"items\" shard \"-\"");
  }

  @Test
  void aStopPositionNeedsOneShard() throws Exception {
    useTwoShards();
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--config", config.toString(), "--table", "items", "--stop-at", fake.position("-80"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip()).startsWith("change-stream: --stop-at takes one shard's position")
        .contains("--shard").contains("[-80, 80-]");
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

  /** Replaces the fake with one of shards -80 and 80-, with the same items table and config file. */
  private void useTwoShards() throws Exception {
    fake.close();
    fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
    fake.createTable(TableSpec.builder("items")
        .column("id", "bigint").column("name", "varchar(50)").column("qty", "int").primaryKey("id").build());
    Files.writeString(config, fake.source().toJson());
  }

  private void insertItems(long from, long to) {
    for (long id = from; id <= to; id++) {
      fake.insert("items", Map.of("id", id, "name", "n" + id, "qty", id));
    }
  }

  /** Whether the printed cursors, by shard, are at the fake's position on every shard. */
  private boolean cursorsAtTheFakesPositions(Map<String, String> cursors) {
    for (String shard : fake.shardNames()) {
      String c = cursors.get(shard);
      if (c == null || !new SerializedCursor(c).toTableCursor().position().equals(fake.position(shard))) {
        return false;
      }
    }
    return true;
  }

  private static List<Object> range(long from, long to) {
    List<Object> ids = new ArrayList<>();
    for (long id = from; id <= to; id++) {
      ids.add(id);
    }
    return ids;
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
