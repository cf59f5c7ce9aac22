package io.planetscale.cdc.examples.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.examples.demo.JsonLines;
import io.planetscale.cdc.grpc.VGtid;
import io.planetscale.cdc.testkit.ColumnSpec;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code change-stream --keyspace} as a user runs it: in its own JVM against a two-shard
 * {@link FakePlanetScale} in this one (discovery through the testkit's provider). The test reads
 * the transaction lines as they are printed and changes data once the copy is out.
 */
class ChangeStreamKeyspaceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;
  private FakePlanetScale fake;
  private Path config;
  private Path positionFile;

  @BeforeEach
  void startFake() throws Exception {
    fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
    fake.createTable(TableSpec.builder("items")
        .column("id", "bigint").column("name", "varchar(50)").column("qty", "int").primaryKey("id").build());
    fake.createTable(TableSpec.builder("other").column("id", "bigint").primaryKey("id").build());
    for (long id = 1; id <= 3; id++) {
      fake.insert("items", Map.of("id", id, "name", "n" + id, "qty", id));
    }
    config = dir.resolve("source.json");
    Files.writeString(config, fake.source().toJson());
    positionFile = dir.resolve("pos/keyspace.json");
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void printsTheCopyAndAChangeAsTransactionLinesAndSavesTheLastPosition() throws Exception {
    try (LineProcess p = keyspace("--position-file", positionFile.toString())) {
      List<Map<String, Object>> copy = new ArrayList<>();
      Set<Object> copied = new TreeSet<>();
      while (copied.size() < 3) {
        Map<String, Object> line = transaction(p);
        copy.add(line);
        records(line).forEach(r -> copied.add(data(r).get("id")));
      }
      assertThat(copied).containsExactly(1L, 2L, 3L);
      assertThat(copy).allSatisfy(l -> assertThat(l).containsEntry("keyspace", "shop").containsEntry("commit_time", null)
          .containsEntry("chunk", 0L).containsEntry("last_chunk", true).containsKey("position"));
      assertThat(copy).flatMap(ChangeStreamKeyspaceTest::records).allSatisfy(r -> assertThat(r)
          .containsEntry("type", "change").containsEntry("stream", "items").containsEntry("operation", "INSERT"));

      String shard = fake.shardOf("items", 2L);
      fake.update("items", 2L, Map.of("qty", 20));
      Map<String, Object> update = next(p, l -> records(l).stream().anyMatch(r -> "UPDATE".equals(r.get("operation"))));
      assertThat(update).containsEntry("keyspace", "shop").containsEntry("shard", shard)
          .containsEntry("chunk", 0L).containsEntry("last_chunk", true);
      assertThat(Instant.parse((String) update.get("commit_time"))).isBefore(Instant.now().plusSeconds(5));
      assertThat(records(update)).singleElement().satisfies(r -> assertThat(r)
          .containsEntry("data", Map.of("id", 2L, "name", "n2", "qty", 20L))
          .containsEntry("before", Map.of("id", 2L, "name", "n2", "qty", 2L)));
      String position = position(update);
      assertThat(VGtid.fromJson(position).isCopying()).isFalse();
      assertThat(VGtid.fromJson(position).shards()).containsExactlyInAnyOrder("-80", "80-");

      // The file is written right after the line is printed: wait for it, with a deadline.
      assertThat(awaitFile(position)).as("position file after the update").isEqualTo(position);
      p.interrupt();
      p.waitFor(WAIT);
      List<String> stderr = p.stderr().lines().toList();
      assertThat(stderr).first().asString()
          .isEqualTo("streaming transactions of every table of shop on every shard from a copy of the tables"
              + " until Ctrl-C");
      assertThat(stderr).last().asString().startsWith("stopped at position " + position + "; saved in ");
      assertThat(saved()).isEqualTo(position);
      assertThat(dir.resolve("pos")).isDirectoryNotContaining(f -> !f.getFileName().toString().equals("keyspace.json"));
    }
  }

  @Test
  void aSecondRunWithThePositionFileResumesWithOnlyTheLaterChanges() throws Exception {
    String position;
    try (LineProcess p = keyspace("--position-file", positionFile.toString())) {
      Set<Object> copied = new TreeSet<>();
      while (copied.size() < 3) {
        records(transaction(p)).forEach(r -> copied.add(data(r).get("id")));
      }
      fake.update("items", 1L, Map.of("name", "uno"));
      position = position(next(p, l -> records(l).stream().anyMatch(r -> "UPDATE".equals(r.get("operation")))));
      assertThat(awaitFile(position)).isEqualTo(position);
      p.interrupt();
      p.waitFor(WAIT);
    }
    fake.insert("items", Map.of("id", 4L, "name", "n4", "qty", 4));
    fake.delete("items", 3L);

    try (LineProcess p = keyspace("--position-file", positionFile.toString())) {
      List<Map<String, Object>> changes = new ArrayList<>();
      while (changes.size() < 2) {
        changes.addAll(records(transaction(p)));
      }
      assertThat(awaitSaved(v -> fake.shardNames().stream().allMatch(shard -> v.shard("shop", shard)
          .map(g -> g.gtid().equals(fake.position(shard))).orElse(false))))
          .as("the position file holds every shard's latest position").isTrue();
      p.interrupt();
      p.waitFor(WAIT);
      assertThat(p.remainingLines(WAIT)).as("nothing copied again, nothing else printed").isEmpty();
      assertThat(changes).extracting(r -> r.get("operation") + " " + data(r).get("id"))
          .containsExactlyInAnyOrder("INSERT 4", "DELETE 3");
      assertThat(p.stderr()).contains("from the position in " + positionFile);
      assertThat(VGtid.fromJson(saved()).isCopying()).isFalse();
    }
  }

  @Test
  void aCorruptPositionFileIsAnErrorNamingTheFileAndNothingIsWritten() throws Exception {
    Files.createDirectories(positionFile.getParent());
    Files.writeString(positionFile, "{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"shop\"");
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--keyspace", "--config", config.toString(), "--position-file", positionFile.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip()).startsWith("change-stream: position file " + positionFile + " is invalid: ")
        .doesNotContain("\n");
    assertThat(Files.readString(positionFile)).isEqualTo("{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"shop\"");
    assertThat(positionFile.getParent()).isDirectoryNotContaining(f -> !f.equals(positionFile));
  }

  @Test
  void keyspaceAndTableTogetherAreAnError() {
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(),
        "--keyspace", "--table", "items", "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip()).startsWith("change-stream: --keyspace and --table are exclusive");
  }

  @Test
  void aDurationStopsTheStreamWithExitZeroAndSaysWhereItStopped() throws Exception {
    fake.vstream().heartbeatInterval(Duration.ofMillis(100));
    long started = System.nanoTime();
    CliProcess.Result r = CliProcess.run(ChangeStreamCli.class, dir, Map.of(), "--keyspace",
        "--config", config.toString(), "--start-at-current", "--duration", "2s", "--heartbeat", "1s");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(r.lines()).isNotEmpty().allSatisfy(l -> {
      Map<String, Object> line = JsonLines.object(l);
      assertThat(line).containsOnlyKeys("type", "at").containsEntry("type", "heartbeat");
      assertThat(Instant.parse((String) line.get("at"))).isNotNull();
    });
    List<String> stderr = r.stderr().lines().toList();
    assertThat(stderr.get(0)).isEqualTo("streaming transactions of every table of shop on every shard from now on"
        + " for 2s");
    String stop = stderr.get(stderr.size() - 1);
    assertThat(stop).startsWith("stopped at position {");
    VGtid at = VGtid.fromJson(stop.substring("stopped at position ".length()));
    assertThat(at.shards()).isNotEmpty();
    assertThat(at.isCopying()).isFalse();
  }

  @Test
  void aTransactionLargerThanTheBoundIsPrintedInChunksWithThePositionOnTheLast() throws Exception {
    fake.vstream().heartbeatInterval(Duration.ofMillis(100));
    try (LineProcess p = keyspace("--tables", "items", "--start-at-current", "--shard", "-80",
        "--max-transaction-records", "2", "--heartbeat", "1s")) {
      // A heartbeat says the stream is open at "current": what is committed from now on is streamed.
      next(p, l -> "heartbeat".equals(l.get("type")));
      List<Long> ids = idsOnShard("-80", 10, 6);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long id : ids.subList(0, 5)) {
        rows.add(Map.of("id", id, "name", "bulk", "qty", 0));
      }
      fake.insertAll("items", rows); // one transaction on -80
      Predicate<Map<String, Object>> isTransaction = l -> "transaction".equals(l.get("type"));
      List<Map<String, Object>> chunks = List.of(next(p, isTransaction), next(p, isTransaction),
          next(p, isTransaction));
      assertThat(chunks).extracting(l -> l.get("chunk")).containsExactly(0L, 1L, 2L);
      assertThat(chunks).extracting(l -> l.get("last_chunk")).containsExactly(false, false, true);
      assertThat(chunks).extracting(l -> records(l).size()).containsExactly(2, 2, 1);
      assertThat(chunks).allSatisfy(l -> assertThat(l).containsEntry("shard", "-80"));
      assertThat(chunks.subList(0, 2)).allSatisfy(l -> assertThat(l).doesNotContainKey("position"));
      assertThat(VGtid.fromJson(position(chunks.get(2))).shard("shop", "-80").orElseThrow().gtid())
          .isEqualTo(fake.position("-80"));
      fake.addColumn("items", new ColumnSpec("note", "varchar(20)", true));
      fake.insert("items", Map.of("id", ids.get(5), "name", "x", "qty", 1, "note", "hi"));
      Map<String, Object> change = next(p, l -> "schema_change".equals(l.get("type")));
      assertThat(change).containsEntry("keyspace", "shop").containsEntry("shard", "-80")
          .containsEntry("stream", "items");
      assertThat((List<?>) change.get("columns")).<Object>extracting(c -> ((Map<?, ?>) c).get("name"))
          .containsExactly("id", "name", "qty", "note");
      p.interrupt();
      p.waitFor(WAIT);
    }
  }

  /** @return {@code count} ids from {@code from} on that the fake puts on {@code shard} */
  private List<Long> idsOnShard(String shard, long from, int count) {
    List<Long> ids = new ArrayList<>();
    for (long id = from; ids.size() < count; id++) {
      if (fake.shardOf("items", id).equals(shard)) {
        ids.add(id);
      }
    }
    return ids;
  }

  private LineProcess keyspace(String... args) {
    List<String> all = new ArrayList<>(List.of("--keyspace", "--config", config.toString()));
    all.addAll(List.of(args));
    return LineProcess.start(ChangeStreamCli.class, dir, all.toArray(String[]::new));
  }

  /** @return the next line, which must be a transaction */
  private static Map<String, Object> transaction(LineProcess p) throws InterruptedException {
    Map<String, Object> line = JsonLines.object(p.nextLine(WAIT));
    assertThat(line).containsEntry("type", "transaction");
    return line;
  }

  /** @return the first of the next lines that matches (waiting at most WAIT for each) */
  private static Map<String, Object> next(LineProcess p, Predicate<Map<String, Object>> match)
      throws InterruptedException {
    while (true) {
      Map<String, Object> line = JsonLines.object(p.nextLine(WAIT));
      if (match.test(line)) {
        return line;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> records(Map<String, Object> transaction) {
    Object records = transaction.get("records");
    return records == null ? List.of() : (List<Map<String, Object>>) records;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> data(Map<String, Object> record) {
    return (Map<String, Object>) record.get("data");
  }

  /** @return a transaction line's position as VGtid JSON, in its canonical text */
  private static String position(Map<String, Object> transaction) {
    return VGtid.fromJson(Json.write(transaction.get("position"))).toJson();
  }

  private String saved() throws Exception {
    return Files.readString(positionFile).strip();
  }

  /** @return the position file's content once it equals {@code expected}, or its last content after WAIT */
  private String awaitFile(String expected) throws Exception {
    awaitSaved(v -> v.toJson().equals(expected));
    return Files.exists(positionFile) ? saved() : null;
  }

  /** @return whether the position file came to hold a position that matches, within WAIT */
  private boolean awaitSaved(Predicate<VGtid> match) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(positionFile) && match.test(VGtid.fromJson(saved()))) {
        return true;
      }
      LockSupport.parkNanos(10_000_000); // poll the file; the deadline bounds the wait
    }
    return false;
  }
}
