package io.planetscale.cdc.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.planetscale.cdc.ConfigurationException;
import io.planetscale.cdc.DiscoverSettings;
import io.planetscale.cdc.PlanetScaleCdc;
import io.planetscale.cdc.PlanetScaleSource;
import io.planetscale.cdc.Record;
import io.planetscale.cdc.Stream;
import io.planetscale.cdc.TableCursor;
import io.planetscale.cdc.grpc.BinlogRowImage;
import io.planetscale.cdc.grpc.ChangeListener;
import io.planetscale.cdc.grpc.ChangeStream;
import io.planetscale.cdc.grpc.PlanetScaleClient;
import io.planetscale.cdc.grpc.Transport;
import io.planetscale.cdc.spi.MysqlAccessProvider;
import io.planetscale.cdc.testkit.FakePlanetScale;
import io.planetscale.cdc.testkit.TableSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The config file's {@code "transport"} and {@code "binlog_row_image"}: parsed with clear errors, and
 * passed to the client and the change stream the command lines build. Which protocol they speak is observed on the wire: a
 * {@link ProbeServer} records the gRPC method each one calls (and refuses it), so the test needs no
 * server of either protocol.
 */
class SourceConfigTest {
  private static final String VSTREAM = "vtgateservice.Vitess/VStream";
  private static final String SYNC = "psdbconnect.v1alpha1.Connect/Sync";
  private static final String BASE = "{\"host\":\"aws.connect.psdb.cloud\",\"database\":\"shop\",\"username\":\"u\","
      + "\"password\":\"p\"";

  @TempDir
  Path dir;

  private ProbeServer probe;
  private String previousProvider;

  @BeforeEach
  void startProbe() {
    probe = new ProbeServer();
    // Discovery, which a client opens but these tests never reach, is the testkit's (no MySQL driver).
    previousProvider = System.setProperty(MysqlAccessProvider.PROPERTY,
        "io.planetscale.cdc.testkit.FakeMysqlAccessProvider");
  }

  @AfterEach
  void stopProbe() throws InterruptedException {
    if (previousProvider == null) {
      System.clearProperty(MysqlAccessProvider.PROPERTY);
    } else {
      System.setProperty(MysqlAccessProvider.PROPERTY, previousProvider);
    }
    probe.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"", ",\"transport\":null"})
  void withoutATransportTheSourceIsReadAndTheTransportLeftToTheSdk(String extra) {
    SourceConfig config = SourceConfig.parse(BASE + extra + "}");

    assertThat(config.transport()).isEmpty();
    assertThat(config.source()).isEqualTo(PlanetScaleSource.fromJson(BASE + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"vstream, VSTREAM", "psdbconnect, PSDBCONNECT", "VStream, VSTREAM", "' PSDBConnect ', PSDBCONNECT"})
  void eitherTransportIsReadIgnoringCase(String value, Transport expected) {
    SourceConfig config = SourceConfig.parse(BASE + ",\"transport\":\"" + value + "\"}");

    assertThat(config.transport()).contains(expected);
    assertThat(config.source().database()).isEqualTo("shop");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "\"grpc\"         | transport: unknown transport \"grpc\"; use \"vstream\" or \"psdbconnect\"",
      "\"\"             | transport: unknown transport \"\"",
      "\"v stream\"     | transport: unknown transport \"v stream\"",
      "5                | transport: expected \"vstream\" or \"psdbconnect\", got 5",
      "true             | transport: expected \"vstream\" or \"psdbconnect\", got true",
      "[\"vstream\"]    | transport: expected \"vstream\" or \"psdbconnect\", got [\"vstream\"]"})
  void aBadTransportIsAnErrorNamingTheKeyAndTheValue(String json, String message) {
    assertThatThrownBy(() -> SourceConfig.parse(BASE + ",\"transport\":" + json + "}"))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(message).hasMessageNotContaining("\"p\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "                                | FULL",
      ",\"binlog_row_image\":null       | FULL",
      ",\"binlog_row_image\":\"full\"   | FULL",
      ",\"binlog_row_image\":\"NOBLOB\" | NOBLOB",
      ",\"binlog_row_image\":\" minimal \" | MINIMAL"})
  void theBinlogRowImageIsReadIgnoringCaseAndDefaultsToFull(String extra, BinlogRowImage expected) {
    SourceConfig config = SourceConfig.parse(BASE + (extra == null ? "" : extra) + "}");

    assertThat(config.binlogRowImage()).isEqualTo(expected);
    assertThat(config.connectOptions().binlogRowImage()).isEqualTo(expected);
    assertThat(config.source().database()).isEqualTo("shop");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "\"compact\" | binlog_row_image: unknown binlog row image \"compact\"; use \"full\", \"noblob\" or \"minimal\"",
      "\"\"        | binlog_row_image: unknown binlog row image \"\"",
      "1           | binlog_row_image: expected \"full\", \"noblob\" or \"minimal\", got 1",
      "[\"full\"]  | binlog_row_image: expected \"full\", \"noblob\" or \"minimal\", got [\"full\"]"})
  void aBadBinlogRowImageIsAnErrorNamingTheKeyAndTheValue(String json, String message) {
    assertThatThrownBy(() -> SourceConfig.parse(BASE + ",\"binlog_row_image\":" + json + "}"))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith(message).hasMessageNotContaining("\"p\"");
  }

  @Test
  void otherConfigErrorsAreReportedAsBefore() {
    assertThatThrownBy(() -> SourceConfig.parse("{\"host\":\"h\",\"transport\":\"grpc\"}"))
        .isInstanceOf(ConfigurationException.class).hasMessage(messageOf(() -> PlanetScaleSource.fromJson(
            "{\"host\":\"h\",\"transport\":\"grpc\"}")));
    assertThatThrownBy(() -> SourceConfig.parse("{\"host\" 1}")).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("config: invalid JSON at line 1, column 9");
  }

  @Test
  void readNamesTheFileTheKeyAndTheValue() throws IOException {
    Path file = Files.writeString(dir.resolve("source.json"), BASE + ",\"transport\":\"http3\"}");

    assertThatThrownBy(() -> SourceConfig.read(file.toString(), "--config")).isInstanceOf(CliException.class)
        .hasMessage("config file " + file + " is invalid: transport: unknown transport \"http3\"; use \"vstream\""
            + " or \"psdbconnect\"");
    assertThat(SourceConfig.read(Files.writeString(dir.resolve("ok.json"), BASE + ",\"transport\":\"vstream\"}")
        .toString(), "--config").transport()).contains(Transport.VSTREAM);
  }

  @Test
  void ofTakesTheTransportFromElsewhereAndNamesItsOriginInErrors() {
    PlanetScaleSource source = probe.source();

    assertThat(SourceConfig.of(source, null, "PLANETSCALE_TRANSPORT").transport()).isEmpty();
    assertThat(SourceConfig.of(source, " ", "PLANETSCALE_TRANSPORT").transport()).isEmpty();
    assertThat(SourceConfig.of(source, "VSTREAM", "PLANETSCALE_TRANSPORT").transport()).contains(Transport.VSTREAM);
    assertThat(SourceConfig.of(source, "psdbconnect", "PLANETSCALE_TRANSPORT").source()).isSameAs(source);
    assertThatThrownBy(() -> SourceConfig.of(source, "grpc", "PLANETSCALE_TRANSPORT"))
        .hasMessageStartingWith("PLANETSCALE_TRANSPORT: unknown transport \"grpc\"");
  }

  @ParameterizedTest(name = "{0} calls {1}")
  @CsvSource({"vstream, " + VSTREAM, "psdbconnect, " + SYNC})
  void theClientSpeaksTheConfiguredTransport(String transport, String method) {
    SourceConfig config = SourceConfig.parse(withTransport(probe.source(), transport));

    assertThat(methodsOf(this::checkWith, config)).isNotEmpty().containsOnly(method);
  }

  @Test
  void withoutATransportTheClientSpeaksTheSdkDefault() {
    List<String> sdkDefault = methodsOf(c -> checkWith(PlanetScaleClient.create(c.source())),
        SourceConfig.parse(probe.source().toJson()));
    List<String> cli = methodsOf(this::checkWith, SourceConfig.parse(probe.source().toJson()));

    assertThat(sdkDefault).isNotEmpty().containsOnly(sdkDefault.get(0)).isSubsetOf(VSTREAM, SYNC);
    assertThat(cli).isNotEmpty().containsOnly(sdkDefault.get(0));
  }

  @ParameterizedTest(name = "{0} calls {1}")
  @CsvSource({"vstream, " + VSTREAM, "psdbconnect, " + SYNC})
  void theChangeStreamSpeaksTheConfiguredTransport(String transport, String method) {
    SourceConfig config = SourceConfig.parse(withTransport(probe.source(), transport));
    Stream orders = orders();

    assertThat(methodsOf(c -> runStream(c.changeStream(orders)), config)).isNotEmpty().containsOnly(method);
  }

  @Test
  void withoutATransportTheChangeStreamSpeaksTheSdkDefault() {
    Stream orders = orders();
    SourceConfig config = SourceConfig.parse(probe.source().toJson());
    List<String> sdkDefault = methodsOf(c -> runStream(ChangeStream.builder(c.source(), orders)), config);
    List<String> cli = methodsOf(c -> runStream(c.changeStream(orders)), config);

    assertThat(sdkDefault).isNotEmpty().containsOnly(sdkDefault.get(0)).isSubsetOf(VSTREAM, SYNC);
    assertThat(cli).isNotEmpty().containsOnly(sdkDefault.get(0));
  }

  /** @return the methods the probe saw while {@code use} ran (which must fail: the probe refuses every call) */
  private List<String> methodsOf(Consumer<SourceConfig> use, SourceConfig config) {
    int before = probe.methods().size();
    assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30), () -> use.accept(config)))
        .hasMessageContaining("UNAUTHENTICATED");
    List<String> all = probe.methods();
    return all.subList(before, all.size());
  }

  private void checkWith(SourceConfig config) {
    checkWith(config.client());
  }

  private void checkWith(PlanetScaleClient client) {
    try (client) {
      client.check();
    }
  }

  private static void runStream(ChangeStream.Builder builder) {
    try (ChangeStream stream = builder.shard("-").startAtCurrent().build()) {
      stream.run(new ChangeListener() {
        @Override
        public void onRecord(Record record) {}

        @Override
        public void onCursor(TableCursor cursor) {}
      });
    }
  }

  /** A table {@code orders} of keyspace {@code shop}, as discovery describes it. */
  private static Stream orders() {
    try (FakePlanetScale fake = FakePlanetScale.builder().keyspace("shop").build().start()) {
      fake.createTable(TableSpec.builder("orders").column("id", "bigint").primaryKey("id").build());
      Optional<Stream> orders = PlanetScaleCdc.discover(fake.source(), fake.mysqlAccess(),
          new DiscoverSettings(true, List.of(), true, false)).stream("orders");
      return orders.orElseThrow();
    }
  }

  private static String withTransport(PlanetScaleSource source, String transport) {
    String json = source.toJson();
    return json.substring(0, json.length() - 1) + ",\"transport\":\"" + transport + "\"}";
  }

  private static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
