package io.planetscale.cdc.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.planetscale.cdc.SerializedCursor;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.examples.airbyte.AirbyteSource;
import io.planetscale.cdc.examples.cli.Json;
import io.planetscale.cdc.examples.singer.SingerTap;
import io.planetscale.cdc.examples.stream.ChangeStreamCli;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad command-line input, measured: one row per bad argument or input file of the Airbyte source,
 * the Singer tap and the change-stream command line. Each run (in this JVM, against a two-shard
 * {@link FakePlanetScale} when it gets that far) must exit 1 with exactly one stderr line that names
 * what is wrong, print no data (Airbyte: only its LOG and TRACE errors, and {@code check}'s FAILED
 * status), and write no file: the tap always gets {@code --state-output}, which must not appear, and
 * the input directory must hold the same files afterwards.
 */
class CliBadInputTest {
  private static FakePlanetScale fake;
  private static String previousProvider;

  @TempDir
  Path dir;

  enum Cli {
    AIRBYTE("airbyte-source: "), SINGER("PlanetScale Tap : ERROR : "), STREAM("change-stream: ");

    final String prefix;

    Cli(String prefix) {
      this.prefix = prefix;
    }

    int run(String[] args, PrintStream out, PrintStream err) {
      switch (this) {
        case AIRBYTE: return AirbyteSource.run(args, out, err);
        case SINGER: return SingerTap.run(args, out, err);
        default: return ChangeStreamCli.run(args, out, err);
      }
    }
  }

  /** One row: the command line (built from the input files) and the words its one error line must contain. */
  record Case(String name, Cli cli, Function<Inputs, List<String>> args, List<String> names) {
    @Override
    public String toString() {
      return cli.name().toLowerCase() + ": " + name;
    }
  }

  private static Case row(Cli cli, String name, Function<Inputs, List<String>> args, String... names) {
    return new Case(name, cli, args, List.of(names));
  }

  private static final String ORDERS_AIRBYTE = "{\"streams\":[{\"stream\":{\"name\":\"orders\",\"namespace\":\"shop\","
      + "\"json_schema\":{},\"supported_sync_modes\":[\"incremental\"]},\"sync_mode\":\"incremental\","
      + "\"destination_sync_mode\":\"append\"}]}";
  private static final String ORDERS_SINGER = "{\"streams\":[{\"stream\":\"orders\",\"tap_stream_id\":\"shop:orders\","
      + "\"table-name\":\"orders\",\"schema\":{\"type\":[\"null\",\"object\"],\"properties\":{\"id\":{\"type\":"
      + "[\"null\",\"integer\"]}}},\"metadata\":[{\"metadata\":{\"selected\":true,\"breadcrumb\":[]}}],"
      + "\"key_properties\":[\"id\"]}]}";
  private static final String CURSOR_80 = SerializedCursor.of(TableCursor.of("80-", "shop", "")).cursor();

  static Stream<Case> cases() {
    Cli a = Cli.AIRBYTE;
    Cli s = Cli.SINGER;
    Cli c = Cli.STREAM;
    return Stream.of(
        // Airbyte source
        row(a, "no command", in -> List.of(), "no command given; usage: airbyte-source"),
        row(a, "unknown command", in -> List.of("sync"), "unknown command \"sync\""),
        row(a, "unknown option", in -> List.of("read", "--verbose"), "unknown option --verbose"),
        row(a, "option without its value", in -> List.of("check", "--config"), "--config needs a value"),
        row(a, "read without --config", in -> List.of("read", "--catalog", in.file("c.json", ORDERS_AIRBYTE)),
            "please give the config file with --config <path>"),
        row(a, "check with a missing config file", in -> List.of("check", "--config", in.path("nope.json")),
            "config file", "nope.json does not exist"),
        row(a, "discover with invalid config JSON", in -> List.of("discover", "--config", in.file("c.json", "{\"host\" 1}")),
            "c.json is invalid: config: invalid JSON at line 1, column 9"),
        row(a, "config with a zero timeout", in -> List.of("discover", "--config", in.config(",\"timeout_seconds\":0")),
            "timeout_seconds must be positive, was 0"),
        row(a, "regression: config number out of range", in -> List.of("check", "--config",
            in.config(",\"max_retries\":1e99999999999")), "config: invalid JSON at line 1", "number out of range"),
        row(a, "check with an unknown transport", in -> List.of("check", "--config", in.config(",\"transport\":\"grpc\"")),
            "config.json is invalid: transport: unknown transport \"grpc\"; use \"vstream\" or \"psdbconnect\""),
        row(a, "discover with a transport of the wrong type", in -> List.of("discover", "--config",
            in.config(",\"transport\":1")), "config.json is invalid: transport: expected \"vstream\" or \"psdbconnect\", got 1"),
        row(a, "read with an unknown transport", in -> List.of("read", "--config", in.config(",\"transport\":\"VStream2\""),
            "--catalog", in.file("c.json", ORDERS_AIRBYTE)), "config.json is invalid: transport: unknown transport \"VStream2\""),
        row(a, "read without --catalog", in -> List.of("read", "--config", in.config("")),
            "please give the catalog file with --catalog <path>"),
        row(a, "catalog with an unknown sync mode", in -> List.of("read", "--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_AIRBYTE.replace("\"sync_mode\":\"incremental\"", "\"sync_mode\":\"cdc\""))),
            "streams[0].sync_mode must be \"full_refresh\" or \"incremental\", was \"cdc\""),
        row(a, "catalog of a table the database lacks", in -> List.of("read", "--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_AIRBYTE.replace("\"orders\"", "\"invoices\""))),
            "stream \"invoices\" is not a table of database \"shop\""),
        row(a, "state cursor not Base64", in -> List.of("read", "--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_AIRBYTE), "--state", in.file("s.json", "{\"streams\":{\"shop:orders\":{\"shards\":"
            + "{\"80-\":{\"cursor\":\"not base64!\"}}}}}")),
            "s.json is invalid", "stream \"shop:orders\" shard \"80-\": unable to decode table cursor"),
        row(a, "state of the wrong shape", in -> List.of("read", "--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_AIRBYTE), "--state", in.file("s.json", "{\"bookmarks\":{}}")),
            "s.json is invalid: state: expected {\"streams\""),
        row(a, "state file a directory", in -> List.of("read", "--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_AIRBYTE), "--state", in.dir("state-dir")), "state file", "state-dir cannot be read"),
        row(a, "shard the keyspace lacks", in -> List.of("read", "--config", in.config(",\"shards\":\"-40\""),
            "--catalog", in.file("c.json", ORDERS_AIRBYTE)), "shard \"-40\" does not exist"),
        row(a, "state cursor of another shard", in -> List.of("read", "--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_AIRBYTE), "--state", in.file("s.json", "{\"streams\":{\"shop:orders\":{\"shards\":"
            + "{\"-80\":{\"cursor\":\"" + CURSOR_80 + "\"}}}}}")),
            "stream \"orders\" shard \"-80\" holds a cursor for shard \"80-\""),
        // Singer tap
        row(s, "no --config", in -> List.of("--catalog", in.file("c.json", ORDERS_SINGER)), 
            "Please specify path to a valid configuration file with the --config flag"),
        row(s, "unexpected argument", in -> List.of("sync", "--config", in.config("")), "unexpected argument \"sync\""),
        row(s, "replica and rdonly together", in -> List.of("--config", in.config(""), "--use-replica", "--use-rdonly"),
            "Only one of use-replica, use-rdonly can be specified"),
        row(s, "switch with a bad value", in -> List.of("--discover", "--config", in.config(""), "--incremental=maybe"),
            "--incremental must be true or false, was \"maybe\""),
        row(s, "missing config file", in -> List.of("--config", in.path("nope.json"), "--catalog", "c.json"),
            "config file", "nope.json does not exist"),
        row(s, "regression: config host port out of range", in -> List.of("--discover", "--config",
            in.file("c.json", "{\"host\":\"h:70000\",\"database\":\"shop\"}")),
            "c.json is invalid: host: the port in \"h:70000\" must be between 1 and 65535"),
        row(s, "config database missing", in -> List.of("--discover", "--config", in.file("c.json", "{\"host\":\"h\"}")),
            "c.json is invalid: config: database: is required"),
        row(s, "discover with an unknown transport", in -> List.of("--discover", "--config",
            in.config(",\"transport\":\"grpc\"")), "config.json is invalid: transport: unknown transport \"grpc\""),
        row(s, "sync with an empty transport", in -> List.of("--config", in.config(",\"transport\":\"\""), "--catalog",
            in.file("c.json", ORDERS_SINGER)), "config.json is invalid: transport: unknown transport \"\""),
        row(s, "no --catalog", in -> List.of("--config", in.config("")),
            "Please specify path to a valid catalog file with the --catalog flag"),
        row(s, "invalid catalog JSON", in -> List.of("--config", in.config(""), "--catalog", in.file("c.json", "{\"streams\":[")),
            "c.json is invalid: catalog: invalid JSON at line 1, column 13"),
        row(s, "catalog selecting nothing", in -> List.of("--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_SINGER.replace("\"selected\":true", "\"selected\":false"))), "c.json selects no stream"),
        row(s, "catalog stream without table metadata", in -> List.of("--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_SINGER.replace("\"breadcrumb\":[]", "\"breadcrumb\":[\"properties\",\"id\"]"))),
            "c.json is invalid: stream \"orders\": unable to find table metadata"),
        row(s, "catalog key property a number", in -> List.of("--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_SINGER.replace("[\"id\"]}]}", "[1]}]}"))),
            "c.json is invalid: catalog: streams[0].key_properties[0]: expected a string, got 1"),
        row(s, "state cursor not Base64", in -> List.of("--config", in.config(""), "--catalog", in.file("c.json", ORDERS_SINGER),
            "--state", in.file("s.json", "{\"bookmarks\":{\"orders\":{\"shards\":{\"80-\":{\"cursor\":\"%%\"}}}}}")),
            "s.json is invalid: stream \"orders\" shard \"80-\": unable to decode table cursor"),
        row(s, "state bookmarks an array", in -> List.of("--config", in.config(""), "--catalog", in.file("c.json", ORDERS_SINGER),
            "--state", in.file("s.json", "{\"bookmarks\":[]}")), "s.json is invalid: state: bookmarks: expected an object"),
        row(s, "regression: state number out of range", in -> List.of("--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_SINGER), "--state", in.file("s.json", "{\"bookmarks\":{},\"n\":1E2147483649}")),
            "s.json is invalid: state: invalid JSON at line 1, column 21: number out of range"),
        row(s, "shard the keyspace lacks", in -> List.of("--config", in.config(",\"shards\":\"-40\""), "--catalog",
            in.file("c.json", ORDERS_SINGER)), "shard \"-40\" does not exist"),
        row(s, "regression: state cursor of another shard", in -> List.of("--config", in.config(""), "--catalog",
            in.file("c.json", ORDERS_SINGER.replace("\"selected\":true", "\"selected\":true,"
                + "\"replication-method\":\"INCREMENTAL\"")), "--state", in.file("s.json", "{\"bookmarks\":{\"orders\":{\"shards\":"
            + "{\"-80\":{\"cursor\":\"" + CURSOR_80 + "\"}}}}}")),
            "s.json is invalid: state of stream \"orders\" shard \"-80\" holds a cursor for shard \"80-\""),
        // change-stream
        row(c, "no --config", in -> List.of("--table", "orders"), "please give the config file with --config <path>"),
        row(c, "no --table", in -> List.of("--config", in.config("")), "please name the table with --table <table>"),
        row(c, "unknown option", in -> List.of("--colour", "red"), "unknown option --colour"),
        row(c, "unexpected argument", in -> List.of("orders", "--config", in.config("")), "unexpected argument \"orders\""),
        row(c, "duration not a duration", in -> List.of("--config", in.config(""), "--table", "orders", "--duration", "soon"),
            "--duration must be a positive duration such as 30s", "was \"soon\""),
        row(c, "zero duration", in -> List.of("--config", in.config(""), "--table", "orders", "--duration", "0s"),
            "--duration must be a positive duration", "was \"0s\""),
        row(c, "config of a wrong type", in -> List.of("--config", in.file("c.json", "[1]"), "--table", "orders"),
            "c.json is invalid: config: expected an object, got an array"),
        row(c, "unknown transport", in -> List.of("--config", in.config(",\"transport\":\"grpc\""), "--table", "orders",
            "--duration", "1s"), "config.json is invalid: transport: unknown transport \"grpc\"; use \"vstream\""),
        row(c, "table the database lacks", in -> List.of("--config", in.config(""), "--table", "nope", "--duration", "1s"),
            "table \"nope\" does not exist in shop; its tables: orders"),
        row(c, "blank shard", in -> List.of("--config", in.config(""), "--table", "orders", "--shard", " "),
            "shard must not be blank"),
        row(c, "regression: stop position not a GTID set", in -> List.of("--config", in.config(""), "--table", "orders",
            "--shard", "-80", "--stop-at", "MariaDB/0-1-2"), "stopAt needs a GTID position", "MariaDB/0-1-2"),
        row(c, "regression: shard the keyspace lacks", in -> List.of("--config", in.config(""), "--table", "orders",
            "--shard", "40-", "--duration", "5s"), "shard \"40-\"", "does not exist"),
        // change-stream --keyspace
        row(c, "keyspace and table", in -> List.of("--keyspace", "--table", "orders", "--config", in.config("")),
            "--keyspace and --table are exclusive"),
        row(c, "keyspace with a state file", in -> List.of("--keyspace", "--config", in.config(""), "--state",
            in.path("s.json")), "--state is for --table, not --keyspace", "--position-file"),
        row(c, "position file without keyspace", in -> List.of("--config", in.config(""), "--table", "orders",
            "--position-file", in.path("p.json")), "--position-file needs --keyspace"),
        row(c, "position file not JSON", in -> List.of("--keyspace", "--config", in.config(""), "--position-file",
            in.file("p.json", "{\"v\":1,")), "position file", "p.json is invalid: ", "invalid JSON"),
        row(c, "position file of another version", in -> List.of("--keyspace", "--config", in.config(""),
            "--position-file", in.file("p.json", "{\"v\":2,\"shard_gtids\":[]}")),
            "p.json is invalid: ", "unknown format version 2"),
        row(c, "position file of another keyspace", in -> List.of("--keyspace", "--config", in.config(""),
            "--position-file", in.file("p.json", "{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"elsewhere\","
                + "\"shard\":\"-80\",\"gtid\":\"current\"}]}")),
            "p.json is a position of keyspace \"elsewhere\", but the config's database is \"shop\""),
        row(c, "position file of other shards", in -> List.of("--keyspace", "--config", in.config(""), "--shard", "-80",
            "--position-file", in.file("p.json", "{\"v\":1,\"shard_gtids\":[{\"keyspace\":\"shop\","
                + "\"shard\":\"80-\",\"gtid\":\"current\"}]}")), "p.json holds shards [80-]", "--shard names [-80]"),
        row(c, "tables the database lacks", in -> List.of("--keyspace", "--config", in.config(""), "--tables",
            "orders,nope"), "table \"nope\" does not exist in shop; its tables: orders"),
        row(c, "blank table in --tables", in -> List.of("--keyspace", "--config", in.config(""), "--tables",
            "orders,"), "--tables takes table names separated by commas, was \"orders,\""),
        row(c, "max transaction records zero", in -> List.of("--keyspace", "--config", in.config(""),
            "--max-transaction-records", "0"), "--max-transaction-records must be a whole number of at least 1",
            "was \"0\""),
        row(c, "keyspace over psdbconnect", in -> List.of("--keyspace", "--config",
            in.config(",\"transport\":\"psdbconnect\"")), "--keyspace reads over VStream", "\"psdbconnect\""),
        row(c, "keyspace on a shard the keyspace lacks", in -> List.of("--keyspace", "--config", in.config(""),
            "--shard", "40-", "--start-at-current", "--duration", "5s"), "shard \"40-\" does not exist in keyspace \"shop\""));
  }

  @BeforeAll
  static void startFake() {
    fake = FakePlanetScale.builder().keyspace("shop").shards("-80", "80-").build().start();
    fake.createTable(TableSpec.builder("orders").column("id", "bigint").primaryKey("id").build());
    fake.insert("orders", Map.of("id", 1));
    // Discovery in this JVM goes to the fake, as CliProcess arranges for a child JVM.
    previousProvider = System.setProperty(MysqlAccessProvider.PROPERTY,
        "io.planetscale.cdc.testkit.FakeMysqlAccessProvider");
  }

  @AfterAll
  static void stopFake() {
    if (previousProvider == null) {
      System.clearProperty(MysqlAccessProvider.PROPERTY);
    } else {
      System.setProperty(MysqlAccessProvider.PROPERTY, previousProvider);
    }
    fake.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputExitsOneWithOneLineNamingItAndWritesNothing(Case c) throws IOException {
    Inputs in = new Inputs(dir);
    List<String> args = new ArrayList<>(c.args().apply(in));
    Path stateOutput = dir.resolve("out").resolve("state.json");
    if (c.cli() == Cli.SINGER) {
      args.add("--state-output");
      args.add(stateOutput.toString());
    }
    List<Path> before = files();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> c.cli().run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    String stdout = out.toString(StandardCharsets.UTF_8);
    String stderr = err.toString(StandardCharsets.UTF_8);

    assertThat(code).as("exit code; stderr: %s", stderr).isEqualTo(1);
    assertThat(stderr.lines().toList()).as("stderr").singleElement().asString()
        .startsWith(c.cli().prefix).contains(c.names()).doesNotContain("Exception");
    if (c.cli() == Cli.AIRBYTE) {
      assertThat(stdout.lines().map(CliBadInputTest::airbyteType)).as("stdout: %s", stdout)
          .contains("TRACE").allMatch(t -> t.equals("LOG") || t.equals("TRACE") || t.equals("CONNECTION_STATUS"));
    } else {
      assertThat(stdout).as("stdout").isEmpty();
    }
    assertThat(stateOutput).doesNotExist();
    assertThat(files()).as("files after the run").isEqualTo(before);
  }

  private static String airbyteType(String line) {
    Object type = Json.object("line", Json.parse("stdout", line)).get("type");
    return String.valueOf(type);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.sorted().collect(Collectors.toList());
    }
  }

  /** Writes the input files of a row into the test's directory. */
  static final class Inputs {
    private final Path dir;

    Inputs(Path dir) {
      this.dir = dir;
    }

    String path(String name) {
      return dir.resolve(name).toString();
    }

    String file(String name, String content) {
      try {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String dir(String name) {
      try {
        return Files.createDirectories(dir.resolve(name)).toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The fake's config, with extra members (starting with a comma) before the closing brace. */
    String config(String extra) {
      String json = fake.source().toJson();
      return file("config.json", json.substring(0, json.length() - 1) + extra + "}");
    }
  }
}
