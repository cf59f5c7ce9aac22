package io.planetscale.cdc.examples.singer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parts of the command line that need no server, run in this JVM through {@link SingerTap#run}. */
class SingerTapArgsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SingerTap.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsUsageOnStdout() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: singer-tap --discover --config");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aStrayArgumentIsAnError() {
    assertThat(run("discover")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("PlanetScale Tap : ERROR : unexpected argument \"discover\"; see --help\n");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void excludedTablesAreSplitOnCommasTrimmedAndEmptyEntriesDropped() {
    assertThat(SingerTap.excludedTables(" a, b ,,c ,")).containsExactly("a", "b", "c");
    assertThat(SingerTap.excludedTables(null)).isEmpty();
  }
}
