package io.planetscale.cdc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.examples.airbyte.AirbyteSource;
import io.planetscale.cdc.examples.demo.Demo;
import io.planetscale.cdc.examples.singer.SingerTap;
import io.planetscale.cdc.examples.stream.ChangeStreamCli;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command line pointed at a host that does not resolve ends with exactly one clear error line
 * on stderr and exit code 1: grpc-java's own WARNING and its stack trace (java.util.logging, printed
 * to stderr by default) never appear. The commands run in their own JVM with an empty hosts file
 * ({@code jdk.net.hosts.file}), so every name fails to resolve at once, offline and without DNS.
 */
class UnknownHostTest {
  private static final String HOST = "does-not-exist.invalid";

  @TempDir
  Path dir;

  private List<String> jvm;
  private String config;

  @BeforeEach
  void noNameResolves() throws IOException {
    Path hosts = Files.writeString(dir.resolve("hosts"), "");
    jvm = List.of("-Djdk.net.hosts.file=" + hosts);
    config = Files.writeString(dir.resolve("config.json"), "{\"host\":\"" + HOST + "\",\"database\":\"shop\","
        + "\"username\":\"shop-user\",\"password\":\"pscale_pw_Xk3vQ9zLm2Rt8WcY5nHb\",\"max_retries\":1}").toString();
  }

  @ParameterizedTest(name = "airbyte-source {0}")
  @ValueSource(strings = {"discover", "read"})
  void airbyteSourceFailsWithOneLine(String command) throws IOException {
    String catalog = Files.writeString(dir.resolve("catalog.json"), "{\"streams\":[{\"stream\":{\"name\":\"orders\","
        + "\"namespace\":\"shop\",\"json_schema\":{},\"supported_sync_modes\":[\"full_refresh\"]},"
        + "\"sync_mode\":\"full_refresh\",\"destination_sync_mode\":\"overwrite\"}]}").toString();
    String[] args = command.equals("read")
        ? new String[] {command, "--config", config, "--catalog", catalog} : new String[] {command, "--config", config};

    CliProcess.Result r = run(AirbyteSource.class, Map.of(), args);

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(oneErrorLine(r, "airbyte-source: ")).contains(HOST);
    assertThat(r.stderr().split("\n")).as(r.stderr()).hasSize(1);
  }

  /** check reports the failure as a FAILED connection status (exit 0, the Airbyte protocol) and nothing on stderr. */
  @Test
  void airbyteSourceCheckReportsFailedAndKeepsStderrEmpty() {
    CliProcess.Result r = run(AirbyteSource.class, Map.of(), "check", "--config", config);

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(r.lines()).singleElement().asString().contains("\"status\":\"FAILED\"").contains(HOST);
  }

  @Test
  void singerTapFailsWithOneLine() throws IOException {
    String catalog;
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").primaryKey("id").build());
      catalog = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
          new DiscoverSettings(true, List.of(), true, false)).toJson();
    }
    String catalogFile = Files.writeString(dir.resolve("singer-catalog.json"), catalog).toString();

    CliProcess.Result discover = run(SingerTap.class, Map.of(), "--discover", "--config", config);
    CliProcess.Result sync = run(SingerTap.class, Map.of(), "--config", config, "--catalog", catalogFile);

    for (CliProcess.Result r : List.of(discover, sync)) {
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
      assertThat(oneErrorLine(r, "PlanetScale Tap : ERROR : ")).contains(HOST);
      assertThat(r.stderr().split("\n")).as(r.stderr()).hasSize(1);
    }
  }

  @Test
  void changeStreamFailsWithOneLine() {
    CliProcess.Result r = run(ChangeStreamCli.class, Map.of(), "--config", config, "--table", "orders");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(oneErrorLine(r, "change-stream: ")).contains(HOST);
    assertThat(r.stderr().split("\n")).as(r.stderr()).hasSize(1);
  }

  @Test
  void demoWithARealDatabaseFailsWithOneLine() {
    Map<String, String> env = Map.of("PLANETSCALE_HOST", HOST, "PLANETSCALE_DATABASE", "shop",
        "PLANETSCALE_USERNAME", "shop-user", "PLANETSCALE_PASSWORD", "pscale_pw_Xk3vQ9zLm2Rt8WcY5nHb");

    CliProcess.Result r = run(Demo.class, env, "--out", "out");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(oneErrorLine(r, "demo: ")).contains(HOST);
    assertThat(r.stderr()).as(r.stderr()).startsWith("using the real database shop on " + HOST);
  }

  private CliProcess.Result run(Class<?> main, Map<String, String> env, String... args) {
    return CliProcess.run(main, dir, env, jvm, args);
  }

  /**
   * The command's documented error line is stderr's last line and its only error: no other line has
   * the prefix, and nothing is a log record or a stack trace (progress lines before it may remain).
   *
   * @return the error line
   */
  private static String oneErrorLine(CliProcess.Result r, String prefix) {
    List<String> lines = Arrays.asList(r.stderr().split("\n"));
    assertThat(lines).as(r.stderr()).filteredOn(l -> l.startsWith(prefix)).hasSize(1);
    assertThat(lines.get(lines.size() - 1)).as(r.stderr()).startsWith(prefix);
    assertThat(lines).as(r.stderr()).noneMatch(l -> l.startsWith("\tat ") || l.contains("WARNING")
        || l.contains("WARN ") || l.contains("io.grpc.") || l.startsWith("Caused by"));
    return lines.get(lines.size() - 1);
  }
}
