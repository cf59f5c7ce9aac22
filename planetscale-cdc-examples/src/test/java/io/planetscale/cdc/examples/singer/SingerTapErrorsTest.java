package io.planetscale.cdc.examples.singer;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.examples.CliProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: exit code 1, one clear {@code PlanetScale Tap : ERROR :} line on stderr, nothing on
 * stdout, and no {@code --state-output} file.
 */
class SingerTapErrorsTest {
  @TempDir
  Path dir;

  private TapFixture env;
  private Path stateOutput;

  @BeforeEach
  void start() {
    env = new TapFixture(dir);
    env.insertCustomer(1, "ann", true);
    stateOutput = dir.resolve("out/state.json");
  }

  @AfterEach
  void stop() {
    env.close();
  }

  /** Runs the tap with {@code --state-output} added and checks the failure shape; returns the error. */
  private String fails(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--state-output");
    all.add(stateOutput.toString());
    CliProcess.Result r = env.tap(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(Files.exists(stateOutput)).as("no state file written").isFalse();
    List<String> errors = r.stderr().lines().filter(l -> l.startsWith("PlanetScale Tap : ERROR : ")).toList();
    assertThat(errors).as(r.stderr()).hasSize(1);
    assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("Exception:");
    return errors.get(0).substring("PlanetScale Tap : ERROR : ".length());
  }

  private Path catalog() {
    return env.discover("--auto-select");
  }

  @Test
  void missingConfigFlag() {
    assertThat(fails("--catalog", "catalog.json")).isEqualTo(SingerTap.NO_CONFIG);
  }

  @Test
  void nonexistentConfigFile() {
    Path missing = dir.resolve("nope.json");
    assertThat(fails("--config", missing.toString(), "--catalog", "catalog.json"))
        .isEqualTo("config file " + missing + " does not exist");
  }

  @Test
  void unreadableConfigFile() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("config-dir"));
    assertThat(fails("--config", directory.toString(), "--discover"))
        .startsWith("config file " + directory + " cannot be read");
  }

  @Test
  void invalidConfigJsonNamesTheFileLineAndColumn() {
    Path bad = env.write("bad-config.json", "{\n  \"host\": \"h\",\n  \"database\" \"shop\"\n}");
    String error = fails("--config", bad.toString(), "--catalog", "catalog.json");
    assertThat(error).startsWith("config file " + bad + " is invalid").contains("line 3, column");
  }

  @Test
  void invalidCatalogJsonNamesTheFileLineAndColumn() {
    Path bad = env.write("bad-catalog.json", "{\"streams\": [\n{\"stream\": }]}");
    String error = fails("--config", env.config.toString(), "--catalog", bad.toString());
    assertThat(error).startsWith("catalog file " + bad + " is invalid").contains("line 2, column");
  }

  @Test
  void missingCatalogFlagInSyncMode() {
    assertThat(fails("--config", env.config.toString())).isEqualTo(SingerTap.NO_CATALOG);
  }

  @Test
  void catalogWithNoStreams() {
    Path empty = env.write("empty.json", "{\"streams\":[]}");
    assertThat(fails("--config", env.config.toString(), "--catalog", empty.toString()))
        .isEqualTo("catalog file " + empty + " has no streams; create one with --discover");
  }

  @Test
  void catalogSelectingNothing() {
    Path unselected = env.discover();
    assertThat(fails("--config", env.config.toString(), "--catalog", unselected.toString()))
        .startsWith("catalog file " + unselected + " selects no stream");
  }

  @Test
  void corruptCursorNamesTheStreamAndShard() {
    Path state = env.write("state.json", "{\"bookmarks\":{\"customers\":{\"shards\":{"
        + "\"-80\":{\"cursor\":\"CgMtODASBHNob3A=\"},\"80-\":{\"cursor\":\"%%not base64%%\"}}}}}");
    String error = fails("--config", env.config.toString(), "--catalog", catalog().toString(),
        "--state", state.toString());
    assertThat(error).startsWith("state file " + state + " is invalid: ")
        .contains("stream \"customers\" shard \"80-\": unable to decode table cursor");
  }

  @Test
  void undecodableStateJsonNamesTheFile() {
    Path state = env.write("state.json", "{\"bookmarks\": [}");
    String error = fails("--config", env.config.toString(), "--catalog", catalog().toString(),
        "--state", state.toString());
    assertThat(error).startsWith("state file " + state + " is invalid").contains("line 1, column");
  }

  @Test
  void replicaAndRdonlyTogether() {
    assertThat(fails("--config", env.config.toString(), "--catalog", "catalog.json", "--use-replica", "--use-rdonly"))
        .isEqualTo(SingerTap.BOTH_TABLET_TYPES);
  }

  @Test
  void unknownFlag() {
    assertThat(fails("--config", env.config.toString(), "--commit")).isEqualTo("unknown option --commit");
  }

  @Test
  void aSelectedStreamWhoseTableDoesNotExistFailsBeforeAnyOutput() throws IOException {
    String discovered = Files.readString(catalog());
    assertThat(discovered).contains("\"orders\"");
    Path renamed = env.write("renamed.json", discovered.replace("\"orders\"", "\"invoices\""));
    assertThat(fails("--config", env.config.toString(), "--catalog", renamed.toString()))
        .isEqualTo("catalog: stream \"invoices\" is not a table of database \"shop\"; run discover again");
  }

  @Test
  void aShardTheKeyspaceDoesNotHave() {
    Path config = env.write("config-shards.json", env.config(",\"shards\":\"-40\""));
    assertThat(fails("--config", config.toString(), "--catalog", catalog().toString()))
        .contains("shard \"-40\" does not exist");
  }
}
