package io.planetscale.cdc.examples.airbyte;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.testkit.postgres.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link AirbyteSource} with a Postgres config against a real PostgreSQL server (one per test class, from
 * the binaries jar a subclass names) and parses its stdout as Airbyte messages. Each test works in a schema of
 * its own, with its own slot and publication, so that the tests do not see each other's tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PostgresAirbyteTestBase {
  static final String PASSWORD = "pg-pa55word-7c1e"; // trust authentication accepts it; it must never be printed

  EmbeddedPostgres postgres;

  @TempDir
  Path dir;

  /** @return the system property naming the server's binaries jar (postgres17.binaries, postgres18.binaries) */
  abstract String binariesProperty();

  /** @return extra postgresql.conf lines of the server */
  List<String> configuration() {
    return List.of();
  }

  @BeforeAll
  void startServer() throws IOException {
    String jar = System.getProperty(binariesProperty());
    assertThat(jar).as("system property %s (set by the examples pom)", binariesProperty()).isNotBlank();
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().binariesJar(Path.of(jar));
    configuration().forEach(b::configuration);
    postgres = b.build().start();
  }

  @AfterAll
  void stopServer() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void dropSlots() throws SQLException {
    postgres.dropInactiveSlots(); // slots hold WAL
  }

  /** Runs SQL statements on database {@code postgres} as the superuser. */
  void sql(String... statements) {
    try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new AssertionError("SQL failed: " + e.getMessage(), e);
    }
  }

  /** @return a config for a schema, slot and publication, with extra replication_method keys */
  Map<String, Object> config(String schema, String slot, String publication, Object... methodKeys) {
    Map<String, Object> method = new LinkedHashMap<>();
    method.put("method", "CDC");
    method.put("replication_slot", slot);
    method.put("publication", publication);
    for (int i = 0; i < methodKeys.length; i += 2) {
      method.put((String) methodKeys[i], methodKeys[i + 1]);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("source_type", "postgres");
    c.put("host", postgres.host());
    c.put("port", postgres.port());
    c.put("database", "postgres");
    c.put("username", postgres.superuser());
    c.put("password", PASSWORD);
    c.put("schemas", List.of(schema));
    c.put("ssl_mode", Map.of("mode", "disable"));
    c.put("replication_method", method);
    return c;
  }

  /** @return a configured catalog of the tables of a schema, each in the given sync mode */
  static Map<String, Object> catalog(String schema, String syncMode, String... tables) {
    List<Object> streams = new ArrayList<>();
    for (String table : tables) {
      Map<String, Object> stream = Messages.map("name", table, "namespace", schema, "json_schema",
          Messages.map("type", "object", "properties", Map.of()));
      streams.add(Messages.map("stream", stream, "sync_mode", syncMode, "destination_sync_mode", "append_dedup"));
    }
    return Messages.map("streams", streams);
  }

  String write(String name, Object json) {
    Path p = dir.resolve(name);
    try {
      Files.writeString(p, Json.write(json), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.toString();
  }

  /** The result of a run: exit code, stdout, stderr and the parsed messages. */
  record Run(int exitCode, String stdout, String stderr, List<Map<String, Object>> messages) {
    List<Map<String, Object>> ofType(String type) {
      return messages.stream().filter(m -> type.equals(m.get("type"))).collect(Collectors.toList());
    }

    /** @return the {@code record} objects of the RECORD messages */
    List<Map<String, Object>> records() {
      return ofType("RECORD").stream().map(m -> Json.object("record", m.get("record"))).collect(Collectors.toList());
    }

    /** @return the {@code state.data} of the last STATE message */
    Map<String, Object> lastState() {
      List<Map<String, Object>> states = ofType("STATE");
      assertThat(states).as("STATE messages; stderr: %s", stderr).isNotEmpty();
      return Json.object("data", Json.object("state", states.get(states.size() - 1).get("state")).get("data"));
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

    /** @return the CONNECTION_STATUS's {@code connectionStatus} */
    Map<String, Object> connectionStatus() {
      List<Map<String, Object>> statuses = ofType("CONNECTION_STATUS");
      assertThat(statuses).as("CONNECTION_STATUS; stdout: %s", stdout).hasSize(1);
      return Json.object("connectionStatus", statuses.get(0).get("connectionStatus"));
    }
  }

  /** Runs the source in this JVM (as {@code main} would, without exiting) and checks the output's shape. */
  Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AirbyteSource.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(stdout + stderr).as("the password is never printed").doesNotContain(PASSWORD);
    List<Map<String, Object>> messages = new ArrayList<>();
    for (String line : stdout.isEmpty() ? new String[0] : stdout.split("\n")) {
      Map<String, Object> m = Json.object("stdout line " + line, Json.parse("stdout line", line));
      assertThat(m.get("type")).as("type of %s", line).isInstanceOf(String.class);
      messages.add(m);
    }
    return new Run(code, stdout, stderr, messages);
  }

  /** @return (stream, id, deleted) of every record, in order, e.g. {@code orders 2 update} */
  static List<String> changes(Run r) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> record : r.records()) {
      Map<String, Object> data = Json.object("data", record.get("data"));
      out.add(record.get("namespace") + ":" + record.get("stream") + " " + data.get("id")
          + (data.get(AirbyteCatalogs.DELETED_AT) == null ? "" : " deleted"));
    }
    return out;
  }
}
