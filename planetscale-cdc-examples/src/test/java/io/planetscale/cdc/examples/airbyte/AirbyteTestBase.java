package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.CliProcess;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link AirbyteSource} in its own JVM against a two-shard {@link FakePlanetScale} (keyspace
 * {@code shop}, table {@code orders}) and parses its stdout, line by line, as Airbyte messages.
 */
abstract class AirbyteTestBase {
  static final String KEYSPACE = "shop";
  static final String PASSWORD = "s3cret-pa55word";

  @TempDir
  Path dir;

  FakePlanetScale fake;

  /** @return the fake's shards (two by default) */
  String[] shards() {
    return new String[] {"-80", "80-"};
  }

  @BeforeEach
  void startFake() {
    fake = FakePlanetScale.builder().keyspace(KEYSPACE).shards(shards()).credentials("shop-user", PASSWORD)
        .build().start();
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").column("total", "decimal(10,2)")
        .column("note", "varchar(64)").primaryKey("id").build());
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  /** The result of a run: exit code, stderr and the parsed stdout messages. */
  record Run(int exitCode, String stdout, String stderr, List<Map<String, Object>> messages) {
    List<Map<String, Object>> ofType(String type) {
      return messages.stream().filter(m -> type.equals(m.get("type"))).collect(Collectors.toList());
    }

    /** @return the {@code record} objects of the RECORD messages */
    List<Map<String, Object>> records() {
      return ofType("RECORD").stream().map(m -> Json.object("record", m.get("record"))).collect(Collectors.toList());
    }

    /** @return the {@code data} of every RECORD */
    List<Map<String, Object>> data() {
      return records().stream().map(r -> Json.object("data", r.get("data"))).collect(Collectors.toList());
    }

    /** @return the {@code state.data} of the last STATE message */
    Map<String, Object> lastState() {
      List<Map<String, Object>> states = ofType("STATE");
      assertThat(states).as("STATE messages; stderr: %s", stderr).isNotEmpty();
      Map<String, Object> state = Json.object("state", states.get(states.size() - 1).get("state"));
      return Json.object("data", state.get("data"));
    }

    /** @return the messages of the LOG messages at a level */
    List<String> logs(String level) {
      List<String> out = new ArrayList<>();
      for (Map<String, Object> m : ofType("LOG")) {
        Map<String, Object> log = Json.object("log", m.get("log"));
        if (level.equals(log.get("level"))) {
          out.add((String) log.get("message"));
        }
      }
      return out;
    }
  }

  Run run(String... args) {
    CliProcess.Result r = CliProcess.run(AirbyteSource.class, dir, Map.of(), args);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (String line : r.lines()) {
      // Every stdout line must be one JSON object with a type: the protocol allows nothing else.
      Map<String, Object> m = Json.object("stdout line " + line, Json.parse("stdout line", line));
      assertThat(m.get("type")).as("type of %s", line).isInstanceOf(String.class);
      messages.add(m);
    }
    return new Run(r.exitCode(), r.stdout(), r.stderr(), messages);
  }

  Map<String, Object> config(Object... extra) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("host", fake.host());
    c.put("database", KEYSPACE);
    c.put("username", "shop-user");
    c.put("password", PASSWORD);
    c.put("plaintext", true);
    for (int i = 0; i < extra.length; i += 2) {
      c.put((String) extra[i], extra[i + 1]);
    }
    return c;
  }

  String write(String name, Object json) {
    return writeText(name, json instanceof String s ? s : Json.write(json));
  }

  String writeText(String name, String text) {
    Path p = dir.resolve(name);
    try {
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.toString();
  }

  /** @return a configured catalog of {@code orders} in the given sync mode */
  static Map<String, Object> catalog(String syncMode) {
    Map<String, Object> stream = Messages.map("name", "orders", "namespace", KEYSPACE, "json_schema",
        Messages.map("type", "object", "properties", Map.of()), "supported_sync_modes",
        List.of("full_refresh", "incremental"));
    return Messages.map("streams", List.of(Messages.map("stream", stream, "sync_mode", syncMode,
        "destination_sync_mode", "append_dedup")));
  }

  /** @return an Airbyte state file holding the given {@code state.data} */
  String stateFile(String name, Map<String, Object> data) {
    return write(name, data);
  }

  static Map<String, Object> order(long id, String total) {
    return Map.of("id", id, "total", new java.math.BigDecimal(total));
  }

  /** @return the ids of the records, in order */
  static List<Object> ids(Run r) {
    return r.data().stream().map(d -> d.get("id")).collect(Collectors.toList());
  }
}
