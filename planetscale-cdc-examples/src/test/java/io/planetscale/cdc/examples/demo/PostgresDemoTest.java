package io.planetscale.cdc.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.planetscale.cdc.Catalog;
import io.planetscale.cdc.State;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/demo --postgres} end to end, as a user runs it, on the embedded PostgreSQL 18 it starts. */
class PostgresDemoTest {
  private static final int ROWS = 600;
  private static final Pattern STARTED = Pattern.compile("started (PostgreSQL [\\d.]+) on 127\\.0\\.0\\.1:(\\d+) in");

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("unchecked")
  void snapshotsEveryRowThenStreamsExactlyTheAppliedChangesAndStopsTheServer() throws Exception {
    CliProcess.Result r = CliProcess.run(Demo.class, dir, Map.of(), "--postgres", "--rows", String.valueOf(ROWS),
        "--out", "out");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    DemoData data = new DemoData(ROWS);
    assertThat(r.stdout()).contains("check passed: the full sync delivered all 600 rows, the incremental sync exactly"
        + " the 54 applied changes")
        .containsPattern("(?m)^full +customers +60 +0 +0 +\\d+ +[\\d,]+$")
        .containsPattern("(?m)^full +\\(total\\) +600 +0 +0 +\\d+ +[\\d,]+$")
        .containsPattern("(?m)^incremental +orders +10 +5 +3 +\\d+ +[\\d,]+$")
        .containsPattern("(?m)^incremental +\\(total\\) +30 +15 +9 +\\d+ +[\\d,]+$")
        .contains("wrote out/records-incremental.jsonl");
    assertThat(r.stderr()).contains("loading: 600/600 rows (100%)").contains("full sync: 600/600 (100%) records")
        .contains("applying 54 changes (inserts, updates, deletes) in 3 transactions")
        .contains("dropped the replication slot planetscale_demo").doesNotContain("Exception");

    Path out = dir.resolve("out");
    List<Map<String, Object>> full = JsonLines.read(out.resolve("records-full.jsonl"));
    assertThat(full).hasSize(ROWS).allSatisfy(l -> {
      assertThat(l).containsEntry("operation", "INSERT").containsEntry("before", null);
      assertThat((Map<String, Object>) l.get("position")).containsEntry("keyspace", "shop").containsEntry("shard", "-");
      assertThat((String) ((Map<String, Object>) l.get("position")).get("position")).startsWith("pg:");
    });
    for (TableSpec t : DemoData.tables()) {
      List<Object> ids = full.stream().filter(l -> l.get("stream").equals(t.name()))
          .map(l -> ((Map<?, ?>) l.get("data")).get("id")).collect(Collectors.toList());
      assertThat(ids).as(t.name()).hasSize(data.rowCount(t.name())).doesNotHaveDuplicates();
    }
    Map<String, Object> customer = (Map<String, Object>) full.stream()
        .filter(l -> l.get("stream").equals("customers")).findFirst().orElseThrow().get("data");
    assertThat(customer).containsKeys("email", "tier", "is_active", "score", "birth_date", "created_at",
        "updated_at", "profile", "avatar");
    assertThat(customer.get("is_active")).isInstanceOf(Boolean.class);

    List<Map<String, Object>> incremental = JsonLines.read(out.resolve("records-incremental.jsonl"));
    assertThat(DemoChanges.delivered(incremental)).isEqualTo(DemoChanges.applied(data));
    // REPLICA IDENTITY FULL: an update or delete carries the whole old row, as the snapshot read it.
    for (Map<String, Object> change : incremental) {
      if (change.get("operation").equals("INSERT")) {
        assertThat(change.get("before")).isNull();
        continue;
      }
      Object id = ((Map<?, ?>) change.get("data")).get("id");
      Map<String, Object> snapshotted = (Map<String, Object>) full.stream()
          .filter(l -> l.get("stream").equals(change.get("stream")) && ((Map<?, ?>) l.get("data")).get("id").equals(id))
          .findFirst().orElseThrow().get("data");
      assertThat((Map<String, Object>) change.get("before")).as("before of %s", change).isEqualTo(snapshotted);
    }
    Map<String, Object> update = incremental.stream().filter(l -> l.get("operation").equals("UPDATE")
        && l.get("stream").equals("orders")).findFirst().orElseThrow();
    assertThat((Map<String, Object>) update.get("data")).containsEntry("status", "shipped")
        .containsEntry("shipped_on", "2025-06-02");
    assertThat(incremental).extracting(l -> ((Map<String, Object>) l.get("position")).get("position"))
        .as("three transactions, three commit LSNs").hasSize(54).doesNotContainNull().satisfies(
            positions -> assertThat(positions.stream().distinct().count()).isEqualTo(3));

    State state = State.fromJson(Files.readString(out.resolve("state.json")));
    assertThat(state.streams()).containsOnlyKeys("customers", "orders", "order_items");
    TableCursor cursor = state.streams().get("orders").shards().get("-").toTableCursor();
    assertThat(cursor.keyspace()).isEqualTo("shop");
    assertThat(cursor.position()).matches("pg:[0-9A-F]+/[0-9A-F]+");
    Catalog catalog = Catalog.fromJson(Files.readString(out.resolve("catalog.json")));
    assertThat(catalog.streams()).extracting(s -> s.name()).containsExactlyInAnyOrder("customers", "orders",
        "order_items");

    Matcher started = STARTED.matcher(r.stderr());
    assertThat(started.find()).as(r.stderr()).isTrue();
    assertThat(started.group(1)).isEqualTo("PostgreSQL 18.6");
    String url = "jdbc:postgresql://127.0.0.1:" + started.group(2) + "/postgres?user=postgres&connectTimeout=5";
    assertThatThrownBy(() -> DriverManager.getConnection(url).close()).as("the server is stopped")
        .isInstanceOf(SQLException.class);
  }

  @Test
  void tablesIsNotAnOptionOfThePostgresDemo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Demo.run(new String[] {"--postgres", "--tables", "orders", "--out", dir.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("demo: --tables is for a real database");
    assertThat(dir).isEmptyDirectory();
  }
}
