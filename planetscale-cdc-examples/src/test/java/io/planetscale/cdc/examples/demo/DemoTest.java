package io.planetscale.cdc.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.State;
import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end, in process and as a user runs it, with a small dataset. */
class DemoTest {
  private static final int ROWS = 3000;

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void syncsEveryRowThenExactlyTheAppliedChanges() throws Exception {
    Result r = run(Map.of(), "--rows", String.valueOf(ROWS), "--out", dir.toString());
    assertThat(r.exitCode).as(r.err).isZero();
    DemoData data = new DemoData(ROWS);

    List<Map<String, Object>> full = JsonLines.read(dir.resolve("records-full.jsonl"));
    assertThat(full).hasSize(ROWS).allSatisfy(l -> assertThat(l).containsEntry("operation", "INSERT")
        .containsEntry("before", null).containsKeys("stream", "data", "position"));
    for (TableSpec t : DemoData.tables()) {
      List<Object> ids = full.stream().filter(l -> l.get("stream").equals(t.name()))
          .map(l -> ((Map<?, ?>) l.get("data")).get("id")).collect(Collectors.toList());
      assertThat(ids).as(t.name()).hasSize(data.rowCount(t.name())).doesNotHaveDuplicates();
    }

    List<Map<String, Object>> incremental = JsonLines.read(dir.resolve("records-incremental.jsonl"));
    assertThat(DemoChanges.delivered(incremental)).isEqualTo(DemoChanges.applied(data));
    assertThat(incremental).hasSize(3 * (DemoData.INSERTS + DemoData.UPDATES + DemoData.DELETES));
    Map<String, Object> update = incremental.stream().filter(l -> l.get("operation").equals("UPDATE")
        && l.get("stream").equals("customers")).findFirst().orElseThrow();
    assertThat((Map<String, Object>) update.get("data")).containsEntry("tier", "platinum");
    assertThat((Map<String, Object>) update.get("before")).containsKey("tier").doesNotContainEntry("tier", "platinum");

    State state = State.fromJson(Files.readString(dir.resolve("state.json")));
    assertThat(state.streams()).containsOnlyKeys("customers", "orders", "order_items");
    assertThat(state.streams().get("orders").shards()).containsOnlyKeys("-80", "80-");
    Catalog catalog = Catalog.fromJson(Files.readString(dir.resolve("catalog.json")));
    assertThat(catalog.streams()).extracting(s -> s.name()).containsExactlyInAnyOrder("customers", "orders",
        "order_items");

    for (String phase : List.of("full", "incremental")) {
      for (TableSpec t : DemoData.tables()) {
        assertThat(r.out).containsPattern("(?m)^" + phase + " +" + t.name() + " ");
      }
    }
    assertThat(r.out).containsPattern("(?m)^full +customers +300 +0 +0 +\\d+ +[\\d,]+$")
        .containsPattern("(?m)^full +\\(total\\) +3,000 +0 +0 +\\d+ +[\\d,]+$")
        .containsPattern("(?m)^incremental +orders +10 +5 +3 +\\d+ +[\\d,]+$")
        .contains("check passed: the full sync delivered all 3,000 rows, the incremental sync exactly the 54"
            + " applied changes");
    assertThat(r.err).contains("loading: 3,000/3,000 rows (100%)").contains("full sync: 3,000/3,000 (100%) records")
        .contains("applying 54 changes");
  }

  @Test
  void theCheckpointsColumnCountsTheStatesTheSinkReceived() throws Exception {
    Result r = run(Map.of(), "--rows", "1000", "--out", dir.toString());
    assertThat(r.exitCode).as(r.err).isZero();
    // Two shards per stream: a state after each shard's read, plus the final one.
    assertThat(r.out).containsPattern("(?m)^full +orders +300 +0 +0 +2 +")
        .containsPattern("(?m)^full +\\(total\\) +1,000 +0 +0 +7 +")
        .containsPattern("(?m)^incremental +\\(total\\) +30 +15 +9 +7 +");
  }

  @Test
  void runsAsACommandLine() {
    CliProcess.Result r = CliProcess.run(Demo.class, dir, Map.of(), "--rows", "1000");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).contains("check passed").contains("incremental  (total)");
    assertThat(dir.resolve("planetscale-demo/records-full.jsonl")).exists();
    assertThat(dir.resolve("planetscale-demo/state.json")).exists();
    assertThat(r.stderr()).contains("full sync:").doesNotContain("Exception");
  }

  @Test
  void withThePlanetScaleVariablesItSyncsThatDatabaseReadOnly() throws Exception {
    try (FakePlanetScale db = FakePlanetScale.builder().keyspace("real").shards("-80", "80-")
        .credentials("alice", "s3cret").build().start()) {
      db.createTable(TableSpec.builder("notes").column("id", "bigint").column("body", "text").primaryKey("id").build());
      db.createTable(TableSpec.builder("skipped").column("id", "bigint").primaryKey("id").build());
      db.insert("skipped", Map.of("id", 1));
      for (int i = 1; i <= 50; i++) {
        db.insert("notes", Map.of("id", i, "body", "note " + i));
      }
      String before = db.position("-80") + " " + db.position("80-");
      Map<String, String> env = Map.of("PLANETSCALE_HOST", db.host(), "PLANETSCALE_DATABASE", "real",
          "PLANETSCALE_USERNAME", "alice", "PLANETSCALE_PASSWORD", "s3cret", "PLANETSCALE_PLAINTEXT", "true");
      CliProcess.Result r = CliProcess.run(Demo.class, dir, env, "--out", "out", "--tables", "notes");
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stderr()).contains("using the real database real on " + db.host() + " (read-only");
      assertThat(JsonLines.read(dir.resolve("out/records-full.jsonl"))).hasSize(50);
      assertThat(JsonLines.read(dir.resolve("out/records-incremental.jsonl"))).isEmpty();
      assertThat(r.stdout()).containsPattern("(?m)^full +notes +50 +0 +0 ")
          .containsPattern("(?m)^incremental +notes +0 +0 +0 ").doesNotContain("check passed");
      assertThat(db.position("-80") + " " + db.position("80-")).as("nothing written").isEqualTo(before);
      assertThat(db.rowCount("notes")).isEqualTo(50);
      assertThat(State.fromJson(Files.readString(dir.resolve("out/state.json"))).streams()).containsOnlyKeys("notes");

      r = CliProcess.run(Demo.class, dir, env, "--out", "out2", "--tables", "notes,nope");
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).contains("demo: --tables names \"nope\", which is not a table of the database; its"
          + " tables: notes, skipped");
    }
  }

  @Test
  void planetscaleTransportPicksThePsdbconnectTransport() throws Exception {
    try (FakePlanetScale db = FakePlanetScale.builder().keyspace("real").credentials("alice", "s3cret").build().start()) {
      db.createTable(TableSpec.builder("notes").column("id", "bigint").primaryKey("id").build());
      for (int i = 1; i <= 5; i++) {
        db.insert("notes", Map.of("id", i));
      }
      Map<String, String> env = Map.of("PLANETSCALE_HOST", db.host(), "PLANETSCALE_DATABASE", "real",
          "PLANETSCALE_USERNAME", "alice", "PLANETSCALE_PASSWORD", "s3cret", "PLANETSCALE_PLAINTEXT", "true",
          "PLANETSCALE_TRANSPORT", "psdbconnect");

      CliProcess.Result r = CliProcess.run(Demo.class, dir, env, "--out", "out");

      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(JsonLines.read(dir.resolve("out/records-full.jsonl"))).hasSize(5);
      assertThat(db.requests()).as("psdbconnect Sync requests").isNotEmpty();
    }
  }

  @Test
  void aBadPlanetscaleTransportIsAnErrorNamingItAndWritesNothing() {
    Map<String, String> env = Map.of("PLANETSCALE_HOST", "127.0.0.1:1", "PLANETSCALE_DATABASE", "db",
        "PLANETSCALE_USERNAME", "u", "PLANETSCALE_PASSWORD", "pscale_pw_secret", "PLANETSCALE_TRANSPORT", "grpc");

    Result r = run(env, "--out", dir.resolve("out").toString());

    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err.strip()).isEqualTo("demo: PLANETSCALE_TRANSPORT: unknown transport \"grpc\"; use \"vstream\" or"
        + " \"psdbconnect\"");
    assertThat(r.out).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void someButNotAllVariablesIsAnErrorNamingTheMissingOnes() {
    Result r = run(Map.of("PLANETSCALE_HOST", "aws.connect.psdb.cloud", "PLANETSCALE_DATABASE", "db"),
        "--out", dir.toString());
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err.strip()).isEqualTo("demo: to use a real database set all of PLANETSCALE_HOST,"
        + " PLANETSCALE_DATABASE, PLANETSCALE_USERNAME, PLANETSCALE_PASSWORD; missing: PLANETSCALE_USERNAME,"
        + " PLANETSCALE_PASSWORD");
  }

  @Test
  void badArgumentsAreClearErrors() {
    assertThat(run(Map.of(), "--rows", "many").err).startsWith("demo: --rows must be a number, was \"many\"");
    assertThat(run(Map.of(), "--rows", "10").err).startsWith("demo: --rows must be at least 300, was 10");
    Result r = run(Map.of(), "--fast");
    assertThat(r.exitCode).isEqualTo(1);
    assertThat(r.err).startsWith("demo: unknown option --fast").contains("usage: demo");
    assertThat(run(Map.of(), "--help").out).startsWith("usage: demo");
    assertThat(run(Map.of(), "--tables", "orders").err).startsWith("demo: --tables is for a real database");
  }

  private record Result(int exitCode, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Demo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
