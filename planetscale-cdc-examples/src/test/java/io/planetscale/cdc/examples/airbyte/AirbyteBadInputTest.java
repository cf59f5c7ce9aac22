package io.planetscale.cdc.examples.airbyte;

import io.planetscale.cdc.examples.cli.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input makes {@code read} exit 1 with a clear message (LOG ERROR and TRACE on stdout, one line on
 * stderr), before any RECORD or STATE. The command writes no file, so there is none to leave half-written.
 */
class AirbyteBadInputTest extends AirbyteTestBase {

  @Test
  void missingConfigFlag() {
    Run r = run("read", "--catalog", write("catalog.json", catalog("incremental")));
    assertFailed(r, "please give the config file with --config <path>");
  }

  @Test
  void nonexistentConfigFile() {
    String missing = dir.resolve("nope.json").toString();
    Run r = run("read", "--config", missing, "--catalog", write("catalog.json", catalog("incremental")));
    assertFailed(r, "config file " + missing + " does not exist");
  }

  @Test
  void unreadableConfigFile() throws Exception {
    String directory = Files.createDirectory(dir.resolve("config-dir")).toString();
    Run r = run("discover", "--config", directory);
    assertFailed(r, "config file " + directory + " cannot be read");
  }

  @Test
  void invalidJsonConfigNamesTheFileAndPosition() {
    String config = writeText("config.json", "{\n  \"host\": \"" + fake.host() + "\",\n  \"database\" \"shop\"\n}");
    Run r = run("read", "--config", config, "--catalog", write("catalog.json", catalog("incremental")));
    assertFailed(r, "config file " + config + " is invalid");
    assertThat(r.stderr()).contains("line 3, column");
  }

  @Test
  void invalidJsonCatalogNamesTheFileAndPosition() {
    String catalog = writeText("catalog.json", "{\"streams\": [\n  {\"stream\": {\"name\": \"orders\"},}\n]}");
    Run r = run("read", "--config", write("config.json", config()), "--catalog", catalog);
    assertFailed(r, "catalog file " + catalog + " is invalid: catalog: invalid JSON at line 2, column");
  }

  @Test
  void catalogWithNoStreams() {
    Run r = run("read", "--config", write("config.json", config()),
        "--catalog", write("catalog.json", Map.of("streams", List.of())));
    assertFailed(r, "Catalog has no streams");
  }

  @Test
  void catalogWithAnUnknownSyncModeOrTable() {
    Map<String, Object> badMode = catalog("incremental");
    Json.object("s", Json.array("streams", badMode.get("streams")).get(0)).put("sync_mode", "cdc");
    Run r = run("read", "--config", write("config.json", config()), "--catalog", write("c1.json", badMode));
    assertFailed(r, "streams[0].sync_mode must be \"full_refresh\" or \"incremental\", was \"cdc\"");

    Map<String, Object> unknown = catalog("incremental");
    Json.object("st", Json.object("s", Json.array("streams", unknown.get("streams")).get(0)).get("stream"))
        .put("name", "invoices");
    Run r2 = run("read", "--config", write("config.json", config()), "--catalog", write("c2.json", unknown));
    assertFailed(r2, "stream \"invoices\" is not a table of database \"shop\"");
  }

  @Test
  void corruptCursorInStateNamesStreamAndShard() {
    fake.insert("orders", order(1, "1.00"));
    Map<String, Object> state = Messages.map("streams", Messages.map("shop:orders", Messages.map("shards",
        Messages.map("-80", Messages.map("cursor", "CgMtODASBHNob3A="), "80-", Messages.map("cursor", "not base64!")))));
    String path = write("state.json", state);
    Run r = run("read", "--config", write("config.json", config()),
        "--catalog", write("catalog.json", catalog("incremental")), "--state", path);
    assertFailed(r, "state file " + path + " is invalid");
    assertThat(r.stderr()).contains("stream \"shop:orders\"").contains("shard \"80-\"")
        .contains("unable to decode table cursor");
  }

  @Test
  void aStateOfTheWrongShapeIsRejected() {
    String path = write("state.json", Map.of("bookmarks", Map.of()));
    Run r = run("read", "--config", write("config.json", config()),
        "--catalog", write("catalog.json", catalog("incremental")), "--state", path);
    assertFailed(r, "state file " + path + " is invalid: state: expected {\"streams\"");
  }

  @Test
  void aSyncFailureExitsOneWithoutAFinalState() {
    fake.insert("orders", order(1, "1.00"));
    fake.faults().rejectCredentials(true);
    Run r = run("read", "--config", write("config.json", config()),
        "--catalog", write("catalog.json", catalog("incremental")));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.logs("ERROR")).isNotEmpty();
    assertThat(r.ofType("STATE")).isEmpty();
    assertThat(r.stdout() + r.stderr()).doesNotContain(PASSWORD);
  }

  private static void assertFailed(Run r, String message) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains(message);
    assertThat(r.logs("ERROR")).singleElement().asString().contains(message);
    assertThat(r.ofType("TRACE")).hasSize(1);
    assertThat(r.ofType("RECORD")).isEmpty();
    assertThat(r.ofType("STATE")).isEmpty();
  }
}
